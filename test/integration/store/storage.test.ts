import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE_NAME } from '../../../src/main/db/database';
import { openStorage } from '../../../src/main/storage';
import { connectionRecordSchema } from '../../../src/main/store/schema';
import { MemoryKeychain } from '../../../src/main/vault';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pos-storage-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('records and secrets side by side', () => {
  it('a connection saved the way the service saves it leaves no secret in clear in any file', async () => {
    const { store, vault, close } = await openStorage({ dataDir: dir, keychain: new MemoryKeychain() });
    const secrets = {
      accessToken: 'eyJhbGciOi.S3cr3tAccess.sig',
      refreshToken: 'S3cr3tRefresh-1',
      password: 'S3cr3tPassword',
    };
    await vault.putConnectionSecrets('c1', secrets);
    await vault.putAppSecret('app1', 'S3cr3tClient');
    store.saveApp({
      id: 'app1',
      providerId: 'taptouch',
      label: 'Shop',
      clientId: 'public-client-id',
      hasClientSecret: true,
      params: {},
      createdAt: new Date().toISOString(),
    });
    store.saveConnection({
      id: 'c1',
      providerId: 'taptouch',
      appId: 'app1',
      label: 'Till',
      grant: 'password',
      environment: 'sandbox',
      requestedScopes: [],
      grantedScopes: [],
      scopesSource: 'request',
      hasRefreshToken: true,
      createdAt: Date.now(),
      state: 'connected',
      lastRefreshFailed: false,
      params: { username: 'manager@shop.example' },
      keepsPassword: true,
      lastTokenResponse: {
        at: Date.now(),
        status: 200,
        body: { access_token: '[redacted]', refresh_token: '[redacted]', expires_in: 3600 },
      },
    });
    store.appendHistory('c1', { at: new Date().toISOString(), kind: 'connected', summary: 'Connected.' });

    const names = await readdir(dir);
    expect(names.every((name) => name.startsWith(DATABASE_FILE_NAME))).toBe(true);
    const bytes = (await Promise.all(names.map((name) => readFile(join(dir, name), 'latin1')))).join('\n');
    expect(bytes).toContain('manager@shop.example'); // the scan sees the records
    expect(bytes).not.toContain('S3cr3t');
    close();
  });
});

describe('SQLite in WAL mode: a reader never sees a half write, a kill never leaves one', () => {
  it('a writer killed mid-write, read all along by another process', { timeout: 60_000 }, async () => {
    for (let round = 0; round < 5; round += 1) {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'busy-writer.ts'), dir],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('ready')) resolve();
        });
        child.on('exit', (code) => reject(new Error(`writer exited early (${code})`)));
      });
      // Read while it writes: every record read is whole and agrees with itself.
      const reader = new Database(join(dir, DATABASE_FILE_NAME), { readonly: true });
      const seen = new Set<string>();
      const until = Date.now() + 100 + round * 37;
      while (Date.now() < until) {
        const row = reader
          .prepare<[], { json: string }>("SELECT json FROM connections WHERE id = 'c1'")
          .get();
        const record = connectionRecordSchema.parse(JSON.parse(row?.json ?? 'null'));
        expect(record.label).toBe(`write ${record.params.n}`);
        expect(record.params.pad).toHaveLength((Number(record.params.n) * 7919) % 20_000);
        seen.add(record.label);
        await new Promise((resolve) => setImmediate(resolve));
      }
      reader.close();
      expect(seen.size).toBeGreaterThan(1); // it did read while the writer wrote
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGKILL');
      await exited;

      const storage = await openStorage({ dataDir: dir, keychain: new MemoryKeychain() });
      expect(storage.store.startupProblems).toEqual([]);
      expect(storage.store.getHistory('c1').length).toBeGreaterThan(0);
      const record = storage.store.getConnection('c1');
      expect(record?.label).toBe(`write ${record?.params.n}`);
      storage.close();
      expect((await readdir(dir)).filter((name) => name.includes('corrupt'))).toEqual([]);
    }
  });
});
