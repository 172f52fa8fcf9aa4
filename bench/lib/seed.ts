import { randomBytes, randomUUID } from 'node:crypto';
import type { AppStore, AppVault, ConnectionRecord } from '../../src/main/ports';

/**
 * Stores `count` connected connections directly through the store and vault (record, token pair,
 * one history line each), as the services would have left them: the stored state the figures
 * compare at 10, 500 or 1,000 connections.
 */
export async function seedConnections(
  storage: { store: AppStore; vault: AppVault },
  count: number,
  app: { id: string; providerId: string },
  scopes: string[] = [],
): Promise<string[]> {
  const now = Date.now();
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const record: ConnectionRecord = {
      id: randomUUID(),
      providerId: app.providerId,
      appId: app.id,
      label: `Shop ${i}`,
      grant: 'authorization_code',
      environment: 'sandbox',
      requestedScopes: scopes,
      grantedScopes: scopes,
      scopesSource: 'response',
      accessTokenExpiresAt: now + 3600_000,
      refreshTokenExpiresAt: now + 60 * 86400_000,
      hasRefreshToken: true,
      createdAt: now - i * 60_000,
      state: 'connected',
      lastRefreshFailed: false,
      params: {},
      keepsPassword: false,
    };
    storage.store.saveConnection(record);
    storage.store.appendHistory(record.id, {
      at: new Date(now).toISOString(),
      kind: 'connected',
      summary: 'Connected with the authorization code grant.',
    });
    await storage.vault.putConnectionSecrets(record.id, {
      accessToken: randomBytes(32).toString('base64url'),
      refreshToken: randomBytes(32).toString('base64url'),
    });
    ids.push(record.id);
  }
  return ids;
}
