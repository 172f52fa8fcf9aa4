import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppErrorData } from '../../../src/shared/errors';
import { DATABASE_FILE_NAME } from '../../../src/main/db/database';
import { openStorage } from '../../../src/main/storage';
import { KeytarKeychain, MemoryKeychain, VAULT_KEY_ACCOUNT, type Keychain } from '../../../src/main/vault';

/**
 * The secret store (src/main/db/secret-store.ts) against the real OS keychain through keytar: gnome-keyring on a private D-Bus session
 * (scripts/with-keyring.sh), Keychain Access or Credential Manager elsewhere. Each run uses its own
 * service name and deletes its entries afterwards.
 */

const run = promisify(execFile);
const SERVICE = `POS Connect test ${randomBytes(6).toString('hex')}`;
const noSecretService = process.platform === 'linux' && !process.env.DBUS_SESSION_BUS_ADDRESS;
if (noSecretService)
  console.warn(
    'SKIPPED: real-keychain vault tests need a D-Bus session with gnome-keyring (run them through scripts/test.mjs (npm test)).',
  );

/** Counts the calls that reach keytar. */
class CountingKeychain implements Keychain {
  calls = 0;
  constructor(private readonly inner: Keychain) {}
  get(service: string, account: string) {
    this.calls += 1;
    return this.inner.get(service, account);
  }
  set(service: string, account: string, value: string) {
    this.calls += 1;
    return this.inner.set(service, account, value);
  }
  delete(service: string, account: string) {
    this.calls += 1;
    return this.inner.delete(service, account);
  }
}

let dir: string;
/** Every byte the database has on disk, as latin1 text. */
const databaseBytes = async () =>
  (
    await Promise.all(
      (await readdir(dir))
        .filter((name) => name.startsWith(DATABASE_FILE_NAME))
        .map((name) => readFile(join(dir, name), 'latin1')),
    )
  ).join('\n');

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pos-vault-keytar-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(noSecretService)('KeytarKeychain against the real keychain', () => {
  const keychain = new KeytarKeychain();
  afterAll(async () => {
    await keychain.delete(SERVICE, VAULT_KEY_ACCOUNT);
    await keychain.delete(SERVICE, 'probe');
  });

  it('stores, reads and deletes an entry', async () => {
    expect(await keychain.get(SERVICE, 'probe')).toBeNull();
    await keychain.set(SERVICE, 'probe', 'value-1');
    expect(await keychain.get(SERVICE, 'probe')).toBe('value-1');
    expect(await keychain.delete(SERVICE, 'probe')).toBe(true);
    expect(await keychain.get(SERVICE, 'probe')).toBeNull();
    expect(await keychain.delete(SERVICE, 'probe')).toBe(false);
  });

  it('keeps the vault key there and the secrets in encrypted rows, across sessions', async () => {
    const first = new CountingKeychain(new KeytarKeychain());
    const storage = await openStorage({ dataDir: dir, keychain: first, keychainService: SERVICE });
    const { vault } = storage;
    expect(first.calls).toBe(0);
    const big = {
      accessToken: `eyJ${'A'.repeat(12_000)}`,
      refreshToken: `rt-${randomBytes(32).toString('hex')}`,
    };
    await vault.putConnectionSecrets('c1', big);
    await vault.putAppSecret('app1', 'client-secret-value');
    await storage.integrity.settled();
    // get (none yet) + set (new key, generation 0) + one generation write per secret write.
    expect(first.calls).toBe(4);

    const entry = JSON.parse((await keychain.get(SERVICE, VAULT_KEY_ACCOUNT)) ?? '{}') as {
      key?: string;
      generation?: number;
    };
    expect(entry.key).toMatch(/^[A-Za-z0-9+/]{43}=$/); // 32 random bytes, base64
    expect(entry.generation).toBe(2);
    const stored = entry.key;
    const fileText = await databaseBytes();
    for (const value of [big.refreshToken, 'client-secret-value', 'AAAAAAAAAA', stored ?? 'x'])
      expect(fileText).not.toContain(value);

    // A new session: one keychain read, however many secrets are used.
    storage.close();
    const second = new CountingKeychain(new KeytarKeychain());
    const reopened = await openStorage({ dataDir: dir, keychain: second, keychainService: SERVICE });
    const again = reopened.vault;
    expect(await again.getConnectionSecrets('c1')).toEqual(big);
    expect(await again.getAppSecret('app1')).toBe('client-secret-value');
    await again.putConnectionSecrets('c1', { accessToken: 'a2', refreshToken: big.refreshToken });
    await again.reload();
    expect(await again.getConnectionSecrets('c1')).toEqual({
      accessToken: 'a2',
      refreshToken: big.refreshToken,
    });
    await reopened.integrity.settled();
    // One read (at open), and the one secret write's generation.
    expect(second.calls).toBe(2);
    reopened.close();
  });

  it('secrets whose key was removed from the keychain are kept aside, not overwritten', async () => {
    const service = `${SERVICE} lost`;
    try {
      const first = await openStorage({ dataDir: dir, keychain, keychainService: service });
      await first.vault.putConnectionSecrets('c1', { accessToken: 'a1' });
      const original = first.database.db.prepare('SELECT key_id, iv, tag, data FROM secrets').all();
      first.close();
      await keychain.delete(service, VAULT_KEY_ACCOUNT);

      const after = await openStorage({ dataDir: dir, keychain, keychainService: service });
      expect(await after.vault.getConnectionSecrets('c1')).toBeUndefined();
      expect(after.vault.startupProblems.map((p) => p.code)).toEqual(['VAULT_CORRUPT']);
      expect(after.database.db.prepare('SELECT key_id, iv, tag, data FROM secrets_aside').all()).toEqual(
        original,
      );
      // A new key now, and the secret can be stored again.
      await after.vault.putConnectionSecrets('c1', { accessToken: 'a2' });
      expect(await after.vault.getConnectionSecrets('c1')).toEqual({ accessToken: 'a2' });
      after.close();
    } finally {
      await keychain.delete(service, VAULT_KEY_ACCOUNT);
    }
  });
});

describe('KeytarKeychain with no Secret Service reachable', () => {
  const runChild = async () => {
    const child = join(import.meta.dirname, 'fixtures', 'unavailable-child.ts');
    const env = {
      ...process.env,
      DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dir, 'no-such-bus')}`,
      DISPLAY: '',
    };
    const { stdout } = await run(process.execPath, ['--import', 'tsx', child, dir, SERVICE], {
      env,
      cwd: process.cwd(),
      timeout: 30_000,
    });
    const results = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<
      string,
      AppErrorData & { ok?: boolean }
    > & {
      keychainStatus: { available: boolean; error?: AppErrorData };
    };
    return { stdout, results };
  };

  it('is KEYCHAIN_UNAVAILABLE for every operation, writes nothing and leaks nothing', async () => {
    const { stdout, results } = await runChild();
    for (const name of ['put', 'get', 'putAppSecret', 'delete'] as const) {
      expect(results[name]?.code, name).toBe('KEYCHAIN_UNAVAILABLE');
      expect(results[name]?.message).toMatch(/keychain is not available/);
      expect(results[name]?.detail).toMatch(/^keychain (get|load) failed: /);
    }
    expect(results.keychainStatus.available).toBe(false);
    expect(stdout).not.toContain('S3cr3t');
    // No secret stored, no temporary file, no plaintext anywhere.
    expect((await readdir(dir)).filter((name) => !name.startsWith(DATABASE_FILE_NAME))).toEqual([]);
    expect(await databaseBytes()).not.toContain('S3cr3t');
  });

  it('leaves an existing database byte for byte as it was', async () => {
    const seeded = await openStorage({ dataDir: dir, keychain: new MemoryKeychain() });
    await seeded.vault.putConnectionSecrets('c1', { accessToken: 'a1', refreshToken: 'r1' });
    seeded.close();
    const before = await readFile(join(dir, DATABASE_FILE_NAME));
    const { results } = await runChild();
    expect(results.put?.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(results.delete?.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(await readdir(dir)).toEqual([DATABASE_FILE_NAME]);
    expect((await readFile(join(dir, DATABASE_FILE_NAME))).equals(before)).toBe(true);
  });
});
