import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeEntry, encodeEntry } from '../../../src/main/db/vault-key';
import { macKeyOf, rowMac } from '../../../src/main/db/record-mac';
import { openStorage, type Storage } from '../../../src/main/storage';
import { MemoryKeychain, VAULT_KEY_ACCOUNT } from '../../../src/main/vault';
import { DEFAULT_KEYCHAIN_SERVICE } from '../../../src/main/vault/keychain';
import { generateKey } from '../../../src/main/vault/vault-format';
import { AppError } from '../../../src/shared/errors';
import { connectionRecord } from '../../support/connection-record';

/**
 * The integrity rules of src/main/db/integrity.ts that the integration test cannot reach with the
 * real keychain: the crash windows between the database and the keychain, a keychain that refuses
 * while records change, and the entry format of the keychain.
 */

let dir: string;
let keychain: MemoryKeychain;
const opened: Storage[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pos-integrity-'));
  keychain = new MemoryKeychain();
});
afterEach(async () => {
  for (const storage of opened.splice(0)) {
    await storage.integrity.settled();
    storage.close();
  }
  await rm(dir, { recursive: true, force: true });
});

const open = async () => {
  const storage = await openStorage({ dataDir: dir, keychain, now: () => Date.UTC(2026, 0, 1) });
  opened.push(storage);
  return storage;
};
const restart = async () => {
  for (const storage of opened.splice(0)) {
    await storage.integrity.settled();
    storage.close();
  }
  return open();
};
const entry = () =>
  decodeEntry(keychain.entries.get(JSON.stringify([DEFAULT_KEYCHAIN_SERVICE, VAULT_KEY_ACCOUNT]))!);
const problems = (storage: Storage) => [...storage.store.startupProblems, ...storage.vault.startupProblems];

describe('the vault generation across the database and the keychain', () => {
  it('a crash between the database commit and the keychain write is no alarm, and the keychain is brought level', async () => {
    const first = await open();
    first.store.saveConnection(connectionRecord());
    await first.vault.putConnectionSecrets('c1', { accessToken: 'a1', refreshToken: 'r1' });
    await first.integrity.settled();
    expect(entry()?.generation).toBe(1);
    // The next write reaches the database, never the keychain (the process dies in between).
    keychain.failWith = 'killed';
    await first.vault.putConnectionSecrets('c1', { accessToken: 'a2', refreshToken: 'r2' });
    await first.integrity.settled();
    keychain.failWith = undefined;
    expect(entry()?.generation).toBe(1);

    const sets = keychain.calls.set;
    const next = await restart();
    expect(problems(next)).toEqual([]);
    await next.integrity.settled();
    expect(entry()?.generation).toBe(2);
    expect(keychain.calls.set).toBe(sets + 1); // the one catch-up write, only after such a crash
    expect(await next.vault.getConnectionSecrets('c1')).toEqual({ accessToken: 'a2', refreshToken: 'r2' });
  });

  it('a keychain ahead of the database (what keychain-first would leave after a crash) is reported as an older copy', async () => {
    const first = await open();
    first.store.saveConnection(connectionRecord());
    await first.vault.putConnectionSecrets('c1', { accessToken: 'a1' });
    await first.integrity.settled();
    const { key, generation } = entry()!;
    await keychain.set(DEFAULT_KEYCHAIN_SERVICE, VAULT_KEY_ACCOUNT, encodeEntry(key, (generation ?? 0) + 1));

    const next = await restart();
    expect(problems(next).map((p) => p.code)).toEqual(['VAULT_ROLLBACK']);
    // Nothing deleted; the secret still reads.
    expect(await next.vault.getConnectionSecrets('c1')).toEqual({ accessToken: 'a1' });
    expect(next.store.getHistory('c1').at(-1)?.data).toEqual({ warning: 'vault_rollback' });
  });

  it('a generation forged in the database (a copy given a high number) fails its check and is reported', async () => {
    const first = await open();
    first.store.saveConnection(connectionRecord());
    await first.vault.putConnectionSecrets('c1', { accessToken: 'a1' });
    first.database.db
      .prepare("UPDATE meta SET value = ? WHERE key = 'vault_generation'")
      .run(JSON.stringify({ generation: 1000, mac: 'forged' }));
    const next = await restart();
    expect(problems(next).map((p) => p.code)).toEqual(['VAULT_ROLLBACK']);
  });

  it('two sessions on one file never move the generation back', async () => {
    const a = await open();
    a.store.saveConnection(connectionRecord());
    for (let i = 0; i < 3; i += 1) await a.vault.putConnectionSecrets('c1', { accessToken: `a${i}` });
    const b = await open();
    await b.vault.getConnectionSecrets('c1');
    for (let i = 0; i < 3; i += 1) await a.vault.putConnectionSecrets('c1', { accessToken: `b${i}` });
    await b.vault.putConnectionSecrets('c1', { accessToken: 'from b' });
    expect(b.integrity.currentGeneration()).toBe(7);
    const next = await restart();
    expect(problems(next)).toEqual([]);
  });
});

describe('record MACs', () => {
  it('while the keychain refuses, a state change keeps its MAC and an address change is refused', async () => {
    const first = await open();
    first.store.saveConnection(connectionRecord({ origins: { token: 'https://vendor.example' } }));
    await first.vault.putConnectionSecrets('c1', { accessToken: 'a1' });
    keychain.failWith = 'the keyring is locked';
    const locked = await restart();
    const record = locked.store.getConnection('c1')!;
    locked.store.saveConnection({ ...record, state: 'failed', lastRefreshFailed: true, label: 'Renamed' });
    let refused: unknown;
    try {
      locked.store.saveConnection({ ...record, origins: { token: 'https://elsewhere.example' } });
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(locked.store.getConnection('c1')?.origins?.token).toBe('https://vendor.example');

    keychain.failWith = undefined;
    const next = await restart();
    expect(problems(next)).toEqual([]);
    expect(next.store.getConnection('c1')).toMatchObject({ state: 'failed', label: 'Renamed' });
  });

  it('a MAC removed, or copied from another row, fails: the connection is held, its row kept aside', async () => {
    const first = await open();
    first.store.saveConnection(connectionRecord({ id: 'c1' }));
    first.store.saveConnection(connectionRecord({ id: 'c2' }));
    await first.vault.putConnectionSecrets('c1', { accessToken: 'a1' });
    await first.vault.putConnectionSecrets('c2', { accessToken: 'a2' });
    const { db } = first.database;
    db.prepare("UPDATE connections SET mac = NULL WHERE id = 'c1'").run();
    db.prepare(
      "UPDATE connections SET mac = (SELECT mac FROM connections WHERE id = 'c1') WHERE id = 'c2'",
    ).run();

    const next = await restart();
    expect(problems(next).map((p) => p.code)).toEqual(['RECORD_TAMPERED']);
    for (const id of ['c1', 'c2']) {
      expect(next.store.getConnection(id)).toMatchObject({
        state: 'needs_reauthorization',
        stateReason: { code: 'RECORD_TAMPERED' },
      });
      expect(await next.vault.getConnectionSecrets(id)).toBeUndefined();
    }
    expect(next.database.db.prepare('SELECT count(*) AS n FROM records_aside').get()).toEqual({ n: 2 });
    expect(next.database.db.prepare('SELECT count(*) AS n FROM secrets').get()).toEqual({ n: 2 });
  });

  it('checked only when the keychain first answers: the request in progress is refused, the next one is clean', async () => {
    const first = await open();
    first.store.saveApp({
      id: 'app1',
      providerId: 'sumup',
      label: 'App',
      clientId: 'client',
      hasClientSecret: true,
      params: {},
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    await first.vault.putAppSecret('app1', 'client-secret-value');
    first.store.updateSettings({
      endpointOverrides: { sumup: { token: 'https://staging.sumup.example/token' } },
    });
    const json = JSON.parse(
      first.database.db.prepare<[], { json: string }>('SELECT json FROM settings').get()!.json,
    ) as { endpointOverrides: Record<string, { token: string }> };
    json.endpointOverrides.sumup = { token: 'https://elsewhere.example/token' };
    first.database.db.prepare('UPDATE settings SET json = ?').run(JSON.stringify(json));

    keychain.failWith = 'the keyring is locked';
    const locked = await restart();
    expect(locked.vault.keychainStatus().available).toBe(false);
    keychain.failWith = undefined;
    let refused: unknown;
    try {
      await locked.vault.getAppSecret('app1');
    } catch (error) {
      refused = error;
    }
    expect((refused as AppError).code).toBe('RECORD_TAMPERED');
    expect(locked.store.getSettings().endpointOverrides).toEqual({});
    expect(problems(locked).map((p) => p.code)).toEqual(['RECORD_TAMPERED']);
    expect(await locked.vault.getAppSecret('app1')).toBe('client-secret-value');
  });

  it('the MAC key is derived (HKDF), not the vault key itself, and names its table and row', () => {
    const key = generateKey();
    const macKey = macKeyOf(key);
    expect(macKey.equals(key.bytes)).toBe(false);
    expect(macKey).toHaveLength(32);
    const binding = '["c1"]';
    expect(rowMac(macKey, 'connections', 'c1', binding)).not.toBe(
      rowMac(macKey, 'connections', 'c2', binding),
    );
    expect(rowMac(macKey, 'connections', 'c1', binding)).not.toBe(rowMac(macKey, 'apps', 'c1', binding));
  });
});

describe('the keychain entry', () => {
  it('reads the earlier format (the key alone) and the new one (key and generation)', () => {
    const key = generateKey();
    expect(decodeEntry(key.bytes.toString('base64'))).toEqual({ key });
    expect(decodeEntry(encodeEntry(key, 7))).toEqual({ key, generation: 7 });
    expect(decodeEntry('{"key":"short","generation":1}')).toBeUndefined();
    expect(
      decodeEntry(JSON.stringify({ key: key.bytes.toString('base64'), generation: -1 })),
    ).toBeUndefined();
    expect(decodeEntry('not a key')).toBeUndefined();
  });
});
