import { randomBytes, randomUUID } from 'node:crypto';
import type { ConnectionRecord } from '../../src/main/ports';
import type { SandboxProcess } from './sandbox-process';
import { benchServices } from './services';
import type { BenchStorage } from './storage';

/**
 * N SumUp POS Pro connections written straight into storage (no token request each), with one
 * history line and a token pair apiece, as the app would have stored them. Their access tokens
 * expire `accessTokenLifetimeMs` from now.
 */
export async function seedStoredConnections(
  sb: SandboxProcess,
  storage: Pick<BenchStorage, 'store' | 'vault'>,
  count: number,
  accessTokenLifetimeMs = 3600_000,
): Promise<string[]> {
  const seedBench = benchServices({ d: sb.d, store: storage.store, vault: storage.vault });
  const app = await seedBench.services.handlers['apps:save']({
    providerId: 'sumup-pos-pro',
    label: 'Bench POS Pro app',
    clientId: 'bench-pos-pro',
    clientSecret: randomBytes(16).toString('hex'),
    redirectPort: 47812,
    params: {},
  });
  const now = Date.now();
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const record: ConnectionRecord = {
      id: randomUUID(),
      providerId: 'sumup-pos-pro',
      appId: app.id,
      label: `Shop ${i}`,
      grant: 'authorization_code',
      environment: 'sandbox',
      requestedScopes: ['order/read'],
      grantedScopes: ['order/write', 'order/read', 'purchase-request/write'],
      scopesSource: 'response',
      accessTokenExpiresAt: now + accessTokenLifetimeMs,
      refreshTokenExpiresAt: now + 60 * 86400_000,
      hasRefreshToken: true,
      createdAt: now - i * 60_000,
      state: 'connected',
      lastRefreshFailed: false,
      params: {},
      keepsPassword: false,
      lastTokenResponse: { at: now, status: 200, body: { token_type: 'Bearer' } },
    };
    storage.store.saveConnection(record);
    storage.store.appendHistory(record.id, {
      at: new Date(now).toISOString(),
      kind: 'connected',
      summary: 'Connected to SumUp POS Pro with the authorization code grant.',
    });
    await storage.vault.putConnectionSecrets(record.id, {
      accessToken: randomBytes(32).toString('base64url'),
      refreshToken: randomBytes(32).toString('base64url'),
    });
    ids.push(record.id);
  }
  await seedBench.services.stop();
  return ids;
}
