import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStore } from '../../../src/main/store';
import { MemoryKeychain, Vault } from '../../../src/main/vault';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pos-storage-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('store and vault side by side', () => {
  it('a connection saved the way the service saves it leaves no secret in any file', async () => {
    const store = createStore({ cwd: dir });
    const vault = await Vault.open({ filePath: join(dir, 'vault.json'), keychain: new MemoryKeychain() });
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
    expect(names.sort()).toEqual(['config.json', 'vault.json']);
    for (const name of names) expect(await readFile(join(dir, name), 'latin1')).not.toContain('S3cr3t');
  });
});

describe('conf writes atomically', () => {
  it('a writer killed mid-write never leaves a torn config.json', { timeout: 60_000 }, async () => {
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
      await new Promise((resolve) => setTimeout(resolve, 100 + round * 37));
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGKILL');
      await exited;

      const store = createStore({ cwd: dir });
      expect(store.startupProblems).toEqual([]);
      expect(store.getHistory('c1').length).toBeGreaterThan(0);
      expect((await readdir(dir)).filter((name) => name.includes('corrupt'))).toEqual([]);
    }
  });
});
