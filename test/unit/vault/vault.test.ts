import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppVault } from '../../../src/main/ports';
import { AppError } from '../../../src/shared/errors';
import { MemoryKeychain, Vault, type Keychain } from '../../../src/main/vault';
import { decryptContent, decodeKey } from '../../../src/main/vault/vault-format';

const SERVICE = 'POS Connect';
const ACCOUNT = 'vault-key';

let dir: string;
let filePath: string;
let keychain: MemoryKeychain;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pos-vault-'));
  filePath = join(dir, 'vault.json');
  keychain = new MemoryKeychain();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const open = (options: { keychain?: Keychain } = {}) =>
  Vault.open({ filePath, keychain: options.keychain ?? keychain, now: () => Date.UTC(2025, 0, 2, 3, 4, 5) });

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

/** Every byte of every file in the directory, as latin1 text (a token is ASCII). */
async function allBytes(): Promise<string> {
  const names = await readdir(dir);
  const parts = await Promise.all(names.map((name) => readFile(join(dir, name), 'latin1')));
  return parts.join('\n');
}

describe('Vault', () => {
  it('satisfies the AppVault port the services are written against', async () => {
    const vault: AppVault = await open();
    expect(vault.startupProblems).toEqual([]);
  });

  it('round-trips connection secrets and client secrets through the encrypted file', async () => {
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
    expect(await again.listIds()).toEqual({ connections: ['c1'], apps: ['app1'] });
    expect(await again.getConnectionSecrets('nope')).toBeUndefined();
    expect(await again.getAppSecret('nope')).toBeUndefined();
  });

  it('writes a versioned AES-256-GCM envelope, mode 0600, with no secret in clear text', async () => {
    const vault = await open();
    const tokens = { accessToken: secret('access'), refreshToken: secret('refresh') };
    await vault.putConnectionSecrets('c1', tokens);
    await vault.putAppSecret('app1', secret('client'));

    const envelope = JSON.parse(await readFile(filePath, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(envelope).sort()).toEqual([
      'cipher',
      'data',
      'format',
      'iv',
      'keyId',
      'tag',
      'version',
    ]);
    expect(envelope).toMatchObject({ format: 'pos-connect-vault', version: 1, cipher: 'aes-256-gcm' });
    expect(Buffer.from(envelope.iv as string, 'base64')).toHaveLength(12);
    expect(Buffer.from(envelope.tag as string, 'base64')).toHaveLength(16);

    const bytes = await allBytes();
    for (const value of [tokens.accessToken, tokens.refreshToken, secret('client'), 'S3cr3t'])
      expect(bytes).not.toContain(value);
    // Nor base64 of it.
    expect(bytes).not.toContain(Buffer.from(tokens.accessToken).toString('base64').slice(0, 20));
    if (process.platform !== 'win32') expect((await stat(filePath)).mode & 0o777).toBe(0o600);
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('uses a fresh IV for every write', async () => {
    const vault = await open();
    const ivs = new Set<string>();
    for (let i = 0; i < 5; i += 1) {
      await vault.putAppSecret('app', 'same value');
      ivs.add((JSON.parse(await readFile(filePath, 'utf8')) as { iv: string }).iv);
    }
    expect(ivs.size).toBe(5);
  });

  it('does not touch the keychain at open, and reads it once per session', async () => {
    const vault = await open();
    expect(keychain.totalCalls).toBe(0);
    expect(vault.keychainStatus()).toMatchObject({ available: true, asked: false });

    await vault.putConnectionSecrets('c1', { accessToken: 'a1' });
    expect(keychain.calls).toEqual({ get: 1, set: 1, delete: 0 }); // first run: key created

    const next = await open();
    expect(keychain.totalCalls).toBe(2);
    await Promise.all([next.getConnectionSecrets('c1'), next.getAppSecret('x'), next.listIds()]);
    for (let i = 0; i < 20; i += 1) await next.updateTokens('c1', { accessToken: `a${i}` });
    await next.reload();
    await next.deleteConnectionSecrets('c1');
    expect(keychain.calls).toEqual({ get: 2, set: 1, delete: 0 });
    expect(next.keychainStatus()).toMatchObject({ available: true, asked: true });
  });

  it('keeps 10 KB tokens (no per-item limit)', async () => {
    const vault = await open();
    const big = {
      accessToken: secret('access', 10_240),
      refreshToken: secret('refresh', 10_240),
      idToken: secret('id', 10_240),
    };
    await vault.putConnectionSecrets('big', big);
    expect(await (await open()).getConnectionSecrets('big')).toEqual(big);
  });

  it('updateTokens keeps the old refresh token when none is given, and replaces it when one is', async () => {
    const vault = await open();
    await vault.putConnectionSecrets('c1', { accessToken: 'a1', refreshToken: 'r1', password: 'pw' });
    expect(await vault.updateTokens('c1', { accessToken: 'a2' })).toEqual({
      accessToken: 'a2',
      refreshToken: 'r1',
      password: 'pw',
    });
    expect(await vault.updateTokens('c1', { accessToken: 'a3', refreshToken: 'r3' })).toEqual({
      accessToken: 'a3',
      refreshToken: 'r3',
      password: 'pw',
    });
    expect(await (await open()).getConnectionSecrets('c1')).toEqual({
      accessToken: 'a3',
      refreshToken: 'r3',
      password: 'pw',
    });
  });

  it('putConnectionSecrets replaces the whole record in one write', async () => {
    const vault = await open();
    await vault.putConnectionSecrets('c1', { accessToken: 'a1', refreshToken: 'r1', password: 'pw' });
    const before = await readFile(filePath);
    await vault.putConnectionSecrets('c1', { accessToken: 'a2', refreshToken: 'r2' });
    const after = await readFile(filePath);
    expect(after.equals(before)).toBe(false);
    const key = decodeKey([...keychain.entries.values()][0]!)!;
    expect(decryptContent(after, key).connections.c1).toEqual({ accessToken: 'a2', refreshToken: 'r2' });
  });

  it('deletes connection and app secrets, writing nothing when there is nothing to delete', async () => {
    const vault = await open();
    await vault.putConnectionSecrets('c1', { accessToken: 'a1' });
    await vault.putAppSecret('app1', 'cs');
    await vault.deleteConnectionSecrets('c1');
    await vault.deleteAppSecret('app1');
    const written = await readFile(filePath);
    await vault.deleteConnectionSecrets('c1'); // nothing to delete: no write
    await vault.deleteAppSecret('app1');
    expect((await readFile(filePath)).equals(written)).toBe(true);
    expect(await (await open()).listIds()).toEqual({ connections: [], apps: [] });
  });

  it('tells "not found" from "keychain unavailable"', async () => {
    const vault = await open();
    expect(await vault.getConnectionSecrets('missing')).toBeUndefined();
    expect((await caught(vault.requireConnectionSecrets('missing'))).code).toBe('SECRET_NOT_FOUND');

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
    const vault = await open();
    await vault.putConnectionSecrets('c1', { accessToken: 'old-access', refreshToken: 'old-refresh' });
    const before = await readFile(filePath);
    const namesBefore = (await readdir(dir)).sort();

    keychain.failWith = 'The name org.freedesktop.secrets was not provided by any .service files';
    const next = await open();
    const attempts = [
      next.putConnectionSecrets('c1', {
        accessToken: secret('new-access'),
        refreshToken: secret('new-refresh'),
      }),
      next.updateTokens('c1', { accessToken: secret('new-access') }),
      next.putAppSecret('app1', secret('client')),
      next.deleteConnectionSecrets('c1'),
      next.getConnectionSecrets('c1'),
      next.reload(),
    ];
    for (const attempt of attempts) {
      const error = await caught(attempt);
      expect(error.code).toBe('KEYCHAIN_UNAVAILABLE');
      for (const text of [error.message, error.detail ?? '', JSON.stringify(error.toData())])
        expect(text).not.toContain('S3cr3t');
    }
    expect((await readFile(filePath)).equals(before)).toBe(true);
    expect((await readdir(dir)).sort()).toEqual(namesBefore);
    expect(await allBytes()).not.toContain('S3cr3t');
    expect(next.startupProblems).toEqual([]);

    // Once the keychain answers again, everything is still there: nobody was logged out.
    keychain.failWith = undefined;
    expect(await next.getConnectionSecrets('c1')).toEqual({
      accessToken: 'old-access',
      refreshToken: 'old-refresh',
    });
    expect(next.keychainStatus().available).toBe(true);
  });

  it('on first use with the keychain unavailable writes no file at all', async () => {
    keychain.failWith = 'Could not connect: No such file or directory';
    const vault = await open();
    expect((await caught(vault.putConnectionSecrets('c1', { accessToken: secret('a') }))).code).toBe(
      'KEYCHAIN_UNAVAILABLE',
    );
    expect(await readdir(dir)).toEqual([]);
  });

  it('a keychain that fails on set (key creation) changes nothing either', async () => {
    const flaky: Keychain = {
      get: async () => null,
      set: async () => {
        throw new Error('prompt dismissed');
      },
      delete: async () => false,
    };
    const vault = await Vault.open({ filePath, keychain: flaky });
    const error = await caught(vault.putAppSecret('a', 'x'));
    expect(error.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(error.detail).toBe('keychain set failed: prompt dismissed');
    expect(await readdir(dir)).toEqual([]);
  });

  describe('a vault file that cannot be read', () => {
    async function seed(): Promise<Buffer> {
      const vault = await open();
      await vault.putConnectionSecrets('c1', { accessToken: 'access-1', refreshToken: 'refresh-1' });
      return readFile(filePath);
    }

    async function expectKeptAside(original: Buffer, detail: RegExp) {
      const vault = await open();
      expect(await vault.getConnectionSecrets('c1')).toBeUndefined();
      expect(vault.startupProblems).toHaveLength(1);
      const problem = vault.startupProblems[0]!;
      expect(problem.code).toBe('VAULT_CORRUPT');
      expect(problem.detail).toMatch(detail);
      expect(problem.detail).toContain('kept aside as vault.json.corrupt-2025-01-02T03-04-05-000Z');
      const names = await readdir(dir);
      const aside = names.filter((name) => name.startsWith('vault.json.corrupt-'));
      expect(aside).toHaveLength(1);
      expect((await readFile(join(dir, aside[0]!))).equals(original)).toBe(true);
      expect(names).not.toContain('vault.json');
      // The vault works again, empty, and writes a new file beside the kept one.
      await vault.putConnectionSecrets('c2', { accessToken: 'fresh' });
      expect(await (await open()).getConnectionSecrets('c2')).toEqual({ accessToken: 'fresh' });
      expect((await readFile(join(dir, aside[0]!))).equals(original)).toBe(true);
      return vault;
    }

    it('tampered ciphertext: kept aside, VAULT_CORRUPT', async () => {
      const original = await seed();
      const envelope = JSON.parse(original.toString('utf8')) as { data: string };
      const data = Buffer.from(envelope.data, 'base64');
      data[0] = data[0]! ^ 0x01;
      const tampered = Buffer.from(JSON.stringify({ ...envelope, data: data.toString('base64') }));
      await writeFile(filePath, tampered);
      await expectKeptAside(tampered, /integrity check/);
    });

    it('tampered clear-text field bound by the AAD (version): kept aside', async () => {
      const original = await seed();
      const envelope = JSON.parse(original.toString('utf8')) as Record<string, unknown>;
      const changed = Buffer.from(JSON.stringify({ ...envelope, version: 2 }));
      await writeFile(filePath, changed);
      await expectKeptAside(changed, /version 2/);
    });

    it('truncated file: kept aside', async () => {
      const original = await seed();
      const truncated = original.subarray(0, original.length >> 1);
      await writeFile(filePath, truncated);
      await expectKeptAside(truncated, /not JSON/);
    });

    it('encrypted with another key: kept aside', async () => {
      const original = await seed();
      keychain.entries.set(JSON.stringify([SERVICE, ACCOUNT]), Buffer.alloc(32, 7).toString('base64'));
      await expectKeptAside(original, /another key/);
    });

    it('key missing from the keychain while the file exists: kept aside, never overwritten', async () => {
      const original = await seed();
      keychain.entries.clear();
      const vault = await expectKeptAside(original, /key missing/);
      expect(keychain.entries.size).toBe(1);
      expect(vault.keychainStatus().available).toBe(true);
    });

    it('problems carry no secret', async () => {
      await seed();
      await writeFile(filePath, '{"format":"pos-connect-vault","access-1":"refresh-1"');
      const vault = await open();
      await vault.listIds();
      expect(JSON.stringify(vault.startupProblems)).not.toMatch(/access-1|refresh-1/);
    });
  });

  it('never loses concurrent updates', async () => {
    const vault = await open();
    await Promise.all([
      ...Array.from({ length: 25 }, (_, i) =>
        vault.putConnectionSecrets(`c${i}`, { accessToken: `a${i}`, refreshToken: `r${i}` }),
      ),
      ...Array.from({ length: 25 }, (_, i) => vault.putAppSecret(`app${i}`, `s${i}`)),
    ]);
    await Promise.all(
      Array.from({ length: 25 }, (_, i) => vault.updateTokens(`c${i}`, { accessToken: `b${i}` })),
    );
    const again = await open();
    const ids = await again.listIds();
    expect(ids.connections).toHaveLength(25);
    expect(ids.apps).toHaveLength(25);
    for (let i = 0; i < 25; i += 1)
      expect(await again.getConnectionSecrets(`c${i}`)).toEqual({
        accessToken: `b${i}`,
        refreshToken: `r${i}`,
      });
  });

  it('two instances on one file: writes merge with what the other wrote, reload sees a rotated token', async () => {
    const a = await open();
    await a.putConnectionSecrets('c1', { accessToken: 'a1', refreshToken: 'r1' });
    const b = await open();
    expect(await b.getConnectionSecrets('c1')).toEqual({ accessToken: 'a1', refreshToken: 'r1' });

    await a.updateTokens('c1', { accessToken: 'a2', refreshToken: 'r2' }); // a rotates the single-use token
    expect((await b.getConnectionSecrets('c1'))?.refreshToken).toBe('r1'); // b's memory is stale...
    await b.reload();
    expect((await b.getConnectionSecrets('c1'))?.refreshToken).toBe('r2'); // ...until it re-reads

    await a.updateTokens('c1', { accessToken: 'a3', refreshToken: 'r3' });
    await b.putAppSecret('app1', 'cs'); // b's write starts from the file, not its stale memory
    expect(await (await open()).getConnectionSecrets('c1')).toEqual({
      accessToken: 'a3',
      refreshToken: 'r3',
    });
  });

  it('adopts a key another instance put in the keychain instead of setting its file aside', async () => {
    const a = await open();
    await a.putConnectionSecrets('c1', { accessToken: 'a1' });
    const b = await open();
    await b.putConnectionSecrets('c2', { accessToken: 'b1' });
    // b loses its key and starts over (its old file kept aside): a still holds the old key.
    keychain.entries.clear();
    const c = await open();
    await c.putConnectionSecrets('c3', { accessToken: 'c1' });
    expect(c.startupProblems.map((p) => p.code)).toEqual(['VAULT_CORRUPT']);
    const getsBefore = keychain.calls.get;
    await a.reload();
    expect(keychain.calls.get).toBe(getsBefore + 1);
    expect(a.startupProblems).toEqual([]);
    expect(await a.getConnectionSecrets('c3')).toEqual({ accessToken: 'c1' });
    await a.putAppSecret('app', 'x');
    expect(await (await open()).getAppSecret('app')).toBe('x');
  });

  it('refuses malformed secrets without echoing them', async () => {
    const vault = await open();
    const bad = { accessToken: '', refreshToken: 'r-S3cr3t', extra: 'x-S3cr3t' } as unknown as {
      accessToken: string;
    };
    const error = await caught(vault.putConnectionSecrets('c1', bad));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.detail).toMatch(/accessToken/);
    expect(error.detail).toMatch(/extra/);
    expect(JSON.stringify(error.toData())).not.toContain('S3cr3t');
    expect(await readdir(dir)).toEqual([]);
  });
});
