import { describe, expect, it } from 'vitest';
import { deriveState, type StateInputs } from '../../../src/main/connections/connection-state';

// The state a shop manager sees, from the stored state and the token dates (more cases in
// refresh-policy.test.ts).
const HOUR = 3600_000;
const NOW = Date.UTC(2026, 10, 27, 12);
const options = { now: NOW, refreshLeadMs: 5 * 60_000, refreshTokenWarningMs: 24 * HOUR };
const base: StateInputs = {
  stored: 'connected',
  refreshing: false,
  lastRefreshFailed: false,
  canRenew: true,
};
const iso = (ms: number) => new Date(ms).toISOString();

describe('deriveState', () => {
  it('warns of a lapsing refresh token with its date, strictly inside the warning window', () => {
    const inside = deriveState({ ...base, refreshTokenExpiresAt: NOW + 24 * HOUR - 1 }, options);
    expect(inside).toEqual({
      state: 'expiring_soon',
      attention: [{ kind: 'refresh_token_expiring', at: iso(NOW + 24 * HOUR - 1) }],
    });
    expect(deriveState({ ...base, refreshTokenExpiresAt: NOW + 24 * HOUR }, options)).toEqual({
      state: 'connected',
      attention: [],
    });
  });

  it('does not warn of a refresh token lapsing on a connection that cannot renew anyway', () => {
    const result = deriveState(
      { ...base, canRenew: false, accessTokenExpiresAt: NOW + HOUR, refreshTokenExpiresAt: NOW + HOUR },
      options,
    );
    expect(result).toEqual({ state: 'connected', attention: [] });
  });

  it('says a renewal failed, unless the connection already needs reconnecting', () => {
    expect(deriveState({ ...base, lastRefreshFailed: true }, options)).toEqual({
      state: 'connected',
      attention: [{ kind: 'refresh_failed' }],
    });
    expect(
      deriveState(
        { ...base, stored: 'needs_reauthorization', lastRefreshFailed: true, refreshTokenExpiresAt: NOW + 1 },
        options,
      ).attention,
    ).toEqual([{ kind: 'needs_reauthorization' }]);
  });

  it('an access token that ran out at this very moment, with no way to renew: reconnect, with its date', () => {
    expect(deriveState({ ...base, canRenew: false, accessTokenExpiresAt: NOW }, options)).toEqual({
      state: 'needs_reauthorization',
      attention: [{ kind: 'access_token_expired', at: iso(NOW) }],
    });
  });

  it('an expired access token is no concern when the connection renews itself', () => {
    expect(deriveState({ ...base, accessTokenExpiresAt: NOW - 1 }, options)).toEqual({
      state: 'connected',
      attention: [],
    });
  });

  it('shows a failed connection as failed, even with an expired token it cannot renew', () => {
    expect(
      deriveState({ ...base, stored: 'failed', canRenew: false, accessTokenExpiresAt: NOW - 1 }, options),
    ).toEqual({ state: 'failed', attention: [] });
  });

  it('shows a refresh in progress', () => {
    expect(deriveState({ ...base, refreshing: true }, options).state).toBe('refreshing');
  });

  it('a token that cannot be renewed is expiring soon within the lead, not before', () => {
    const within = { ...base, canRenew: false, accessTokenExpiresAt: NOW + 5 * 60_000 - 1 };
    expect(deriveState(within, options)).toEqual({ state: 'expiring_soon', attention: [] });
    const beyond = { ...base, canRenew: false, accessTokenExpiresAt: NOW + 5 * 60_000 };
    expect(deriveState(beyond, options).state).toBe('connected');
    expect(deriveState({ ...base, canRenew: false }, options).state).toBe('connected');
  });

  it('a nonsense date gives a state without a date, never an exception', () => {
    expect(deriveState({ ...base, canRenew: false, accessTokenExpiresAt: -1e20 }, options)).toEqual({
      state: 'needs_reauthorization',
      attention: [{ kind: 'access_token_expired' }],
    });
  });
});
