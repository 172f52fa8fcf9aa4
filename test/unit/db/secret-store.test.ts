import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppVault } from '../../../src/main/ports';
import { DATABASE_FILE_NAME } from '../../../src/main/db/database';
import { decryptRow, encryptRow, rowAad, type SecretRow } from '../../../src/main/db/secret-rows';
import { openStorage, type Storage } from '../../../src/main/storage';
import { MemoryKeychain, type Keychain } from '../../../src/main/vault';
import { decodeEntry } from '../../../src/main/db/vault-key';
import { generateKey } from '../../../src/main/vault/vault-format';
import { AppError } from '../../../src/shared/errors';

/**
 * The secrets of pos-connect.db (src/main/db/secret-store.ts, secret-rows.ts): one AES-256-GCM row
 * per secret under the vault key from the keychain, with the row's kind and id as associated data.
 */

let dir: string;
let keychain: MemoryKeychain;
const opened: Storage[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pos-secrets-'));
  keychain = new MemoryKeychain();
});
afterEach(async () => {
  for (const storage of opened.splice(0)) storage.close();
  await rm(dir, { recursive: true, force: true });
});

const openFull = async (options: { keychain?: Keychain } = {}) => {
  const storage = await openStorage({
    dataDir: dir,
    keychain: options.keychain ?? keychain,
    now: () => Date.UTC(2025, 0, 2, 3, 4, 5),
  });
  opened.push(storage);
  return storage;
};
const open = async (options: { keychain?: Keychain } = {}) => (await openFull(options)).vault;

/** Distinctive secrets, so a scan for them cannot match by chance. */
const secret = (name: string, length = 48) =>
  `${name}-${'S3cr3t'.repeat(Math.ceil(length / 6))}`.slice(0, length);

async function caught(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

/** Every byte of the database on disk (file, WAL, shared memory), as latin1 text. */
async function allBytes(): Promise<string> {
  const names = await readdir(dir);
  return (await Promise.all(names.map((name) => readFile(join(dir, name), 'latin1')))).join('\n');
}

const secretRows = (storage: Storage) =>
  storage.database.db
    .prepare<[], SecretRow>('SELECT kind, id, key_id, iv, tag, data FROM secrets ORDER BY kind, id')
    .all();

describe('secret store', () => {
  it('satisfies the AppVault port the services are written against', async () => {
    const vault: AppVault = await open();
    expect(vault.startupProblems).toEqual([]);
  });

  it('round-trips connection secrets and client secrets across sessions', async () => {
    const vault = await open();
    const pair = {
      accessToken: secret('access'),
      refreshToken: secret('refresh'),
      password: secret('pw', 12),
      idToken: secret('id'),
    };
    await vault.putConnectionSecrets('c1', pair);
    await vault.putAppSecret('app1', secret('client'));

    const again = await open();
    expect(await again.getConnectionSecrets('c1')).toEqual(pair);
    expect(await again.getAppSecret('app1')).toBe(secret('client'));
    expect(await again.getConnectionSecrets('nope')).toBeUndefined();
    expect(await again.getAppSecret('nope')).toBeUndefined();
  });

  it('one AES-256-GCM row per secret, a fresh IV each write, no secret in clear or base64 on disk', async () => {
    const storage = await openFull();
    const tokens = { accessToken: secret('access'), refreshToken: secret('refresh') };
    await storage.vault.putConnectionSecrets('c1', tokens);
    const ivs = new Set<string>();
    for (let i = 0; i < 5; i += 1) {
      await storage.vault.putAppSecret('app1', secret('client'));
      ivs.add(
        secretRows(storage)
          .find((row) => row.kind === 'app')!
          .iv.toString('hex'),
      );
    }
    expect(ivs.size).toBe(5);
    const rows = secretRows(storage);
    expect(rows.map((row) => [row.kind, row.id, row.iv.length, row.tag.length])).toEqual([
      ['app', 'app1', 12, 16],
      ['connection', 'c1', 12, 16],
    ]);
    const bytes = await allBytes();
    for (const value of [tokens.accessToken, tokens.refreshToken, secret('client'), 'S3cr3t'])
      expect(bytes).not.toContain(value);
    expect(bytes).not.toContain(Buffer.from(tokens.accessToken).toString('base64').slice(0, 20));
  });

  it('binds each row to its kind and id: a row moved elsewhere fails its tag', () => {
    const key = generateKey();
    const row = encryptRow('connection', 'c1', '{"accessToken":"a"}', key);
    expect(decryptRow(row, key)).toBe('{"accessToken":"a"}');
    expect(() => decryptRow({ ...row, id: 'c2' }, key)).toThrow(/integrity check/);
    expect(() => decryptRow({ ...row, kind: 'app' }, key)).toThrow(/integrity check/);
    expect(rowAad('connection', 'a|b', 'k').equals(rowAad('connection', 'a', 'b|k'))).toBe(false);
  });

  it('a fresh install asks the keychain nothing at open; a start with data reads it once, at open', async () => {
    const fresh = await openFull();
    expect(keychain.totalCalls).toBe(0);
    expect(fresh.vault.keychainStatus()).toMatchObject({ available: true, asked: false });

    await fresh.vault.putConnectionSecrets('c1', { accessToken: 'a1' });
    await fresh.integrity.settled();
    // First run: the key is looked for, made (generation 0), then the write's generation 1 stored beside it.
    expect(keychain.calls).toEqual({ get: 1, set: 2, delete: 0 });

    const next = await openFull();
    expect(keychain.calls).toEqual({ get: 2, set: 2, delete: 0 }); // the session's one read, at open
    await Promise.all([next.vault.getConnectionSecrets('c1'), next.vault.getAppSecret('x')]);
    for (let i = 0; i < 20; i += 1) await next.vault.putConnectionSecrets('c1', { accessToken: `a${i}` });
    await next.vault.reload();
    await next.vault.deleteConnectionSecrets('c1');
    await next.integrity.settled();
    // No other read; each of the 21 secret writes (spread in time) wrote its generation to the keychain.
    expect(keychain.calls).toEqual({ get: 2, set: 2 + 21, delete: 0 });
    expect(next.integrity.currentGeneration()).toBe(22);
    expect(next.vault.keychainStatus()).toMatchObject({ available: true, asked: true });
  });

  it('keeps 10 KB tokens (no per-item limit)', async () => {
    const vault = await open();
    const big = { accessToken: secret('access', 10_240), refreshToken: secret('refresh', 10_240) };
    await vault.putConnectionSecrets('c1', big);
    expect(await (await open()).getConnectionSecrets('c1')).toEqual(big);
  });

  it('tells "not found" from "keychain unavailable"', async () => {
    const vault = await open();
    expect(await vault.getConnectionSecrets('missing')).toBeUndefined();
    const locked = new MemoryKeychain();
    locked.failWith = 'Cannot create an item in a locked collection';
    const other = await open({ keychain: locked });
    const error = await caught(other.getConnectionSecrets('missing'));
    expect(error.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(error.message).toMatch(/keychain is not available/);
    expect(error.detail).toMatch(/locked collection/);
    expect(other.keychainStatus()).toMatchObject({
      available: false,
      error: { code: 'KEYCHAIN_UNAVAILABLE' },
    });
  });

  it('with the keychain unavailable: changes nothing, byte for byte, and writes no clear text anywhere', async () => {
    const first = await openFull();
    await first.vault.putConnectionSecrets('c1', { accessToken: 'old-access', refreshToken: 'old-refresh' });
    await first.vault.putAppSecret('app1', 'old-client');
    first.close();
    const before = await readFile(join(dir, DATABASE_FILE_NAME));

    keychain.failWith = 'The name org.freedesktop.secrets was not provided by any .service files';
    const next = await open();
    const attempts = [
      next.putConnectionSecrets('c1', {
        accessToken: secret('new-access'),
        refreshToken: secret('new-refresh'),
      }),
      next.putAppSecret('app1', secret('client')),
      next.deleteConnectionSecrets('c1'),
      next.deleteAppSecret('app1'),
      next.getConnectionSecrets('c1'),
    ];
    for (const attempt of attempts) {
      const error = await caught(attempt);
      expect(error.code).toBe('KEYCHAIN_UNAVAILABLE');
      expect(JSON.stringify(error.toData())).not.toContain('S3cr3t');
    }
    for (const storage of opened.splice(0)) storage.close();
    expect((await readFile(join(dir, DATABASE_FILE_NAME))).equals(before)).toBe(true);
    expect(await allBytes()).not.toContain('S3cr3t');

    // Once the keychain answers again, everything is still there: nobody was logged out.
    keychain.failWith = undefined;
    const back = await open();
    expect(await back.getConnectionSecrets('c1')).toEqual({
      accessToken: 'old-access',
      refreshToken: 'old-refresh',
    });
    expect(await back.getAppSecret('app1')).toBe('old-client');
  });

  it('a keychain that fails on set (key creation) stores nothing', async () => {
    const flaky: Keychain = {
      get: async () => null,
      set: async () => {
        throw new Error('prompt dismissed');
      },
      delete: async () => false,
    };
    const storage = await openFull({ keychain: flaky });
    const error = await caught(storage.vault.putAppSecret('a', 'x-S3cr3t'));
    expect(error.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(error.detail).toBe('keychain set failed: prompt dismissed');
    expect(secretRows(storage)).toEqual([]);
  });

  it('a key missing from the keychain while rows exist: rows kept aside, reported, new key', async () => {
    const first = await openFull();
    await first.vault.putConnectionSecrets('c1', { accessToken: 'a1' });
    const rows = secretRows(first);
    keychain.entries.clear();
    const storage = await openFull();
    expect(await storage.vault.getConnectionSecrets('c1')).toBeUndefined();
    expect(storage.vault.startupProblems.map((p) => p.code)).toEqual(['VAULT_CORRUPT']);
    expect(
      storage.database.db.prepare('SELECT kind, id, key_id, iv, tag, data FROM secrets_aside').all(),
    ).toEqual(rows);
    expect(JSON.stringify(storage.vault.startupProblems)).not.toContain('a1"');
  });

  it('never loses concurrent updates', async () => {
    const vault = await open();
    await Promise.all([
      ...Array.from({ length: 25 }, (_, i) =>
        vault.putConnectionSecrets(`c${i}`, { accessToken: `a${i}`, refreshToken: `r${i}` }),
      ),
      ...Array.from({ length: 25 }, (_, i) => vault.putAppSecret(`app${i}`, `s${i}`)),
    ]);
    const again = await open();
    for (let i = 0; i < 25; i += 1) {
      expect(await again.getConnectionSecrets(`c${i}`)).toEqual({
        accessToken: `a${i}`,
        refreshToken: `r${i}`,
      });
      expect(await again.getAppSecret(`app${i}`)).toBe(`s${i}`);
    }
  });

  it('two sessions on one database: each read sees a token the other rotated', async () => {
    const a = await open();
    await a.putConnectionSecrets('c1', { accessToken: 'a1', refreshToken: 'r1' });
    const b = await open();
    expect(await b.getConnectionSecrets('c1')).toEqual({ accessToken: 'a1', refreshToken: 'r1' });
    await a.putConnectionSecrets('c1', { accessToken: 'a2', refreshToken: 'r2' }); // a rotates the single-use token
    expect((await b.getConnectionSecrets('c1'))?.refreshToken).toBe('r2');
  });

  it('adopts a key another session put in the keychain instead of setting its rows aside', async () => {
    const a = await open();
    await a.putConnectionSecrets('c1', { accessToken: 'a1' });
    // Another session finds no key, makes one (setting c1 aside) and stores c3 under it.
    keychain.entries.clear();
    const c = await open();
    await c.putConnectionSecrets('c3', { accessToken: 'c1' });
    expect(c.startupProblems.map((p) => p.code)).toEqual(['VAULT_CORRUPT']);
    const getsBefore = keychain.calls.get;
    expect(await a.getConnectionSecrets('c3')).toEqual({ accessToken: 'c1' });
    expect(keychain.calls.get).toBe(getsBefore + 1);
    expect(a.startupProblems).toEqual([]);
    const stored = [...keychain.entries.values()][0];
    expect(stored && decodeEntry(stored)?.key).toBeDefined();
  });

  it('refuses malformed secrets without echoing them', async () => {
    const storage = await openFull();
    const bad = { accessToken: '', refreshToken: 'r-S3cr3t', extra: 'x-S3cr3t' } as unknown as {
      accessToken: string;
    };
    const error = await caught(storage.vault.putConnectionSecrets('c1', bad));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.detail).toMatch(/accessToken/);
    expect(error.detail).toMatch(/extra/);
    expect(JSON.stringify(error.toData())).not.toContain('S3cr3t');
    expect(secretRows(storage)).toEqual([]);
  });
});
