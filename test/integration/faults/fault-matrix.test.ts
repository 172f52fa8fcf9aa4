import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/main/app-services';
import { MemoryKeychain } from '../../../src/main/vault/memory-keychain';
import type { ErrorCode } from '../../../src/shared/errors';
import type { ConnectProgress, ProviderApp } from '../../../src/shared/models';
import type { SandboxFault, SandboxVendorId } from '../../../src/shared/sandbox-descriptor';
import { realStorageDir, type RealStorageDir } from '../../support/real-storage';
import { startHarness, type Harness } from '../../support/services-harness';
import { appError, openSandbox, setFault, tokenRequestCounts, type Sandbox } from '../oauth/helpers';

/**
 * Issue 6: every sandbox fault switch against every way the app asks for tokens, through the
 * services on the real store and vault files (the keychain is in memory: this suite is about the
 * network). For each pair: the typed error code, exactly one token request (never retried), the
 * connection state afterwards (a new connect creates nothing; a failed refresh keeps the connection
 * 'connected' with attention 'refresh_failed'), and no stored token lost or overwritten (the vault
 * file byte for byte the same). Then the revoked grant: needs re-authorization, never retried.
 */

/** The engine's deadline here; the latency fault holds the answer well beyond it. */
const TIMEOUT_MS = 800;
const LATENCY_MS = 3000;
const RETRY_AFTER = 42;

interface FaultCase {
  fault: SandboxFault;
  options: { latency_ms?: number; retry_after?: number };
  code: ErrorCode;
}

const FAULTS: FaultCase[] = [
  { fault: 'latency', options: { latency_ms: LATENCY_MS }, code: 'TIMEOUT' },
  { fault: '5xx', options: {}, code: 'SERVER_ERROR' },
  { fault: 'html', options: {}, code: 'HTML_RESPONSE' },
  { fault: 'malformed-json', options: {}, code: 'NOT_JSON' },
  { fault: '429', options: { retry_after: RETRY_AFTER }, code: 'RATE_LIMITED' },
  { fault: 'reset', options: {}, code: 'NETWORK' },
];

type Operation =
  'authorization_code connect' | 'client_credentials connect' | 'password connect' | 'refresh_token refresh';

/** The vendor each operation runs against, and the grant_type the sandbox counts for it. */
const OPERATIONS: { operation: Operation; vendor: Exclude<SandboxVendorId, 'generic'>; grantType: string }[] =
  [
    { operation: 'authorization_code connect', vendor: 'sumup', grantType: 'authorization_code' },
    { operation: 'client_credentials connect', vendor: 'sumup', grantType: 'client_credentials' },
    { operation: 'password connect', vendor: 'chimpy', grantType: 'password' },
    { operation: 'refresh_token refresh', vendor: 'sumup', grantType: 'refresh_token' },
  ];

const MATRIX = OPERATIONS.flatMap((op) => FAULTS.map((f) => ({ ...op, ...f })));

let sandbox: Sandbox;
let dir: RealStorageDir;
let h: Harness;
let sumupApp: ProviderApp;
let chimpyApp: ProviderApp;
const progress: ConnectProgress[] = [];

const sha = (bytes: Buffer | undefined) =>
  createHash('sha256')
    .update(bytes ?? Buffer.alloc(0))
    .digest('hex');
const vaultBytes = () => readFile(join(dir.dataDir, 'vault.json'));

beforeAll(async () => {
  sandbox = await openSandbox();
  dir = await realStorageDir(new MemoryKeychain(), 'pos-faults-');
  h = await startHarness({ sandbox, http: { timeoutMs: TIMEOUT_MS }, ...(await dir.open()) });
  h.services.events.subscribe((name, payload) => {
    if (name === 'connect:progress') progress.push(payload as ConnectProgress);
  });
  h.services.start();
  sumupApp = await h.addApp('sumup');
  chimpyApp = await h.addApp('chimpy');
});
afterEach(async () => {
  await setFault(sandbox, 'sumup', null);
  await setFault(sandbox, 'chimpy', null);
});
afterAll(async () => {
  await h?.close();
  await sandbox?.close();
  await dir?.cleanup();
});

function run(
  services: AppServices,
  operation: Operation,
  attemptId: string,
  connectionId?: string,
): Promise<unknown> {
  const user = sandbox.d.vendors.chimpy.users?.[0];
  switch (operation) {
    case 'authorization_code connect':
      return services.handlers['connections:connect']({
        attemptId,
        appId: sumupApp.id,
        grant: 'authorization_code',
        label: 'New',
        scopes: [],
        params: {},
      });
    case 'client_credentials connect':
      return services.handlers['connections:connect']({
        attemptId,
        appId: sumupApp.id,
        grant: 'client_credentials',
        label: 'New',
        scopes: [],
        params: {},
      });
    case 'password connect':
      return services.handlers['connections:connect']({
        attemptId,
        appId: chimpyApp.id,
        grant: 'password',
        label: 'New',
        scopes: ['offline_access'],
        params: {},
        username: user?.username ?? '',
        password: user?.password ?? '',
      });
    case 'refresh_token refresh':
      return services.handlers['connections:refresh']({ connectionId: connectionId ?? '' });
  }
}

describe('fault matrix: every fault switch × every grant', () => {
  it.each(MATRIX)(
    '$operation ($vendor) × $fault → $code',
    async ({ operation, vendor, grantType, fault, options, code }) => {
      // A refresh needs a connection of its own: its refresh token is this case's to lose.
      const existing =
        operation === 'refresh_token refresh'
          ? await h.connect(sumupApp.id, 'authorization_code')
          : undefined;
      const connectionsBefore = h.store.listConnections();
      const vaultBefore = await vaultBytes();
      const secretsBefore = existing ? await h.vault.getConnectionSecrets(existing.id) : undefined;
      const sentBefore = (await tokenRequestCounts(sandbox, vendor))[grantType] ?? 0;
      const attemptId = `fault-${operation}-${fault}`;

      await setFault(sandbox, vendor, fault, { ...options, times: 1, target: 'token' });
      const error = await appError(run(h.services, operation, attemptId, existing?.id));

      // The typed error, with what a person needs to act on it.
      expect(error.code).toBe(code);
      expect(error.message.length).toBeGreaterThan(10);
      if (fault === '429') {
        expect(error.retryAfterSeconds).toBe(RETRY_AFTER);
        expect(error.message).toContain(String(RETRY_AFTER));
      }
      // Sent once, never retried by the engine or the service.
      expect((await tokenRequestCounts(sandbox, vendor))[grantType] ?? 0).toBe(sentBefore + 1);
      // No stored token lost or overwritten: the vault file is byte for byte what it was.
      expect(sha(await vaultBytes())).toBe(sha(vaultBefore));

      if (!existing) {
        // A new connect creates nothing and says so in its progress.
        expect(h.store.listConnections()).toEqual(connectionsBefore);
        const last = progress.filter((p) => p.attemptId === attemptId).at(-1);
        expect(last?.step).toBe('failed');
        expect(last?.error?.code).toBe(code);
      } else {
        // A failed refresh keeps the connection, its state and its tokens, and flags it.
        expect(h.store.listConnections().map((c) => c.id)).toEqual(connectionsBefore.map((c) => c.id));
        expect(await h.vault.getConnectionSecrets(existing.id)).toEqual(secretsBefore);
        const detail = await h.services.handlers['connections:get']({ connectionId: existing.id });
        expect(detail.state).toBe('connected');
        expect(detail.attention.map((a) => a.kind)).toEqual(['refresh_failed']);
        // (newest first)
        expect(detail.history[0]).toMatchObject({ kind: 'refresh_failed', error: { code } });
        // And the old refresh token still works once the vendor does.
        const recovered = await h.services.handlers['connections:refresh']({ connectionId: existing.id });
        expect(recovered.state).toBe('connected');
        expect(recovered.attention).toEqual([]);
      }
    },
  );
});

describe('a revoked grant', () => {
  // Taptouch: single-use refresh tokens, and no other Taptouch connection in this file, so the
  // sandbox's refresh_token count for it is this connection's alone.
  it('is INVALID_GRANT → needs re-authorization, the connection and its tokens kept, never retried (not even after a restart)', async () => {
    const app = await h.addApp('taptouch');
    const detail = await h.connect(app.id, 'authorization_code', {
      scopes: ['integration.store'],
      label: 'Revoked',
    });
    const secretsBefore = await h.vault.getConnectionSecrets(detail.id);
    await fetch(sandbox.d.admin.revoke, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ vendor: 'taptouch' }),
    });
    const sent = (await tokenRequestCounts(sandbox, 'taptouch')).refresh_token ?? 0;

    const error = await appError(h.services.handlers['connections:refresh']({ connectionId: detail.id }));
    expect(error.code).toBe('INVALID_GRANT');
    // One request: the vault re-read found the same token, so it was not sent again.
    expect((await tokenRequestCounts(sandbox, 'taptouch')).refresh_token).toBe(sent + 1);
    const after = await h.services.handlers['connections:get']({ connectionId: detail.id });
    expect(after.state).toBe('needs_reauthorization');
    expect(after.attention.map((a) => a.kind)).toContain('needs_reauthorization');
    expect(after.history[0]).toMatchObject({
      kind: 'needs_reauthorization',
      error: { code: 'INVALID_GRANT' },
    });
    expect(await h.vault.getConnectionSecrets(detail.id)).toEqual(secretsBefore);
    expect(h.services.scheduler.plannedAt(detail.id)).toBeUndefined();

    // Later scheduler runs (past the access token's 48 h and the refresh token's 4-day window), a
    // manual refresh and a test call send nothing.
    for (let day = 0; day < 5; day += 1) {
      await h.advance(24 * 3600);
      await h.catchUp();
    }
    await expect(
      h.services.handlers['connections:refresh']({ connectionId: detail.id }),
    ).rejects.toMatchObject({ code: 'NEEDS_REAUTHORIZATION' });
    await expect(
      h.services.handlers['connections:testCall']({
        connectionId: detail.id,
        method: 'GET',
        path: '/integration/v1/stores',
        headers: {},
      }),
    ).rejects.toMatchObject({ code: 'NEEDS_REAUTHORIZATION' });
    expect((await tokenRequestCounts(sandbox, 'taptouch')).refresh_token).toBe(sent + 1);

    // The state is stored: a restarted app does not try either.
    const restarted = await startHarness({ sandbox, http: { timeoutMs: TIMEOUT_MS }, ...(await dir.open()) });
    try {
      restarted.services.start();
      expect(restarted.services.scheduler.plannedAt(detail.id)).toBeUndefined();
      await restarted.advance(3 * 24 * 3600);
      await restarted.catchUp();
      expect((await restarted.services.handlers['connections:get']({ connectionId: detail.id })).state).toBe(
        'needs_reauthorization',
      );
      expect((await tokenRequestCounts(sandbox, 'taptouch')).refresh_token).toBe(sent + 1);
    } finally {
      await restarted.close();
    }
  });
});
