import type { ZodError, ZodType } from 'zod';
import { AppError, type AppErrorData } from '../../shared/errors';
import type { ProviderApp, Settings } from '../../shared/models';
import type { AppStore, ConnectionRecord } from '../ports';
import { settingsPatchSchema } from '../../shared/settings';
import { defaultSettings } from '../store/settings-defaults';
import {
  connectionRecordSchema,
  customProviderSchema,
  historyEventSchema,
  issuePaths,
  providerAppSchema,
  storedSettingsSchema,
} from '../store/schema';
import type { StorageDatabase } from './database';
import type { HistoryTable } from './history';

/**
 * Settings, provider apps (without their secrets), connection records, custom provider definitions
 * and (through HistoryTable) histories, in pos-connect.db. Everything but the histories is read
 * once when the database opens and kept in memory as the rows' JSON text (a read parses it: a
 * fresh copy, faster than cloning an object); a change writes its one row, then memory.
 * Every row is checked against the zod schemas of src/main/store/schema.ts on write and on load
 * (strict objects: a field that is not in the schema, such as a token, is refused).
 */

type Table = 'apps' | 'connections' | 'custom_providers';

export interface RecordStore extends AppStore {
  readonly path: string;
}

export interface RecordStoreOptions {
  locale?: string;
  /** Problems found before (opening the database, migrating): listed first in startupProblems. */
  earlierProblems?: AppErrorData[];
  /** Told of every problem as it is found (for the log). */
  onProblem?: (problem: AppErrorData) => void;
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

/** A fresh copy of a row kept in memory. */
function parsed<T>(json: string | undefined): T | undefined {
  return json === undefined ? undefined : (JSON.parse(json) as T);
}

function writeFailed(error: unknown): AppError {
  const code = (error as { code?: unknown }).code;
  return new AppError(
    {
      code: 'STORAGE_WRITE_FAILED',
      message:
        'POS Connect could not save your changes to disk. Check that the disk is not full, then try again.',
      detail: `writing the database failed: ${typeof code === 'string' ? code : error instanceof Error ? error.name : 'unknown'}`,
    },
    { cause: error },
  );
}

/** Rows that fail their schema are left in the database (nothing deleted), not loaded, and reported. */
function loadTable<T>(
  database: StorageDatabase,
  table: Table,
  schema: ZodType<T>,
  report: (problem: AppErrorData) => void,
  keyOf: (value: T, id: string) => string = (_value, id) => id,
): Map<string, string> {
  const out = new Map<string, string>();
  const skipped: string[] = [];
  for (const { id, json } of database.db
    .prepare<[], { id: string; json: string }>(`SELECT id, json FROM ${table}`)
    .all()) {
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch {
      skipped.push(`${id} (not JSON)`);
      continue;
    }
    const checked = schema.safeParse(value);
    if (!checked.success) {
      skipped.push(`${id} (${issuePaths(checked.error, 3)})`);
      continue;
    }
    if (keyOf(checked.data, id) !== id) {
      skipped.push(`${id} (id does not match its row)`);
      continue;
    }
    out.set(id, json);
  }
  if (skipped.length > 0) {
    report({
      code: 'DATABASE_CORRUPT',
      message:
        'POS Connect found saved entries it could not read and left them out. Nothing was deleted: support can look at them in the database.',
      detail: `${table}: ${skipped.slice(0, 5).join(', ')}${skipped.length > 5 ? ` and ${skipped.length - 5} more` : ''}`,
      params: { table },
    });
  }
  return out;
}

export function createRecordStore(
  database: StorageDatabase,
  history: HistoryTable,
  options: RecordStoreOptions,
): RecordStore {
  const { db } = database;
  // Worked out once: reading the OS locale through Intl is slow, and settings are read often.
  const defaults = defaultSettings(options.locale);
  const startupProblems: AppErrorData[] = [...(options.earlierProblems ?? [])];
  const report = (problem: AppErrorData) => {
    startupProblems.push(problem);
    options.onProblem?.(problem);
  };

  let settings: Partial<Settings> = {};
  const settingsRow = db.prepare<[], { json: string }>('SELECT json FROM settings WHERE id = 1').get();
  if (settingsRow) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(settingsRow.json);
    } catch {
      parsed = undefined;
    }
    const checked = storedSettingsSchema.safeParse(parsed);
    if (checked.success) settings = checked.data;
    else
      report({
        code: 'DATABASE_CORRUPT',
        message:
          'POS Connect could not read its saved settings and uses the defaults until you change one. Nothing was deleted.',
        detail: `settings: ${checked.error ? issuePaths(checked.error) : 'not JSON'}`,
        params: { table: 'settings' },
      });
  }
  const apps = loadTable(database, 'apps', providerAppSchema, report, (app) => app.id);
  const connections = loadTable(
    database,
    'connections',
    connectionRecordSchema,
    report,
    (record) => record.id,
  );
  const customProviders = loadTable(database, 'custom_providers', customProviderSchema, report);

  const put = (table: Table) =>
    db.prepare<[string, string]>(`INSERT OR REPLACE INTO ${table} (id, json) VALUES (?, ?)`);
  const del = (table: Table) => db.prepare<[string]>(`DELETE FROM ${table} WHERE id = ?`);
  const statements = {
    settings: db.prepare<[string]>('INSERT OR REPLACE INTO settings (id, json) VALUES (1, ?)'),
    putApp: put('apps'),
    deleteApp: del('apps'),
    putConnection: put('connections'),
    deleteConnection: del('connections'),
    putProvider: put('custom_providers'),
    deleteProvider: del('custom_providers'),
  };
  /** Writes to the database; memory is changed by the caller only once this returned. */
  const write = (work: () => void) => {
    try {
      database.transaction(work);
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw writeFailed(error);
    }
  };

  return {
    path: database.path,
    startupProblems,
    // Every change is committed when its call returns: nothing is held back.
    flush: () => undefined,

    getSettings: () => ({ ...structuredClone(defaults), ...structuredClone(settings) }),
    updateSettings(patch) {
      // A change is held to today's bounds; only settings stored by an older version are clamped.
      const checked = settingsPatchSchema.safeParse(defined(isObject(patch) ? patch : {}));
      if (!checked.success) throw invalid('settings', checked.error);
      const next = { ...settings, ...checked.data };
      write(() => statements.settings.run(JSON.stringify(next)));
      settings = next;
      return this.getSettings();
    },

    listApps: () => [...apps.values()].map((json) => JSON.parse(json) as ProviderApp),
    getApp: (appId) => parsed<ProviderApp>(apps.get(appId)),
    saveApp(app) {
      const checked = providerAppSchema.safeParse(defined(app));
      if (!checked.success) throw invalid('provider app', checked.error);
      const json = JSON.stringify(checked.data);
      write(() => statements.putApp.run(checked.data.id, json));
      apps.set(checked.data.id, json);
    },
    deleteApp(appId) {
      if (!apps.has(appId)) return;
      write(() => statements.deleteApp.run(appId));
      apps.delete(appId);
    },

    listConnections: () => [...connections.values()].map((json) => JSON.parse(json) as ConnectionRecord),
    getConnection: (id) => parsed<ConnectionRecord>(connections.get(id)),
    saveConnection(record) {
      const checked = connectionRecordSchema.safeParse(defined(record));
      if (!checked.success) throw invalid('connection', checked.error);
      const json = JSON.stringify(checked.data);
      write(() => statements.putConnection.run(checked.data.id, json));
      connections.set(checked.data.id, json);
    },
    deleteConnection(id) {
      write(() => {
        statements.deleteConnection.run(id);
        history.deleteFor(id);
      });
      connections.delete(id);
    },

    appendHistory(connectionId, event) {
      const checked = historyEventSchema.safeParse(defined(event));
      if (!checked.success) throw invalid('history event', checked.error);
      try {
        history.append(connectionId, checked.data);
      } catch (error) {
        throw writeFailed(error);
      }
    },
    getHistory: (connectionId) => history.list(connectionId),

    listCustomProviders: () => [...customProviders.values()].map((json) => JSON.parse(json) as unknown),
    saveCustomProvider(id, definition) {
      let plain: unknown;
      try {
        plain = JSON.parse(JSON.stringify(definition));
      } catch {
        plain = undefined;
      }
      const checked = customProviderSchema.safeParse(plain);
      if (!checked.success || typeof id !== 'string' || id === '') {
        throw new AppError({
          code: 'INVALID_PROVIDER',
          message: 'This provider definition could not be saved.',
          detail: 'a provider definition must be a JSON object with an ID',
        });
      }
      const json = JSON.stringify(checked.data);
      write(() => statements.putProvider.run(id, json));
      customProviders.set(id, json);
    },
    deleteCustomProvider(id) {
      if (!customProviders.has(id)) return;
      write(() => statements.deleteProvider.run(id));
      customProviders.delete(id);
    },
  };
}
