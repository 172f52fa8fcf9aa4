import { copyFileSync, constants, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Conf from 'conf';
import type { ZodError } from 'zod';
import { AppError, type AppErrorData } from '../../shared/errors';
import type { Language, Settings } from '../../shared/models';
import {
  REFRESH_LEAD_SECONDS,
  REFRESH_TOKEN_WARNING_HOURS,
  settingsPatchSchema,
} from '../../shared/settings';
import type { MetadataStore } from '../ports';
import { keepSettingsAside } from './corrupt-file';
import { migrate, MigrationError, type RawStore } from './migrations';
import {
  connectionRecordSchema,
  customProviderSchema,
  DEFAULT_HISTORY_LIMIT,
  emptyStoreFile,
  historyEventSchema,
  issuePaths,
  providerAppSchema,
  storeFileSchema,
  type StoreFile,
} from './schema';

/**
 * Settings, provider apps (without their secrets), connection metadata, histories and custom
 * provider definitions: everything POS Connect keeps that is not a secret, in one JSON file.
 *
 * The file is read and written through conf (plain Node) or electron-store (in Electron), which
 * write atomically (temporary file, fsync, rename, via `atomically`). Validation and migrations
 * are ours, with zod: conf's own schema, migrations and clearInvalidConfig are not used, so conf
 * never wipes a file it cannot read. A file that is not JSON, is from an unknown version or fails
 * the schema is moved aside and reported in startupProblems (SETTINGS_CORRUPT).
 */

/** What the store needs of conf / electron-store: the file's path and its whole content. */
export interface BackingStore {
  readonly path: string;
  store: Record<string, unknown>;
}

/** Options every backing store is created with; valid for both `new Conf()` and `new ElectronStore()`. */
export interface BackingStoreOptions {
  cwd: string;
  /** Never let conf replace a file it cannot parse with an empty one. */
  clearInvalidConfig: false;
  configFileMode: number;
  accessPropertiesByDotNotation: false;
}

export type CreateBackingStore = (options: BackingStoreOptions) => BackingStore;

export const STORE_FILE_NAME = 'config.json';

/** How long history lines may wait in memory before they are written. */
export const HISTORY_FLUSH_MS = 200;

/** conf under plain Node (tests, the bridge, benchmarks). */
export const confBackingStore: CreateBackingStore = (options) =>
  new Conf<Record<string, unknown>>({ ...options, projectName: 'pos-connect' });

export interface StoreOptions {
  /** The directory of config.json (Electron: app.getPath('userData')). */
  cwd: string;
  /** How conf or electron-store is made; conf by default. Main passes `(o) => new ElectronStore(o)`. */
  backing?: CreateBackingStore;
  /** The OS locale for the default language (Electron: app.getLocale()); Intl's otherwise. */
  locale?: string;
  now?: () => number;
  /** Events kept per connection, most recent last. */
  historyLimit?: number;
  /** Told of every problem as it is found (for the log); also kept in startupProblems. */
  onProblem?: (problem: AppErrorData) => void;
}

/** The metadata store the services use (connections/types.ts), plus settings updates and load problems. */
export interface SettingsStore extends MetadataStore {
  /** Writes what is still held back (history lines); call before the process exits. */
  flush(): void;
  readonly path: string;
  /** Problems found while loading (a file kept aside), for the UI's app info. */
  readonly startupProblems: AppErrorData[];
  updateSettings(patch: Partial<Settings>): Settings;
}

export function languageFromLocale(locale: string | undefined): Language {
  return locale?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

export function defaultSettings(locale?: string): Settings {
  return {
    language: languageFromLocale(locale ?? Intl.DateTimeFormat().resolvedOptions().locale),
    theme: 'system',
    refreshLeadSeconds: REFRESH_LEAD_SECONDS.default,
    refreshTokenWarningHours: REFRESH_TOKEN_WARNING_HOURS.default,
    notifications: true,
    runInBackground: true,
    openAtLogin: 'auto',
    endpointOverrides: {},
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Drops keys whose value is undefined (JSON would, and strict schemas compare keys). */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function invalid(what: string, error: ZodError): AppError {
  return new AppError({
    code: 'INVALID_INPUT',
    message: `POS Connect could not save this ${what}.`,
    detail: `${what} invalid at: ${issuePaths(error)}`,
  });
}

interface Loaded {
  data: StoreFile;
  /** Whether the file must be rewritten now (it was migrated). */
  rewrite: boolean;
  /** The version the file had. */
  from?: number;
}

/** Reads config.json, migrating and validating it; moves it aside (and reports) when unusable. */
function load(filePath: string, now: number, report: (problem: AppErrorData) => void): Loaded {
  let text: string;
  try {
    text = readFileSync(filePath, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return { data: emptyStoreFile(), rewrite: false };
    throw new AppError(
      {
        code: 'INTERNAL',
        message:
          'POS Connect could not open its settings file. Check the permissions of its data folder, then restart POS Connect.',
        detail: `reading ${STORE_FILE_NAME} failed: ${String((error as { code?: unknown }).code ?? 'unknown')}`,
      },
      { cause: error },
    );
  }
  const aside = (reason: string): Loaded => {
    report(keepSettingsAside(filePath, reason, now));
    return { data: emptyStoreFile(), rewrite: false };
  };

  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return aside(`${STORE_FILE_NAME} is not valid JSON (${text.length} characters)`);
  }
  if (!isObject(raw)) return aside(`${STORE_FILE_NAME} does not hold a JSON object`);
  // conf's own bookkeeping, should a file ever carry it: not ours to validate.
  const { __internal__: _internal, ...content } = raw;

  let migrated: { data: RawStore; from: number };
  try {
    migrated = migrate(content);
  } catch (error) {
    if (error instanceof MigrationError) return aside(error.message);
    return aside(`migration failed: ${error instanceof Error ? error.name : 'unknown error'}`);
  }
  const checked = storeFileSchema.safeParse(migrated.data);
  if (!checked.success)
    return aside(
      `${STORE_FILE_NAME} (schemaVersion ${migrated.from}) fails the schema at: ${issuePaths(checked.error)}`,
    );
  return { data: checked.data, rewrite: migrated.from !== checked.data.schemaVersion, from: migrated.from };
}

/**
 * Opens the store: reads and checks config.json (moving an unusable one aside), then creates the
 * backing store on it. Synchronous, like conf.
 */
export function createStore(options: StoreOptions): SettingsStore {
  const now = options.now ?? Date.now;
  const historyLimit = options.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  const createBacking = options.backing ?? confBackingStore;
  const filePath = resolve(join(options.cwd, STORE_FILE_NAME));
  // Worked out once: reading the OS locale through Intl is slow, and settings are read often.
  const defaults = defaultSettings(options.locale);
  const startupProblems: AppErrorData[] = [];
  const report = (problem: AppErrorData) => {
    startupProblems.push(problem);
    options.onProblem?.(problem);
  };

  const loaded = load(filePath, now(), report);
  let data = loaded.data;

  const backingOptions: BackingStoreOptions = {
    cwd: options.cwd,
    clearInvalidConfig: false,
    configFileMode: 0o600,
    accessPropertiesByDotNotation: false,
  };
  let backing: BackingStore;
  try {
    backing = createBacking(backingOptions);
  } catch {
    // The file changed under us between our read and conf's (another process): treat it the same way.
    const again = load(filePath, now(), report);
    data = again.data;
    backing = createBacking(backingOptions);
  }
  if (resolve(backing.path) !== filePath) {
    throw new Error(
      `the backing store writes ${backing.path}, not ${filePath}: pass it the options it is given`,
    );
  }

  // Every input is checked against its schema before it gets here, so the whole file is not
  // re-validated on each write (a history append would then cost as much as a full load).
  const write = (next: StoreFile) => {
    try {
      backing.store = next;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      throw new AppError(
        {
          code: 'STORAGE_WRITE_FAILED',
          message:
            'POS Connect could not save your changes to disk. Check that the disk is not full, then try again.',
          detail: `writing ${STORE_FILE_NAME} failed: ${typeof code === 'string' ? code : error instanceof Error ? error.name : 'unknown'}`,
        },
        { cause: error },
      );
    }
    data = next;
  };
  /**
   * Applies a change to a copy and writes it; memory changes only once the file has. Changes
   * replace or delete whole entries, so copying the top-level maps is enough (not the whole file).
   */
  const change = (apply: (draft: StoreFile) => void) => {
    const draft: StoreFile = {
      ...data,
      apps: { ...data.apps },
      connections: { ...data.connections },
      histories: { ...data.histories },
      customProviders: { ...data.customProviders },
    };
    apply(draft);
    cancelHistoryFlush();
    write(draft);
  };

  // History lines are written behind: a test call or a refresh should not wait for a rewrite of
  // the whole file. They go out with the next change, within HISTORY_FLUSH_MS, or on flush().
  let historyFlush: ReturnType<typeof setTimeout> | undefined;
  const cancelHistoryFlush = () => {
    clearTimeout(historyFlush);
    historyFlush = undefined;
  };
  const flushHistory = () => {
    cancelHistoryFlush();
    try {
      write(data);
    } catch (error) {
      options.onProblem?.(
        error instanceof AppError
          ? error.toData()
          : { code: 'STORAGE_WRITE_FAILED', message: 'History could not be saved.' },
      );
    }
  };

  if (loaded.rewrite) {
    // Keep the file as the older version wrote it, once, before replacing it with the migrated one.
    try {
      copyFileSync(filePath, `${filePath}.schema-v${loaded.from ?? 0}.bak`, constants.COPYFILE_EXCL);
    } catch {
      // Already kept by an earlier start, or not copyable: the migration itself is not at risk.
    }
    write(data);
  }

  const own = <T>(record: Record<string, T>, key: string): T | undefined =>
    Object.hasOwn(record, key) ? record[key] : undefined;

  return {
    path: filePath,
    startupProblems,
    flush: () => {
      if (historyFlush) flushHistory();
    },

    getSettings: () => ({ ...structuredClone(defaults), ...structuredClone(data.settings) }),
    updateSettings(patch) {
      // A change is held to today's bounds; only a file written by an older version is clamped.
      const checked = settingsPatchSchema.safeParse(defined(isObject(patch) ? patch : {}));
      if (!checked.success) throw invalid('settings', checked.error);
      change((draft) => {
        draft.settings = { ...draft.settings, ...checked.data };
      });
      return this.getSettings();
    },

    listApps: () => Object.values(structuredClone(data.apps)),
    getApp: (appId) => structuredClone(own(data.apps, appId)),
    saveApp(app) {
      const checked = providerAppSchema.safeParse(defined(app));
      if (!checked.success) throw invalid('provider app', checked.error);
      change((draft) => {
        draft.apps[checked.data.id] = checked.data;
      });
    },
    deleteApp(appId) {
      if (!own(data.apps, appId)) return;
      change((draft) => {
        delete draft.apps[appId];
      });
    },

    listConnections: () => Object.values(structuredClone(data.connections)),
    getConnection: (id) => structuredClone(own(data.connections, id)),
    saveConnection(record) {
      const checked = connectionRecordSchema.safeParse(defined(record));
      if (!checked.success) throw invalid('connection', checked.error);
      change((draft) => {
        draft.connections[checked.data.id] = checked.data;
      });
    },
    deleteConnection(id) {
      if (!own(data.connections, id) && !own(data.histories, id)) return;
      change((draft) => {
        delete draft.connections[id];
        delete draft.histories[id];
      });
    },

    appendHistory(connectionId, event) {
      const checked = historyEventSchema.safeParse(defined(event));
      if (!checked.success) throw invalid('history event', checked.error);
      const events = [...(own(data.histories, connectionId) ?? []), checked.data].slice(-historyLimit);
      data = { ...data, histories: { ...data.histories, [connectionId]: events } };
      if (!historyFlush) {
        historyFlush = setTimeout(flushHistory, HISTORY_FLUSH_MS);
        historyFlush.unref?.();
      }
    },
    getHistory: (connectionId) => structuredClone(own(data.histories, connectionId) ?? []),

    listCustomProviders: () => Object.values(structuredClone(data.customProviders)),
    saveCustomProvider(id, definition) {
      let json: unknown;
      try {
        json = JSON.parse(JSON.stringify(definition));
      } catch {
        json = undefined;
      }
      const checked = customProviderSchema.safeParse(json);
      if (!checked.success || typeof id !== 'string' || id === '') {
        throw new AppError({
          code: 'INVALID_PROVIDER',
          message: 'This provider definition could not be saved.',
          detail: 'a provider definition must be a JSON object with an ID',
        });
      }
      change((draft) => {
        draft.customProviders[id] = checked.data;
      });
    },
    deleteCustomProvider(id) {
      if (!own(data.customProviders, id)) return;
      change((draft) => {
        delete draft.customProviders[id];
      });
    },
  };
}
