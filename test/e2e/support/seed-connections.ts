import { randomUUID } from 'node:crypto';
import type { AppStore, ConnectionRecord, StoredState } from '../../../src/main/ports';

/** One connection as the overview lists it: no secrets (a list never reads them). */
export interface SeedConnection {
  label: string;
  providerId: 'sumup' | 'sumup-pos-pro' | 'taptouch' | 'powerepos' | 'chimpy';
  state?: StoredState;
  /** Minutes from now until the access token expires; none: no expiry known. */
  expiresInMinutes?: number;
}

/**
 * Connection records written straight into the app's store, as a connect would leave them, for
 * screens that list many connections (a connect through the UI each would take minutes).
 */
export function seedConnections(store: AppStore, connections: readonly SeedConnection[]): string[] {
  const now = Date.now();
  return connections.map((c, i) => {
    const record: ConnectionRecord = {
      id: randomUUID(),
      providerId: c.providerId,
      appId: `seeded-${c.providerId}`,
      label: c.label,
      grant: 'authorization_code',
      environment: 'sandbox',
      requestedScopes: [],
      grantedScopes: [],
      scopesSource: 'response',
      ...(c.expiresInMinutes === undefined
        ? {}
        : { accessTokenExpiresAt: now + c.expiresInMinutes * 60_000 }),
      hasRefreshToken: true,
      createdAt: now - i * 1000,
      state: c.state ?? 'connected',
      lastRefreshFailed: false,
      params: {},
      keepsPassword: false,
    };
    store.saveConnection(record);
    return record.id;
  });
}
