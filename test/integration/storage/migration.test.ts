import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATION_META_KEY } from '../../../src/main/db/legacy-migration';
import { openStorage, type Storage } from '../../../src/main/storage';
import { MemoryKeychain, VAULT_KEY_ACCOUNT } from '../../../src/main/vault';
import {
  FIXTURE_APPS,
  FIXTURE_CONNECTIONS,
  FIXTURE_CUSTOM_PROVIDER,
  FIXTURE_KEYCHAIN_SERVICE,
  FIXTURE_SETTINGS,
  KEYCHAIN_KEY,
} from './fixtures/legacy-files/expected';

/**
 * Issue 14: the first start of the database version moves config.json and vault.json, as the
 * previous version wrote them (fixtures/legacy-files/v0.1, made by that build), into
 * pos-connect.db: everything, verified, the old files kept aside as *.migrated-<timestamp>; a
 * migration that fails leaves both files untouched and says so; a second start migrates nothing.
 */

const FIXTURES = join(import.meta.dirname, 'fixtures', 'legacy-files', 'v0.1');
const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);

let dir: string;
let keychain: MemoryKeychain;
const opened: Storage[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pos-migration-'));
  await cp(join(FIXTURES, 'config.json'), join(dir, 'config.json'));
  await cp(join(FIXTURES, 'vault.json'), join(dir, 'vault.json'));
  keychain = new MemoryKeychain();
  await keychain.set(FIXTURE_KEYCHAIN_SERVICE, VAULT_KEY_ACCOUNT, KEYCHAIN_KEY);
  keychain.calls.set = 0;
});
afterEach(async () => {
  for (const storage of opened.splice(0)) storage.close();
  await rm(dir, { recursive: true, force: true });
});

const open = async (options: { beforeMigrationCommit?: () => void } = {}) => {
  const storage = await openStorage({
    dataDir: dir,
    keychain,
    keychainService: FIXTURE_KEYCHAIN_SERVICE,
    now: () => NOW,
    locale: 'en-GB',
    ...options,
  });
  opened.push(storage);
  return storage;
};
const fixtureBytes = async () => ({
  config: await readFile(join(FIXTURES, 'config.json')),
  vault: await readFile(join(FIXTURES, 'vault.json')),
});
const legacyUntouched = async () => {
  const expected = await fixtureBytes();
  expect((await readFile(join(dir, 'config.json'))).equals(expected.config)).toBe(true);
  expect((await readFile(join(dir, 'vault.json'))).equals(expected.vault)).toBe(true);
  expect(
    (await readdir(dir)).filter((name) => name.includes('.migrated-') || name.includes('.corrupt-')),
  ).toEqual([]);
};

describe('migration from config.json + vault.json', () => {
  it('moves every setting, app, connection, history line, custom provider and secret', async () => {
    const { store, vault, database } = await open();
    expect(store.startupProblems).toEqual([]);
    expect(store.getSettings()).toMatchObject(FIXTURE_SETTINGS);
    expect(store.listApps().sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      FIXTURE_APPS.map((entry) => entry.app).sort((a, b) => a.id.localeCompare(b.id)),
    );
    expect(store.listCustomProviders()).toEqual([FIXTURE_CUSTOM_PROVIDER]);
    expect(store.listConnections()).toHaveLength(FIXTURE_CONNECTIONS.length);
    for (const { record, secrets, history } of FIXTURE_CONNECTIONS) {
      expect(store.getConnection(record.id), record.id).toEqual(record);
      expect(store.getHistory(record.id), record.id).toEqual(history);
      expect(await vault.getConnectionSecrets(record.id), record.id).toEqual(secrets);
    }
    for (const { app, secret } of FIXTURE_APPS) expect(await vault.getAppSecret(app.id), app.id).toBe(secret);
    // The one keychain read of that session was the migration's; the key is not read again.
    expect(keychain.calls).toEqual({ get: 1, set: 0, delete: 0 });

    // The old files are kept aside, byte for byte, renamed once the migration was verified.
    const expected = await fixtureBytes();
    const names = (await readdir(dir)).sort();
    expect(names.filter((name) => !name.startsWith('pos-connect.db'))).toEqual([
      'config.json.migrated-2026-11-27T12-00-00-000Z',
      'vault.json.migrated-2026-11-27T12-00-00-000Z',
    ]);
    expect(
      (await readFile(join(dir, 'config.json.migrated-2026-11-27T12-00-00-000Z'))).equals(expected.config),
    ).toBe(true);
    expect(
      (await readFile(join(dir, 'vault.json.migrated-2026-11-27T12-00-00-000Z'))).equals(expected.vault),
    ).toBe(true);
    const meta = database.db
      .prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?')
      .get(MIGRATION_META_KEY);
    expect(JSON.parse(meta?.value ?? '{}')).toMatchObject({ connections: FIXTURE_CONNECTIONS.length });
  });

  it('a second start does not migrate twice, even with the old files put back', async () => {
    (await open()).close();
    opened.length = 0;
    // Someone restores the old files (or a crash came between the commit and the renames).
    await cp(join(FIXTURES, 'config.json'), join(dir, 'config.json'));
    await cp(join(FIXTURES, 'vault.json'), join(dir, 'vault.json'));
    keychain.calls.get = 0;
    const again = await open();
    expect(again.store.startupProblems).toEqual([]);
    expect(again.store.listConnections()).toHaveLength(FIXTURE_CONNECTIONS.length);
    const lines = again.database.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM history').get()?.n;
    expect(lines).toBe(FIXTURE_CONNECTIONS.reduce((sum, c) => sum + c.history.length, 0));
    // Nothing read from the keychain to migrate: the start's one read is the records' check (no alarm).
    expect(keychain.calls).toEqual({ get: 1, set: 0, delete: 0 });
    // The restored files were set aside again, not read.
    expect((await readdir(dir)).filter((name) => name === 'config.json' || name === 'vault.json')).toEqual(
      [],
    );
  });

  it.each([
    [
      'a corrupt vault',
      async () => {
        const bytes = await readFile(join(dir, 'vault.json'));
        const damaged = JSON.parse(bytes.toString('utf8')) as { data: string };
        const data = Buffer.from(damaged.data, 'base64');
        data[0] = (data[0] ?? 0) ^ 0xff;
        await writeFile(
          join(dir, 'vault.json'),
          JSON.stringify({ ...damaged, data: data.toString('base64') }),
        );
      },
      'vault_unreadable',
    ],
    [
      'a corrupt config.json',
      async () => writeFile(join(dir, 'config.json'), '{"schemaVersion": 2, "connections": '),
      'config_unreadable',
    ],
    [
      'the keychain unavailable',
      async () => {
        keychain.failWith = 'The keyring is locked';
      },
      'keychain_unavailable',
    ],
    [
      'the vault key missing from the keychain',
      async () => {
        await keychain.delete(FIXTURE_KEYCHAIN_SERVICE, VAULT_KEY_ACCOUNT);
      },
      'vault_key_missing',
    ],
  ])(
    'fails with %s: old files untouched, nothing migrated, MIGRATION_FAILED',
    async (_what, damage, reason) => {
      await damage();
      const before = {
        config: await readFile(join(dir, 'config.json')),
        vault: await readFile(join(dir, 'vault.json')),
      };
      const { store, database } = await open();
      expect(store.startupProblems.map((p) => [p.code, p.params?.reason])).toEqual([
        ['MIGRATION_FAILED', reason],
      ]);
      expect(store.startupProblems[0]?.message).toMatch(/left exactly as they were/);
      expect(store.listConnections()).toEqual([]);
      expect(database.db.prepare('SELECT count(*) AS n FROM secrets').get()).toEqual({ n: 0 });
      expect((await readFile(join(dir, 'config.json'))).equals(before.config)).toBe(true);
      expect((await readFile(join(dir, 'vault.json'))).equals(before.vault)).toBe(true);
      expect(
        (await readdir(dir)).filter((name) => name.includes('.migrated-') || name.includes('.corrupt-')),
      ).toEqual([]);
    },
  );

  it('a disk error during the write rolls everything back, leaves the files, and the next start migrates', async () => {
    const failing = await open({
      beforeMigrationCommit: () => {
        throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' });
      },
    });
    expect(failing.store.startupProblems.map((p) => [p.code, p.params?.reason])).toEqual([
      ['MIGRATION_FAILED', 'write_failed'],
    ]);
    expect(failing.store.startupProblems[0]?.detail).toContain('SQLITE_IOERR_WRITE');
    expect(failing.store.listConnections()).toEqual([]);
    for (const table of ['apps', 'connections', 'history', 'secrets', 'meta'])
      expect(failing.database.db.prepare(`SELECT count(*) AS n FROM ${table}`).get(), table).toEqual({
        n: 0,
      });
    await legacyUntouched();
    failing.close();
    opened.length = 0;

    const next = await open();
    expect(next.store.startupProblems).toEqual([]);
    expect(next.store.listConnections()).toHaveLength(FIXTURE_CONNECTIONS.length);
  });
});
