import type { ConnectionRecord } from '../../src/main/ports';

/** A minimal stored connection for tests of pure connection logic, with overrides. */
export function connectionRecord(overrides: Partial<ConnectionRecord> = {}): ConnectionRecord {
  return {
    id: 'c1',
    providerId: 'x',
    appId: 'a1',
    label: 'Shop',
    grant: 'password',
    environment: 'sandbox',
    requestedScopes: [],
    grantedScopes: [],
    scopesSource: 'request',
    hasRefreshToken: true,
    createdAt: 0,
    state: 'connected',
    lastRefreshFailed: false,
    params: {},
    keepsPassword: false,
    ...overrides,
  };
}
