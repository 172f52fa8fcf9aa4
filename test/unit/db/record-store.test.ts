import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppStore, ConnectionRecord } from '../../../src/main/ports';
import { DATABASE_FILE_NAME, openDatabase, type StorageDatabase } from '../../../src/main/db/database';
import { HistoryTable } from '../../../src/main/db/history';
import { createRecordStore } from '../../../src/main/db/record-store';
import { StorageIntegrity } from '../../../src/main/db/integrity';
import { KeychainKey } from '../../../src/main/db/vault-key';
import { openStorage } from '../../../src/main/storage';
import { migrate } from '../../../src/main/store/migrations';
import { DEFAULT_HISTORY_LIMIT } from '../../../src/main/store/schema';
import { MemoryKeychain } from '../../../src/main/vault';
import { AppError } from '../../../src/shared/errors';
import type { HistoryEvent, ProviderApp } from '../../../src/shared/models';

/**
 * The records of pos-connect.db (src/main/db/record-store.ts, history.ts): settings, provider
 * apps, connection records, custom providers and histories, checked by the schemas on every write.
 */

let dir: string;
const databases: StorageDatabase[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pos-records-'));
});
afterEach(async () => {
  for (const database of databases.splice(0)) database.close();
  await rm(dir, { recursive: true, force: true });
});

const NOW = Date.UTC(2025, 2, 4, 5, 6, 7);
/** A new session on the same database (a restart). */
const open = (extra: { locale?: string; historyLimit?: number } = {}) => {
  const database = openDatabase({ dataDir: dir, now: () => NOW, report: () => undefined });
  databases.push(database);
  const history = new HistoryTable(database, extra.historyLimit ?? DEFAULT_HISTORY_LIMIT);
  // No key in this keychain: rows are written unsigned until one is made (db/integrity.ts).
  const integrity = new StorageIntegrity(database, new KeychainKey(new MemoryKeychain(), 'test', 'key'), {
    now: () => NOW,
  });
  return createRecordStore(database, history, { locale: extra.locale ?? 'en-GB', integrity });
};
const peek = () => {
  const database = openDatabase({ dataDir: dir, now: () => NOW, report: () => undefined });
  databases.push(database);
  return database.db;
};
const row = (table: string) =>
  peek().prepare<[], { json: string }>(`SELECT json FROM ${table}`).get()?.json ?? 'null';
const rowCounts = () =>
  Object.fromEntries(
    ['settings', 'apps', 'connections', 'history', 'custom_providers'].map((table) => [
      table,
      peek().prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${table}`).get()?.n,
    ]),
  );

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

describe('record store', () => {
  it('satisfies the AppStore port the services are written against', () => {
    const store: AppStore = open();
    expect(store.startupProblems).toEqual([]);
  });

  it('starts with the defaults, the language from the OS, and writes nothing until something changes', () => {
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
    expect(rowCounts()).toEqual({ settings: 0, apps: 0, connections: 0, history: 0, custom_providers: 0 });
  });

  it('keeps only what the user changed, and the rest follows the defaults', () => {
    const store = open({ locale: 'fr' });
    const updated = store.updateSettings({
      theme: 'dark',
      refreshLeadSeconds: 120,
      endpointOverrides: { sumup: { token: 'https://staging.example/token' } },
    });
    expect(updated).toMatchObject({ language: 'fr', theme: 'dark', refreshLeadSeconds: 120 });
    expect(JSON.parse(row('settings'))).toEqual({
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

  it('never accepts a secret: the schema has no field for one', () => {
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
    expect(rowCounts()).toEqual({ settings: 0, apps: 0, connections: 0, history: 0, custom_providers: 0 });
  });

  it('keeps the most recent history events, oldest first, capped per connection', () => {
    const store = open({ historyLimit: 20 });
    for (let i = 0; i < 30; i += 1) store.appendHistory('c1', event(i));
    store.appendHistory('c2', event(0));
    expect(store.getHistory('c1')).toHaveLength(20);
    const history = open().getHistory('c1');
    expect(history).toHaveLength(20);
    expect(history[0]!.summary).toBe('refresh 10');
    expect(history.at(-1)!.summary).toBe('refresh 29');
    expect(open().getHistory('c2')).toHaveLength(1);

    store.saveConnection(record);
    store.deleteConnection('c1');
    expect(open().getHistory('c1')).toEqual([]);
  });

  it('commits every change before the call returns: another session sees it at once', () => {
    const store = open();
    store.appendHistory('c1', event(1));
    expect(open().getHistory('c1')).toHaveLength(1);
    store.saveApp(app);
    expect(open().getApp('app1')).toEqual(app);
  });

  it('caps histories at 500 events by default', () => {
    const writer = open();
    for (let i = 0; i <= 500; i += 1) writer.appendHistory('c1', event(i));
    const history = open().getHistory('c1');
    expect(history).toHaveLength(500);
    expect([history[0]!.summary, history.at(-1)!.summary]).toEqual(['refresh 1', 'refresh 500']);
  });

  it('keeps the database owner-only (mode 0600), in WAL mode', async () => {
    open().saveApp(app);
    if (process.platform !== 'win32')
      expect((await stat(join(dir, DATABASE_FILE_NAME))).mode & 0o777).toBe(0o600);
    expect(peek().pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it('a database written by a newer version is kept aside and reported, not opened', async () => {
    open().saveApp(app);
    peek().pragma('user_version = 99');
    for (const database of databases.splice(0)) database.close();
    const problems: string[] = [];
    const database = openDatabase({
      dataDir: dir,
      now: () => NOW,
      report: (p) => problems.push(`${p.code}: ${p.detail}`),
    });
    databases.push(database);
    expect(problems).toEqual([
      'DATABASE_CORRUPT: database schema version 99 was written by a newer POS Connect (this one knows up to 2); kept aside as pos-connect.db.corrupt-2025-03-04T05-06-07-000Z',
    ]);
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

    it('a v1 config.json is migrated to the database with its histories (capped)', async () => {
      await writeFile(join(dir, 'config.json'), JSON.stringify(v1));
      const storage = await openStorage({
        dataDir: dir,
        keychain: new MemoryKeychain(),
        now: () => NOW,
        locale: 'en-GB',
      });
      try {
        expect(storage.store.startupProblems).toEqual([]);
        expect(storage.store.getSettings()).toMatchObject({ theme: 'dark', refreshLeadSeconds: 600 });
        expect(storage.store.getConnection('c1')).toEqual(JSON.parse(JSON.stringify(record)));
        expect(storage.store.getHistory('c1')).toHaveLength(500);
        expect(storage.store.getHistory('c1')[0]!.summary).toBe('refresh 10');
      } finally {
        storage.close();
      }
    });
  });
});
