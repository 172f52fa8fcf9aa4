import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import type ElectronStore from 'electron-store';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppStore } from '../../../src/main/ports';
import type { ConnectionRecord } from '../../../src/main/ports';
import { createStore, type BackingStoreOptions, type CreateBackingStore } from '../../../src/main/store';
import { migrate } from '../../../src/main/store/migrations';
import { HISTORY_FLUSH_MS } from '../../../src/main/store/store';
import { AppError } from '../../../src/shared/errors';
import type { HistoryEvent, ProviderApp } from '../../../src/shared/models';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pos-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const NOW = Date.UTC(2025, 2, 4, 5, 6, 7);
const open = (extra: { locale?: string; historyLimit?: number; backing?: CreateBackingStore } = {}) =>
  createStore({ cwd: dir, now: () => NOW, locale: 'en-GB', ...extra });
const file = () => join(dir, 'config.json');
const readJson = async () => JSON.parse(await readFile(file(), 'utf8')) as Record<string, unknown>;

const app: ProviderApp = {
  id: 'app1',
  providerId: 'sumup',
  label: 'Main shop',
  clientId: 'cc_client',
  hasClientSecret: true,
  redirectPort: 53682,
  redirectUri: 'http://127.0.0.1:53682/callback',
  params: { audience: 'x' },
  createdAt: '2025-01-01T00:00:00.000Z',
};

const record: ConnectionRecord = {
  id: 'c1',
  providerId: 'sumup',
  appId: 'app1',
  label: 'Till 1',
  grant: 'authorization_code',
  environment: 'sandbox',
  requestedScopes: ['payments', 'transactions.history'],
  grantedScopes: ['payments'],
  scopesSource: 'response',
  accessTokenExpiresAt: NOW + 3_600_000,
  refreshTokenExpiresAt: undefined,
  hasRefreshToken: true,
  apiBaseUrl: 'https://api.example.test',
  createdAt: NOW,
  lastRefreshAt: NOW,
  state: 'needs_reauthorization',
  stateReason: { code: 'INVALID_GRANT', message: 'Reconnect.', detail: 'invalid_grant' },
  lastRefreshFailed: true,
  params: { org_id: 'org-1' },
  keepsPassword: false,
  lastTokenResponse: { at: NOW, status: 200, body: { token_type: 'Bearer', access_token: '[redacted]' } },
};

const event = (i: number): HistoryEvent => ({
  at: new Date(NOW + i).toISOString(),
  kind: 'refreshed',
  summary: `refresh ${i}`,
  data: { n: i, scopes: ['a'], none: null },
});

function thrown(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('store', () => {
  it('satisfies the AppStore port the services are written against', () => {
    const store: AppStore = open();
    expect(store.startupProblems).toEqual([]);
  });

  it('starts with the defaults, the language from the OS, and writes nothing until something changes', async () => {
    const store = open({ locale: 'fr-CA' });
    expect(store.getSettings()).toEqual({
      language: 'fr',
      theme: 'system',
      refreshLeadSeconds: 300,
      refreshTokenWarningHours: 24,
      notifications: true,
      runInBackground: true,
      openAtLogin: 'auto',
      endpointOverrides: {},
    });
    expect(open({ locale: 'de-DE' }).getSettings().language).toBe('en');
    expect(store.listApps()).toEqual([]);
    expect(store.listConnections()).toEqual([]);
    expect(store.getHistory('c1')).toEqual([]);
    expect(store.listCustomProviders()).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
  });

  it('keeps only what the user changed, and the rest follows the defaults', async () => {
    const store = open({ locale: 'fr' });
    const updated = store.updateSettings({
      theme: 'dark',
      refreshLeadSeconds: 120,
      endpointOverrides: { sumup: { token: 'https://staging.example/token' } },
    });
    expect(updated).toMatchObject({ language: 'fr', theme: 'dark', refreshLeadSeconds: 120 });
    expect((await readJson()).settings).toEqual({
      theme: 'dark',
      refreshLeadSeconds: 120,
      endpointOverrides: { sumup: { token: 'https://staging.example/token' } },
    });
    expect(open({ locale: 'en-US' }).getSettings()).toMatchObject({
      language: 'en',
      theme: 'dark',
      refreshLeadSeconds: 120,
    });
  });

  it('refuses invalid settings, changing nothing', () => {
    const store = open();
    store.updateSettings({ theme: 'light' });
    for (const patch of [
      { theme: 'neon' },
      { refreshLeadSeconds: -1 },
      // A lead beyond the bound (an hour) could outlast a token: refused at the door.
      { refreshLeadSeconds: 86_400 },
      { language: 'de' },
      { accessToken: 'x' },
    ]) {
      const error = thrown(() => store.updateSettings(patch as never));
      expect(error.code).toBe('INVALID_INPUT');
    }
    expect(open().getSettings().theme).toBe('light');
  });

  it('saves, lists and deletes apps, connections and custom providers across restarts', () => {
    const store = open();
    store.saveApp(app);
    store.saveConnection(record);
    const custom = {
      id: 'acme',
      name: 'Acme POS',
      endpoints: { token: 'https://acme.example/token' },
      anything: [1, 'two'],
    };
    store.saveCustomProvider('acme', custom);

    const again = open();
    expect(again.listApps()).toEqual([app]);
    expect(again.getApp('app1')).toEqual(app);
    expect(again.getConnection('c1')).toEqual(JSON.parse(JSON.stringify(record)));
    expect(again.listConnections()).toHaveLength(1);
    expect(again.listCustomProviders()).toEqual([custom]);
    expect(again.getApp('nope')).toBeUndefined();
    expect(again.getConnection('constructor')).toBeUndefined();

    again.deleteApp('app1');
    again.deleteConnection('c1');
    again.deleteCustomProvider('acme');
    const third = open();
    expect([third.listApps(), third.listConnections(), third.listCustomProviders()]).toEqual([[], [], []]);
  });

  it('returns copies: changing what it returned changes nothing stored', () => {
    const store = open();
    store.saveConnection(record);
    const copy = store.getConnection('c1')!;
    copy.grantedScopes.push('admin');
    expect(store.getConnection('c1')!.grantedScopes).toEqual(['payments']);
  });

  it('never accepts a secret: the schema has no field for one', async () => {
    const store = open();
    const leaks: Array<() => void> = [
      () => store.saveConnection({ ...record, accessToken: 'at-S3cr3t' } as ConnectionRecord),
      () => store.saveConnection({ ...record, refreshToken: 'rt-S3cr3t' } as ConnectionRecord),
      () => store.saveConnection({ ...record, password: 'pw-S3cr3t' } as ConnectionRecord),
      () => store.saveApp({ ...app, clientSecret: 'cs-S3cr3t' } as ProviderApp),
      () => store.updateSettings({ clientSecret: 'cs-S3cr3t' } as never),
      () => store.appendHistory('c1', { ...event(1), token: 'at-S3cr3t' } as HistoryEvent),
    ];
    for (const leak of leaks) {
      const error = thrown(leak);
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.detail).toMatch(/accessToken|refreshToken|password|clientSecret|token/);
      expect(JSON.stringify(error.toData())).not.toContain('S3cr3t');
    }
    expect(await readdir(dir)).toEqual([]);
  });

  it('keeps the most recent history events, oldest first, capped per connection', () => {
    const store = open({ historyLimit: 20 });
    for (let i = 0; i < 30; i += 1) store.appendHistory('c1', event(i));
    store.appendHistory('c2', event(0));
    expect(store.getHistory('c1')).toHaveLength(20);
    store.flush();
    const history = open().getHistory('c1');
    expect(history).toHaveLength(20);
    expect(history[0]!.summary).toBe('refresh 10');
    expect(history.at(-1)!.summary).toBe('refresh 29');
    expect(open().getHistory('c2')).toHaveLength(1);

    store.saveConnection(record);
    store.deleteConnection('c1');
    expect(open().getHistory('c1')).toEqual([]);
  });

  it('writes history lines behind: with the next change, after a short delay, or on flush', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const store = open();
      store.appendHistory('c1', event(1));
      expect(open().getHistory('c1')).toEqual([]);
      vi.advanceTimersByTime(HISTORY_FLUSH_MS);
      expect(open().getHistory('c1')).toHaveLength(1);
      store.appendHistory('c1', event(2));
      store.saveApp(app);
      expect(open().getHistory('c1')).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('caps histories at 500 events by default', async () => {
    const full = {
      schemaVersion: 2,
      settings: {},
      apps: {},
      connections: {},
      histories: { c1: Array.from({ length: 500 }, (_, i) => event(i)) },
      customProviders: {},
    };
    await writeFile(file(), JSON.stringify(full));
    const writer = open();
    writer.appendHistory('c1', event(500));
    writer.flush();
    const history = open().getHistory('c1');
    expect(history).toHaveLength(500);
    expect([history[0]!.summary, history.at(-1)!.summary]).toEqual(['refresh 1', 'refresh 500']);
  });

  it('writes a versioned file, mode 0600, atomically (conf replaces it by rename: new inode, no temporary file left)', async () => {
    const store = open();
    store.saveApp(app);
    const json = await readJson();
    expect(json.schemaVersion).toBe(2);
    expect(Object.keys(json).sort()).toEqual([
      'apps',
      'connections',
      'customProviders',
      'histories',
      'schemaVersion',
      'settings',
    ]);
    const first = await stat(file());
    if (process.platform !== 'win32') expect(first.mode & 0o777).toBe(0o600);
    store.saveConnection(record);
    const second = await stat(file());
    expect(second.ino).not.toBe(first.ino);
    expect(await readdir(dir)).toEqual(['config.json']);
  });

  describe('a file that cannot be used is kept aside and reported, never replaced', () => {
    async function expectKeptAside(content: string, detail: RegExp) {
      await writeFile(file(), content);
      const store = open();
      expect(store.startupProblems).toHaveLength(1);
      const problem = store.startupProblems[0]!;
      expect(problem.code).toBe('SETTINGS_CORRUPT');
      expect(problem.detail).toMatch(detail);
      expect(problem.detail).toContain('config.json.corrupt-2025-03-04T05-06-07-000Z');
      expect(await readFile(join(dir, 'config.json.corrupt-2025-03-04T05-06-07-000Z'), 'utf8')).toBe(content);
      expect(store.getSettings().theme).toBe('system');
      expect(store.listConnections()).toEqual([]);
      // Usable again; the kept file stays as it was.
      store.saveApp(app);
      expect(open().listApps()).toEqual([app]);
      expect(open().startupProblems).toEqual([]);
      expect(await readFile(join(dir, 'config.json.corrupt-2025-03-04T05-06-07-000Z'), 'utf8')).toBe(content);
      return problem;
    }

    it('invalid JSON', async () => {
      await expectKeptAside('{"schemaVersion": 2, "settings": {', /not valid JSON/);
    });

    it('JSON that is not an object', async () => {
      await expectKeptAside('[1,2,3]', /not hold a JSON object/);
      await rm(join(dir, 'config.json.corrupt-2025-03-04T05-06-07-000Z'));
      await rm(file());
      await expectKeptAside('null', /not hold a JSON object/);
    });

    it('valid JSON that fails the schema, naming fields but not values', async () => {
      const bad = {
        schemaVersion: 2,
        settings: { theme: 'neon' },
        apps: {},
        connections: { c1: { ...record, refreshToken: 'rt-S3cr3t' } },
        histories: {},
        customProviders: {},
      };
      const problem = await expectKeptAside(
        JSON.stringify(bad),
        /settings\.theme.*connections\.c1\.refreshToken/,
      );
      expect(JSON.stringify(problem)).not.toContain('S3cr3t');
    });

    it('a record filed under another ID', async () => {
      const bad = {
        schemaVersion: 2,
        settings: {},
        apps: { other: app },
        connections: {},
        histories: {},
        customProviders: {},
      };
      await expectKeptAside(JSON.stringify(bad), /apps\.other\.id/);
    });

    it('a file from a newer version', async () => {
      await expectKeptAside(JSON.stringify({ schemaVersion: 9, settings: {} }), /newer POS Connect/);
    });

    it('conf is never allowed to wipe it: the backing store gets clearInvalidConfig false', () => {
      const seen: BackingStoreOptions[] = [];
      open({
        backing: (options) => {
          seen.push(options);
          return new Conf<Record<string, unknown>>({ ...options, projectName: 'pos-connect' });
        },
      });
      expect(seen).toEqual([
        { cwd: dir, clearInvalidConfig: false, configFileMode: 0o600, accessPropertiesByDotNotation: false },
      ]);
    });
  });

  describe('migrations', () => {
    const v1 = {
      schemaVersion: 1,
      settings: { theme: 'dark', refreshLeadMinutes: 10 },
      apps: { app1: app },
      connections: {
        c1: {
          ...JSON.parse(JSON.stringify(record)),
          history: Array.from({ length: 510 }, (_, i) => event(i)),
        },
      },
      customProviders: {},
    };

    it('v1 → v2: refreshLeadMinutes becomes seconds, histories move out of the records (capped)', () => {
      const { data, from } = migrate(structuredClone(v1));
      expect(from).toBe(1);
      expect(data.schemaVersion).toBe(2);
      expect(data.settings).toEqual({ theme: 'dark', refreshLeadSeconds: 600 });
      expect((data.connections as Record<string, Record<string, unknown>>).c1).not.toHaveProperty('history');
      expect((data.histories as Record<string, unknown[]>).c1).toHaveLength(500);
    });

    it('a file without schemaVersion is version 1', () => {
      const { schemaVersion: _drop, ...unversioned } = structuredClone(v1);
      expect(migrate(unversioned).from).toBe(1);
    });

    it('opening a v1 file migrates it, rewrites it as v2 and keeps the v1 file once', async () => {
      await writeFile(file(), JSON.stringify(v1));
      const store = open();
      expect(store.startupProblems).toEqual([]);
      expect(store.getSettings()).toMatchObject({ theme: 'dark', refreshLeadSeconds: 600 });
      expect(store.getConnection('c1')).toEqual(JSON.parse(JSON.stringify(record)));
      expect(store.getHistory('c1')).toHaveLength(500);
      expect(store.getHistory('c1')[0]!.summary).toBe('refresh 10');
      const written = await readJson();
      expect(written.schemaVersion).toBe(2);
      expect(written.settings).toEqual({ theme: 'dark', refreshLeadSeconds: 600 });
      expect(JSON.parse(await readFile(join(dir, 'config.json.schema-v1.bak'), 'utf8'))).toEqual(v1);
      expect(open().startupProblems).toEqual([]);
    });

    it('a v1 file that is still invalid after migrating is kept aside, not half-migrated', async () => {
      const broken = { ...v1, settings: { refreshLeadMinutes: 'ten' } };
      await writeFile(file(), JSON.stringify(broken));
      const store = open();
      expect(store.startupProblems.map((p) => p.code)).toEqual(['SETTINGS_CORRUPT']);
      expect(store.startupProblems[0]!.detail).toMatch(/schemaVersion 1.*settings\.refreshLeadSeconds/);
      expect(
        JSON.parse(await readFile(join(dir, 'config.json.corrupt-2025-03-04T05-06-07-000Z'), 'utf8')),
      ).toEqual(broken);
    });
  });

  it('accepts electron-store as its backing store (types only: Electron cannot run here)', () => {
    const electronBacked =
      (Store: typeof ElectronStore): CreateBackingStore =>
      (options) =>
        new Store(options);
    expect(typeof electronBacked).toBe('function');
  });
});
