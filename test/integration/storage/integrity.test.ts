import { copyFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE_NAME } from '../../../src/main/db/database';
import { GENERATION_META_KEY } from '../../../src/main/db/integrity';
import type { Storage } from '../../../src/main/storage';
import type { Keychain } from '../../../src/main/vault/keychain';
import { VAULT_KEY_ACCOUNT } from '../../../src/main/vault/keychain';
import { KeytarKeychain } from '../../../src/main/vault/keytar-keychain';
import type { AppErrorData } from '../../../src/shared/errors';
import {
  NO_SECRET_SERVICE,
  NO_SECRET_SERVICE_REASON,
  realStorageDir,
  type RealStorageDir,
} from '../../support/real-storage';
import { startHarness, type Harness } from '../../support/services-harness';
import { openSandbox, tokenRequestCounts, type Sandbox } from '../oauth/helpers';

/**
 * Issue 10, point 2: what is not secret is authenticated. On the real storage (pos-connect.db on
 * disk, the vault key in the real keychain through keytar), a plain SQLite write to a record or an
 * endpoint override is caught at open: the connection needs reconnecting, its secrets go nowhere,
 * nothing is deleted; an older copy of the database is caught by the vault generation kept beside
 * the key in the keychain. A fresh install, a database from before this version and a normal
 * restart raise no alarm.
 */

if (NO_SECRET_SERVICE) console.warn(NO_SECRET_SERVICE_REASON);

/** Counts the calls that reach the real keychain. */
class CountingKeychain implements Keychain {
  calls = { get: 0, set: 0, delete: 0 };
  constructor(private readonly inner: Keychain) {}
  get(service: string, account: string) {
    this.calls.get += 1;
    return this.inner.get(service, account);
  }
  set(service: string, account: string, value: string) {
    this.calls.set += 1;
    return this.inner.set(service, account, value);
  }
  delete(service: string, account: string) {
    this.calls.delete += 1;
    return this.inner.delete(service, account);
  }
}

/** A host that must never hear from POS Connect: it records whatever reaches it. */
async function elsewhere() {
  const requests: { url: string; authorization?: string; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      requests.push({
        url: req.url ?? '',
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
        body,
      });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ access_token: 'evil-access', token_type: 'Bearer', expires_in: 3600 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const failure = (promise: Promise<unknown>): Promise<AppErrorData> =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: AppErrorData) => error,
  );

describe.skipIf(NO_SECRET_SERVICE)('integrity of what is not secret (real storage, real keychain)', () => {
  let sandbox: Sandbox;
  let dir: RealStorageDir;
  let keychain: CountingKeychain;
  let evil: Awaited<ReturnType<typeof elsewhere>>;
  const open: { storage: Storage; harness: Harness }[] = [];

  beforeAll(async () => {
    sandbox = await openSandbox();
  });
  afterAll(async () => {
    await sandbox?.close();
  });
  beforeEach(async () => {
    keychain = new CountingKeychain(new KeytarKeychain());
    dir = await realStorageDir(keychain, 'pos-integrity-it-');
    evil = await elsewhere();
  });
  afterEach(async () => {
    await stopAll();
    await evil.close();
    await dir.cleanup();
  });

  /** A start of the app: storage opened on the data folder, services on it. */
  async function start() {
    const storage = await dir.open();
    const harness = await startHarness({ sandbox, store: storage.store, vault: storage.vault });
    open.push({ storage, harness });
    return { storage, harness };
  }
  /** Quits every running start (services stopped, keychain writes settled, database closed). */
  async function stopAll() {
    for (const { storage, harness } of open.splice(0)) {
      await harness.close();
      await storage.integrity.settled();
      storage.close();
    }
  }
  /** A SQLite connection of another program on the same file. */
  function sqlite<T>(work: (db: Database.Database) => T): T {
    const db = new Database(join(dir.dataDir, DATABASE_FILE_NAME));
    try {
      return work(db);
    } finally {
      db.close();
    }
  }
  const count = (table: string) =>
    sqlite((db) => db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${table}`).get()?.n ?? 0);
  const problemCodes = async (harness: Harness) =>
    (await harness.services.handlers['app:info'](undefined)).startupProblems.map((p) => p.code);

  /** A SumUp connection (rotating refresh tokens), then a quit. */
  async function connectedThenQuit() {
    const { harness } = await start();
    const app = await harness.addApp('sumup');
    const { id } = await harness.connect(app.id, 'authorization_code');
    await stopAll();
    return { id, appId: app.id };
  }

  /** Everything a secret could be carried by, reaching the sandbox or the other host. */
  async function secretTraffic() {
    const counts = await tokenRequestCounts(sandbox, 'sumup');
    return { sandbox: counts.refresh_token ?? 0, elsewhere: evil.requests.length };
  }

  const TAMPERS: [string, (json: string, evilUrl: string) => string][] = [
    [
      'token origin',
      (json, url) =>
        JSON.stringify({ ...JSON.parse(json), origins: { ...JSON.parse(json).origins, token: url } }),
    ],
    [
      'API base',
      (json, url) =>
        JSON.stringify({
          ...JSON.parse(json),
          apiBaseUrl: url,
          origins: { ...JSON.parse(json).origins, api: url },
        }),
    ],
    [
      'recorded origins, all of them',
      (json, url) =>
        JSON.stringify({ ...JSON.parse(json), origins: { token: url, revocation: url, api: url } }),
    ],
    ['provider', (json) => JSON.stringify({ ...JSON.parse(json), providerId: 'taptouch' })],
    ['sandbox flag', (json) => JSON.stringify({ ...JSON.parse(json), environment: 'production' })],
  ];

  it.each(TAMPERS)(
    'a record whose %s was changed in the file is caught at open: reconnect needed, no secret sent, nothing deleted',
    async (_what, tamper) => {
      const { id } = await connectedThenQuit();
      const secretRows = count('secrets');
      sqlite((db) => {
        const row = db
          .prepare<[string], { json: string }>('SELECT json FROM connections WHERE id = ?')
          .get(id);
        // The attacker also points SumUp's endpoints at their host, so an unchecked record would send there.
        const settings = db.prepare<[], { json: string }>('SELECT json FROM settings WHERE id = 1').get();
        const overrides = { sumup: { token: `${evil.url}/token`, apiBase: evil.url } };
        db.prepare('INSERT OR REPLACE INTO settings (id, json) VALUES (1, ?)').run(
          JSON.stringify({ ...JSON.parse(settings?.json ?? '{}'), endpointOverrides: overrides }),
        );
        db.prepare('UPDATE connections SET json = ? WHERE id = ?').run(tamper(row!.json, evil.url), id);
      });

      const { storage, harness } = await start();
      expect(await problemCodes(harness)).toEqual(['RECORD_TAMPERED', 'RECORD_TAMPERED']);
      const detail = await harness.services.handlers['connections:get']({ connectionId: id });
      expect(detail.state).toBe('needs_reauthorization');
      const line = detail.history.find((event) => event.error?.code === 'RECORD_TAMPERED');
      expect(line?.kind).toBe('needs_reauthorization');
      // The override was not applied either.
      expect(storage.store.getSettings().endpointOverrides).toEqual({});

      const before = await secretTraffic();
      expect(
        (await failure(harness.services.handlers['connections:refresh']({ connectionId: id }))).code,
      ).toMatch(/NEEDS_REAUTHORIZATION|ORIGIN_NOT_ALLOWED|NOT_FOUND|INVALID_PROVIDER/);
      await failure(
        harness.services.handlers['connections:testCall']({
          connectionId: id,
          method: 'GET',
          path: '/v0.1/me',
          headers: {},
        }),
      );
      await harness.services.handlers['connections:checkAll'](undefined).catch(() => undefined);
      expect(await storage.vault.getConnectionSecrets(id)).toBeUndefined();
      expect(await secretTraffic()).toEqual(before);
      expect(evil.requests).toEqual([]);

      // Nothing deleted: the secret row is still there, the tampered row is kept for support.
      expect(count('secrets')).toBe(secretRows);
      expect(count('records_aside')).toBe(2);

      // A second start reports nothing new and keeps the connection held.
      await stopAll();
      const again = await start();
      expect(await problemCodes(again.harness)).toEqual([]);
      expect(again.storage.store.getConnection(id)?.state).toBe('needs_reauthorization');
      expect(await again.storage.vault.getConnectionSecrets(id)).toBeUndefined();

      // Reconnecting (a new authorization) lifts the hold: the connection works again.
      // (A changed provider or sandbox flag stays in the record: reconnecting would go there.)
      if (!['provider', 'sandbox flag'].includes(_what)) {
        const { appId } = { appId: again.storage.store.getConnection(id)!.appId };
        const back = await again.harness.connect(appId, 'authorization_code', { reconnectId: id });
        expect(back.state).toBe('connected');
        expect(await again.storage.vault.getConnectionSecrets(id)).toBeDefined();
      }
    },
  );

  it('an endpoint override changed in the file is not applied, and is reported; one set in the app is', async () => {
    const { harness } = await start();
    await harness.addApp('sumup');
    harness.services.handlers['settings:update']({
      endpointOverrides: { chimpy: { apiBase: 'https://staging.chimpy.example/api' } },
    });
    await stopAll();

    // A normal restart: the override set in the app is applied, no alarm.
    let next = await start();
    expect(await problemCodes(next.harness)).toEqual([]);
    expect(next.storage.store.getSettings().endpointOverrides).toEqual({
      chimpy: { apiBase: 'https://staging.chimpy.example/api' },
    });
    await stopAll();

    sqlite((db) => {
      const settings = db.prepare<[], { json: string }>('SELECT json FROM settings WHERE id = 1').get();
      const json = JSON.parse(settings!.json);
      json.endpointOverrides.chimpy.apiBase = evil.url;
      json.endpointOverrides.sumup = { token: `${evil.url}/token` };
      db.prepare('UPDATE settings SET json = ? WHERE id = 1').run(JSON.stringify(json));
    });
    next = await start();
    const info = await next.harness.services.handlers['app:info'](undefined);
    expect(info.startupProblems.map((p) => p.code)).toEqual(['RECORD_TAMPERED']);
    expect(info.startupProblems[0]?.detail).toMatch(/chimpy, sumup/);
    expect(next.storage.store.getSettings().endpointOverrides).toEqual({});
    const sumup = next.harness.services.providers.get('sumup');
    expect(
      next.harness.services.providers.endpointsFor(sumup, next.storage.store.listApps()[0]!, 'production')
        .token,
    ).toBe('https://api.sumup.com/token');
    expect(count('records_aside')).toBe(2);
  });

  it('an older copy of the database restored after a refresh is detected and reported; nothing deleted', async () => {
    const { id } = await connectedThenQuit();
    const copy = join(dir.dataDir, 'copy-of.db');
    await copyFile(join(dir.dataDir, DATABASE_FILE_NAME), copy);

    // A refresh writes the rotated pair (the copy's refresh token is spent now).
    const { storage, harness } = await start();
    const before = storage.integrity.currentGeneration();
    await harness.services.handlers['connections:refresh']({ connectionId: id });
    expect(storage.integrity.currentGeneration()).toBeGreaterThan(before);
    await stopAll();

    for (const companion of ['-wal', '-shm'])
      await rm(join(dir.dataDir, `${DATABASE_FILE_NAME}${companion}`), { force: true });
    await copyFile(copy, join(dir.dataDir, DATABASE_FILE_NAME));

    const restored = await start();
    const info = await restored.harness.services.handlers['app:info'](undefined);
    expect(info.startupProblems.map((p) => p.code)).toEqual(['VAULT_ROLLBACK']);
    expect(info.startupProblems[0]?.message).toMatch(/older copy/);
    // Nothing deleted, the connection kept as it was in the copy, its history says what happened.
    expect(restored.storage.store.listConnections().map((c) => c.id)).toEqual([id]);
    expect(count('secrets')).toBeGreaterThan(0);
    expect(restored.storage.store.getHistory(id).some((e) => e.data?.warning === 'vault_rollback')).toBe(
      true,
    );

    // Reported once: the next start is quiet.
    await stopAll();
    const later = await start();
    expect(await problemCodes(later.harness)).toEqual([]);
  });

  it('a fresh install and normal restarts raise no alarm; keychain calls: one read per start', async () => {
    const { id } = await connectedThenQuit();
    for (let restart = 0; restart < 2; restart += 1) {
      keychain.calls = { get: 0, set: 0, delete: 0 };
      const { storage, harness } = await start();
      expect(keychain.calls).toEqual({ get: 1, set: 0, delete: 0 });
      expect(await problemCodes(harness)).toEqual([]);
      expect(storage.store.getConnection(id)?.state).toBe('connected');
      // A refresh: one secret write, one keychain write (the generation), no other read.
      await harness.services.handlers['connections:refresh']({ connectionId: id });
      await storage.integrity.settled();
      expect(keychain.calls).toEqual({ get: 1, set: 1, delete: 0 });
      await stopAll();
    }
  });

  it('a database and keychain entry made before this version load without alarm, then are signed', async () => {
    const { id } = await connectedThenQuit();
    // What the previous version left: schema 1 (no MAC columns, no records_aside, no generation)
    // and the keychain entry holding the key alone, in base64.
    sqlite((db) => {
      db.exec(`
        ALTER TABLE apps DROP COLUMN mac;
        ALTER TABLE connections DROP COLUMN mac;
        ALTER TABLE custom_providers DROP COLUMN mac;
        ALTER TABLE settings DROP COLUMN overrides_mac;
        DROP TABLE records_aside;
      `);
      db.prepare('DELETE FROM meta WHERE key = ?').run(GENERATION_META_KEY);
      db.pragma('user_version = 1');
    });
    const entry = JSON.parse((await dir.keychain.get(dir.keychainService, VAULT_KEY_ACCOUNT))!) as {
      key: string;
    };
    await dir.keychain.set(dir.keychainService, VAULT_KEY_ACCOUNT, entry.key);

    const { storage, harness } = await start();
    expect(await problemCodes(harness)).toEqual([]);
    expect(storage.store.getConnection(id)?.state).toBe('connected');
    expect(count('connections')).toBe(1);
    expect(
      sqlite(
        (db) =>
          db.prepare<[], { n: number }>('SELECT count(*) AS n FROM connections WHERE mac IS NULL').get()?.n,
      ),
    ).toBe(0);
    // It still works, and a secret write moves the generation on, into the keychain too.
    await harness.services.handlers['connections:refresh']({ connectionId: id });
    await storage.integrity.settled();
    const stored = JSON.parse((await dir.keychain.get(dir.keychainService, VAULT_KEY_ACCOUNT))!) as {
      generation: number;
    };
    expect(stored.generation).toBe(storage.integrity.currentGeneration());
    expect(stored.generation).toBeGreaterThan(0);
    await stopAll();
    const next = await start();
    expect(await problemCodes(next.harness)).toEqual([]);
  });
});
