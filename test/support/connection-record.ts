import type { ConnectionRecord } from '../../src/main/ports';

/** A plain connected record for unit tests that need one in a store, with overrides. */
export function connectionRecord(overrides: Partial<ConnectionRecord> = {}): ConnectionRecord {
  return {
    id: 'c1',
    providerId: 'sumup',
    appId: 'a1',
    label: 'Shop',
    grant: 'authorization_code',
    environment: 'production',
    requestedScopes: [],
    grantedScopes: [],
    scopesSource: 'request',
    hasRefreshToken: false,
    createdAt: 0,
    state: 'connected',
    lastRefreshFailed: false,
    params: {},
    keepsPassword: false,
    ...overrides,
  };
}
