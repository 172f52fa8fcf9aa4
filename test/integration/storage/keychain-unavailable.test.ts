import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE_NAME } from '../../../src/main/db/database';
import { createDispatcher } from '../../../src/main/ipc/dispatcher';
import { KeytarKeychain } from '../../../src/main/vault/keytar-keychain';
import type { AppErrorData } from '../../../src/shared/errors';
import type { Result } from '../../../src/shared/result';
import { FailingKeychain } from '../../support/failing-keychain';
import {
  NO_SECRET_SERVICE,
  NO_SECRET_SERVICE_REASON,
  realStorageDir,
  type RealStorageDir,
} from '../../support/real-storage';
import { startHarness, type Harness } from '../../support/services-harness';
import { openSandbox, tokenRequestCounts, type Sandbox } from '../oauth/helpers';

/**
 * Issue 4, "done when": a keychain that cannot answer (locked keyring, Secret Service gone) changes
 * nothing. Every call that needs a secret fails with a typed KEYCHAIN_UNAVAILABLE through the IPC
 * dispatcher, no row of the database changes (the failed-attempts log aside), no connection is
 * deleted or marked as needing re-authorization, and once the keychain answers again everything works.
 * The keychain underneath is the real one (keytar against gnome-keyring) behind a switch.
 */

if (NO_SECRET_SERVICE) console.warn(NO_SECRET_SERVICE_REASON);

const trusted = { url: 'http://127.0.0.1/', isMainFrame: true };

function failure(result: Result<unknown>): AppErrorData {
  if (result.ok) throw new Error('expected the call to fail');
  return result.error;
}

/** Every row of every table but the failed-attempts log, read without writing. */
function tablesExceptAttempts(dataDir: string): Record<string, unknown[]> {
  const db = new Database(join(dataDir, DATABASE_FILE_NAME), { readonly: true });
  try {
    const names = db
      .prepare<[], { name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all()
      .map((row) => row.name)
      .filter((name) => name !== 'attempts');
    return Object.fromEntries(names.map((name) => [name, db.prepare(`SELECT * FROM "${name}"`).all()]));
  } finally {
    db.close();
  }
}

function failedAttemptCodes(dataDir: string): string[] {
  const db = new Database(join(dataDir, DATABASE_FILE_NAME), { readonly: true });
  try {
    return db
      .prepare<[], { json: string }>('SELECT json FROM attempts ORDER BY seq')
      .all()
      .map((row) => (JSON.parse(row.json) as { error: { code: string } }).error.code);
  } finally {
    db.close();
  }
}

describe.skipIf(NO_SECRET_SERVICE)('a keychain that cannot answer', () => {
  let sandbox: Sandbox;
  let dir: RealStorageDir;
  const open: Harness[] = [];
  const harness = async (keychain?: FailingKeychain) => {
    const h = await startHarness({ sandbox, ...(await dir.open(keychain)) });
    open.push(h);
    return h;
  };
  beforeAll(async () => {
    sandbox = await openSandbox();
  });
  afterAll(async () => {
    await sandbox?.close();
  });
  afterEach(async () => {
    for (const h of open.splice(0)) await h.close();
    await dir?.cleanup();
  });

  it('after a restart with the keyring locked: typed errors, nothing written but two failed attempts, nothing deleted; then it all works again', async () => {
    dir = await realStorageDir();
    const first = await harness();
    const sumupApp = await first.addApp('sumup');
    const sumup = await first.connect(sumupApp.id, 'authorization_code', { label: 'Front till' });
    const chimpyApp = await first.addApp('chimpy');
    const user = sandbox.d.vendors.chimpy.users?.[0];
    if (!user) throw new Error('no Chimpy user');
    const chimpy = await first.connect(chimpyApp.id, 'password', {
      username: user.username,
      password: user.password,
      keepPassword: true,
      label: 'Back office',
      scopes: ['offline_access'],
    });
    const taptouchApp = await first.addApp('taptouch');
    const taptouch = await first.connect(taptouchApp.id, 'client_credentials', {
      scopes: ['integration.store'],
      label: 'Kitchen',
    });
    const ids = [sumup.id, chimpy.id, taptouch.id];
    const records = first.store.listConnections();
    await first.close();
    const filesBefore = await dir.files();
    const tablesBefore = tablesExceptAttempts(dir.dataDir);

    // The next start: the keyring is locked from the first question on.
    const locked = new FailingKeychain(new KeytarKeychain());
    locked.failing = true;
    const h = await harness(locked);
    h.services.start();
    const dispatch = createDispatcher(h.services.handlers, { isTrustedSender: () => true });
    const call = (channel: string, input: unknown) => dispatch(channel, input, trusted);
    const countsBefore = await tokenRequestCounts(sandbox, 'sumup');

    // A scheduled refresh fails with the keychain and is planned again (backing off), not given up.
    await h.advance(3600);
    await h.catchUp();
    expect(h.services.scheduler.plannedAt(sumup.id)).toBeGreaterThan(h.now());

    for (const id of ids) {
      const refreshed = failure(await call('connections:refresh', { connectionId: id }));
      expect(refreshed.code, id).toBe('KEYCHAIN_UNAVAILABLE');
      expect(refreshed.message).toMatch(/keychain/i);
      expect(refreshed.message).toMatch(/Nothing was changed/);
      expect(
        failure(
          await call('connections:testCall', { connectionId: id, method: 'GET', path: '/x', headers: {} }),
        ).code,
        id,
      ).toBe('KEYCHAIN_UNAVAILABLE');
      expect(failure(await call('connections:copyAccessToken', { connectionId: id })).code, id).toBe(
        'KEYCHAIN_UNAVAILABLE',
      );
      expect(failure(await call('connections:disconnect', { connectionId: id })).code, id).toBe(
        'KEYCHAIN_UNAVAILABLE',
      );
    }
    // A new connection with a confidential app cannot even start: its client secret is in the vault.
    const connect = failure(
      await call('connections:connect', {
        attemptId: 'locked-1',
        appId: sumupApp.id,
        grant: 'authorization_code',
        label: 'New',
        scopes: [],
        params: {},
      }),
    );
    expect(connect.code).toBe('KEYCHAIN_UNAVAILABLE');
    // A public client's sign-in gets its tokens but cannot keep them: refused, no connection made.
    const publicConnect = failure(
      await call('connections:connect', {
        attemptId: 'locked-2',
        appId: chimpyApp.id,
        grant: 'password',
        label: 'New',
        scopes: [],
        params: {},
        username: user.username,
        password: user.password,
      }),
    );
    expect(publicConnect.code).toBe('KEYCHAIN_UNAVAILABLE');

    expect(h.clipboard).toEqual([]);
    expect((await tokenRequestCounts(sandbox, 'sumup')).refresh_token ?? 0).toBe(
      countsBefore.refresh_token ?? 0,
    );
    const info = await h.services.handlers['app:info'](undefined);
    expect(info.keychain.available).toBe(false);
    expect(info.keychain.error?.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(info.startupProblems).toEqual([]);
    // Every connection is still there, as it was: not deleted, not "needs re-authorization".
    expect(h.store.listConnections()).toEqual(records);
    for (const id of ids) {
      const detail = await h.services.handlers['connections:get']({ connectionId: id });
      expect(detail.state, id).not.toBe('needs_reauthorization');
      expect(detail.state, id).not.toBe('failed');
    }
    // Not one row changed (no history entry either: nothing happened to a connection). The one thing
    // written is what support needs: the two refused connects, in the failed-attempts log.
    const filesAfter = await dir.files();
    expect([...filesAfter.keys()].sort()).toEqual([...filesBefore.keys()].sort());
    expect(tablesExceptAttempts(dir.dataDir)).toEqual(tablesBefore);
    expect(failedAttemptCodes(dir.dataDir)).toEqual(['KEYCHAIN_UNAVAILABLE', 'KEYCHAIN_UNAVAILABLE']);
    expect(locked.calls).toBe(0);
    expect(locked.refused).toBeGreaterThan(0);
    await h.close();

    // The keyring is unlocked again: a new start finds everything and every connection works.
    const back = await harness();
    expect(back.store.listConnections()).toEqual(records);
    for (const id of ids) {
      const refreshed = await back.services.handlers['connections:refresh']({ connectionId: id });
      expect(refreshed.state, id).toBe('connected');
    }
    const test = await back.services.handlers['connections:testCall']({
      connectionId: chimpy.id,
      method: 'GET',
      path: '/api/v2/stores',
      headers: {},
    });
    expect(test.status).toBe(200);
  });

  // Fails until src/main/app-services.ts 'connections:disconnect' re-schedules a connection whose
  // disconnect failed: it cancels the planned refresh before disconnecting, and a disconnect refused
  // by the keychain keeps the connection but leaves it without keep-alive until the next restart.
  it('a disconnect refused by the keychain keeps the connection scheduled for its refreshes', async () => {
    dir = await realStorageDir();
    const first = await harness();
    const app = await first.addApp('chimpy');
    const user = sandbox.d.vendors.chimpy.users?.[0];
    if (!user) throw new Error('no Chimpy user');
    const detail = await first.connect(app.id, 'password', {
      username: user.username,
      password: user.password,
      scopes: ['offline_access'],
    });
    await first.close();

    const locked = new FailingKeychain(new KeytarKeychain());
    locked.failing = true;
    const h = await harness(locked);
    h.services.start();
    const planned = h.services.scheduler.plannedAt(detail.id);
    expect(planned).toBeDefined();
    await expect(
      h.services.handlers['connections:disconnect']({ connectionId: detail.id }),
    ).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    expect(h.store.getConnection(detail.id)).toBeDefined();
    expect(h.services.scheduler.plannedAt(detail.id)).toBeDefined();
  });

  it('a keyring locked after the vault key was read changes nothing either: the key is read once per session', async () => {
    dir = await realStorageDir();
    const keychain = new FailingKeychain(new KeytarKeychain());
    const storage = await dir.open(keychain);
    const h = await startHarness({ sandbox, ...storage });
    open.push(h);
    const app = await h.addApp('taptouch');
    const detail = await h.connect(app.id, 'authorization_code', { scopes: ['integration.store'] });
    // The connect's vault generation has reached the keychain (it is written after each secret write).
    await storage.integrity.settled();
    const readsSoFar = keychain.calls;
    expect(readsSoFar).toBeGreaterThan(0);
    keychain.failing = true;
    const refreshed = await h.services.handlers['connections:refresh']({ connectionId: detail.id });
    expect(refreshed.state).toBe('connected');
    const call = await h.services.handlers['connections:testCall']({
      connectionId: detail.id,
      method: 'GET',
      path: '/integration/v1/stores',
      headers: {},
    });
    expect(call.status).toBe(200);
    // No read: the key is the session's. The refresh's secret write tried to store the new vault
    // generation beside the key; refused, it changes nothing (the keychain stays one step behind,
    // which the next start catches up) and does not make the keychain look unavailable.
    expect(keychain.calls).toBe(readsSoFar);
    expect(keychain.refused).toBe(1);
    expect((await h.services.handlers['app:info'](undefined)).keychain.available).toBe(true);
  });

  it('a first start with the keyring locked stores no secret and no connection', async () => {
    dir = await realStorageDir();
    const secretRows = () => {
      const db = new Database(join(dir.dataDir, DATABASE_FILE_NAME), { readonly: true });
      try {
        return db.prepare<[], { n: number }>('SELECT count(*) AS n FROM secrets').get()?.n;
      } finally {
        db.close();
      }
    };
    const keychain = new FailingKeychain(new KeytarKeychain());
    keychain.failing = true;
    const h = await harness(keychain);
    const dispatch = createDispatcher(h.services.handlers, { isTrustedSender: () => true });
    const user = sandbox.d.vendors.chimpy.users?.[0];
    if (!user) throw new Error('no Chimpy user');
    // A public client needs no vault to be saved, so the app can be added; connecting cannot finish.
    const app = await h.addApp('chimpy');
    const result = await dispatch(
      'connections:connect',
      {
        attemptId: 'first-1',
        appId: app.id,
        grant: 'password',
        label: 'Till',
        scopes: [],
        params: {},
        username: user.username,
        password: user.password,
      },
      trusted,
    );
    expect(failure(result).code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(h.store.listConnections()).toEqual([]);
    expect(secretRows()).toBe(0);
    // Adding a confidential app (its client secret goes to the vault) is refused the same way.
    const sumup = await dispatch(
      'apps:save',
      { providerId: 'sumup', label: 'SumUp', clientId: 'x', clientSecret: 'a-client-secret', params: {} },
      trusted,
    );
    expect(failure(sumup).code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(h.store.listApps().map((a) => a.providerId)).toEqual(['chimpy']);
    expect(secretRows()).toBe(0);
  });
});
