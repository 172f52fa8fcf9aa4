import type { AttentionItem, ConnectionState } from '../../shared/models';

/** What is stored about a connection's health; `connected` is refined by time below. */
export type StoredState = 'connected' | 'needs_reauthorization' | 'failed' | 'disconnected';

export interface StateInputs {
  stored: StoredState;
  refreshing: boolean;
  lastRefreshFailed: boolean;
  accessTokenExpiresAt?: number;
  refreshTokenExpiresAt?: number;
  /** A refresh token, client credentials, or a password kept for unattended renewal. */
  canRenew: boolean;
}

export interface StateOptions {
  now: number;
  refreshLeadMs: number;
  refreshTokenWarningMs: number;
}

/**
 * The state a person sees, and what needs their attention first. A connection whose access token
 * runs out with no way to renew it, or whose refresh token is about to lapse, is "expiring soon".
 */
export function deriveState(
  inputs: StateInputs,
  options: StateOptions,
): { state: ConnectionState; attention: AttentionItem[] } {
  const attention: AttentionItem[] = [];
  const { now } = options;
  const iso = (ms: number) => new Date(ms).toISOString();

  if (inputs.stored === 'needs_reauthorization') attention.push({ kind: 'needs_reauthorization' });
  const refreshLapsing =
    inputs.canRenew &&
    inputs.refreshTokenExpiresAt !== undefined &&
    inputs.refreshTokenExpiresAt - now < options.refreshTokenWarningMs;
  if (
    refreshLapsing &&
    inputs.refreshTokenExpiresAt !== undefined &&
    inputs.stored !== 'needs_reauthorization'
  ) {
    attention.push({ kind: 'refresh_token_expiring', at: iso(inputs.refreshTokenExpiresAt) });
  }
  if (inputs.lastRefreshFailed && inputs.stored !== 'needs_reauthorization')
    attention.push({ kind: 'refresh_failed' });
  const accessExpired = inputs.accessTokenExpiresAt !== undefined && inputs.accessTokenExpiresAt <= now;
  if (accessExpired && !inputs.canRenew && inputs.stored === 'connected') {
    attention.push({ kind: 'access_token_expired', at: iso(inputs.accessTokenExpiresAt!) });
  }

  let state: ConnectionState;
  if (inputs.stored !== 'connected') state = inputs.stored;
  else if (inputs.refreshing) state = 'refreshing';
  else if (accessExpired && !inputs.canRenew) state = 'needs_reauthorization';
  else if (
    refreshLapsing ||
    (!inputs.canRenew &&
      inputs.accessTokenExpiresAt !== undefined &&
      inputs.accessTokenExpiresAt - now < options.refreshLeadMs)
  ) {
    state = 'expiring_soon';
  } else state = 'connected';
  return { state, attention };
}
