import type { AppErrorData } from '../../src/shared/errors';
import type { HistoryEvent, ProviderApp, Settings } from '../../src/shared/models';
import { defaultSettings } from '../../src/main/store/settings-defaults';
import type {
  AppStore,
  AppVault,
  AttemptsLogPort,
  ConnectionRecord,
  ConnectionSecrets,
  FailedAttempt,
} from '../../src/main/ports';

/**
 * In-memory stand-ins for the settings store and the vault, for unit tests of the services'
 * logic. Integration tests use the real storage (pos-connect.db, key in a keychain).
 */
/** The app's own defaults, in English whatever the machine's locale. */
export const DEFAULT_TEST_SETTINGS: Settings = defaultSettings('en');

export class MemoryStore implements AppStore {
  settings: Settings = structuredClone(DEFAULT_TEST_SETTINGS);
  apps = new Map<string, ProviderApp>();
  connections = new Map<string, ConnectionRecord>();
  histories = new Map<string, HistoryEvent[]>();
  customProviders = new Map<string, unknown>();
  readonly startupProblems: AppErrorData[] = [];

  flush = () => undefined;
  getSettings = () => structuredClone(this.settings);
  updateSettings = (patch: Partial<Settings>) => (this.settings = { ...this.settings, ...patch });
  listApps = () => [...this.apps.values()].map((app) => structuredClone(app));
  getApp = (id: string) => (this.apps.has(id) ? structuredClone(this.apps.get(id)) : undefined);
  saveApp = (app: ProviderApp) => void this.apps.set(app.id, structuredClone(app));
  deleteApp = (id: string) => void this.apps.delete(id);
  listConnections = () => [...this.connections.values()].map((c) => structuredClone(c));
  getConnection = (id: string) =>
    this.connections.has(id) ? structuredClone(this.connections.get(id)) : undefined;
  saveConnection = (record: ConnectionRecord) =>
    void this.connections.set(record.id, structuredClone(record));
  deleteConnection = (id: string) => {
    this.connections.delete(id);
    this.histories.delete(id);
  };
  appendHistory = (id: string, event: HistoryEvent) =>
    void this.histories.set(id, [...(this.histories.get(id) ?? []), structuredClone(event)]);
  getHistory = (id: string) => structuredClone(this.histories.get(id) ?? []);
  listCustomProviders = () => [...this.customProviders.values()];
  saveCustomProvider = (id: string, definition: unknown) => void this.customProviders.set(id, definition);
  deleteCustomProvider = (id: string) => void this.customProviders.delete(id);
}

export class MemoryVault implements AppVault {
  connections = new Map<string, ConnectionSecrets>();
  appSecrets = new Map<string, string>();
  readonly startupProblems: AppErrorData[] = [];
  /** Set to make every write fail, as a full disk or a locked keychain would. */
  failWrites = false;
  writes = 0;

  keychainStatus = () => ({ available: true });
  private guard() {
    if (this.failWrites) throw Object.assign(new Error('disk full'), { code: 'ENOSPC' });
    this.writes += 1;
  }
  getConnectionSecrets = async (id: string) => structuredClone(this.connections.get(id));
  putConnectionSecrets = async (id: string, secrets: ConnectionSecrets) => {
    this.guard();
    this.connections.set(id, structuredClone(secrets));
  };
  deleteConnectionSecrets = async (id: string) => {
    this.guard();
    this.connections.delete(id);
  };
  getAppSecret = async (id: string) => this.appSecrets.get(id);
  putAppSecret = async (id: string, secret: string) => {
    this.guard();
    this.appSecrets.set(id, secret);
  };
  deleteAppSecret = async (id: string) => {
    this.guard();
    this.appSecrets.delete(id);
  };
  reload = async () => {};
}

/** The attempts log in memory: most recent first, at most `kept` entries (no time bound). */
export class MemoryAttemptsLog implements AttemptsLogPort {
  entries: FailedAttempt[] = [];
  constructor(private readonly kept = 500) {}
  append = (attempt: FailedAttempt) => {
    this.entries = [structuredClone(attempt), ...this.entries].slice(0, this.kept);
  };
  list = (limit = this.kept) => structuredClone(this.entries.slice(0, limit));
}
