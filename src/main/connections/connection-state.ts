import type { AttentionItem, ConnectionState } from '../../shared/models';
import type { StoredState } from '../ports';
import { isSaneDate } from './refresh-policy';

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
  // A date out of range is shown as missing, never thrown: one bad record must not break the list.
  const iso = (ms: number) => (isSaneDate(ms) ? new Date(ms).toISOString() : undefined);

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
    attention.push(withAt({ kind: 'refresh_token_expiring' }, iso(inputs.refreshTokenExpiresAt)));
  }
  if (inputs.lastRefreshFailed && inputs.stored !== 'needs_reauthorization')
    attention.push({ kind: 'refresh_failed' });
  const accessExpired = inputs.accessTokenExpiresAt !== undefined && inputs.accessTokenExpiresAt <= now;
  if (accessExpired && !inputs.canRenew && inputs.stored === 'connected') {
    attention.push(withAt({ kind: 'access_token_expired' }, iso(inputs.accessTokenExpiresAt!)));
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

function withAt(item: AttentionItem, at: string | undefined): AttentionItem {
  return at === undefined ? item : { ...item, at };
}
