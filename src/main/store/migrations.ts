import { CURRENT_SCHEMA_VERSION, DEFAULT_HISTORY_LIMIT } from './schema';

/**
 * Migrations of the settings file, one per version step, applied in order to the raw JSON before
 * it is validated against the current schema. A migration never sees or writes a secret.
 *
 * Version 1 (POS Connect 0.0.x) kept each connection's history inside its record and the refresh
 * lead time in minutes:
 *   { "schemaVersion": 1,                         (or absent)
 *     "settings": { "refreshLeadMinutes": 5, ... },
 *     "apps": {...}, "customProviders": {...},
 *     "connections": { "<id>": { ..., "history": HistoryEvent[] } } }
 */

export type RawStore = Record<string, unknown>;

export interface Migration {
  from: number;
  to: number;
  description: string;
  migrate(data: RawStore): RawStore;
}

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly version: unknown,
  ) {
    super(message);
    this.name = 'MigrationError';
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const v1ToV2: Migration = {
  from: 1,
  to: 2,
  description: 'refreshLeadMinutes becomes refreshLeadSeconds; histories move out of the connection records',
  migrate(data) {
    const next: RawStore = { ...data, schemaVersion: 2 };

    if (isObject(data.settings)) {
      const { refreshLeadMinutes, ...settings } = data.settings;
      if (refreshLeadMinutes !== undefined && settings.refreshLeadSeconds === undefined) {
        // A value that is not a number is left for the schema to report, not guessed at.
        settings.refreshLeadSeconds =
          typeof refreshLeadMinutes === 'number' ? Math.round(refreshLeadMinutes * 60) : refreshLeadMinutes;
      }
      next.settings = settings;
    } else if (data.settings === undefined) {
      next.settings = {};
    }

    const histories: Record<string, unknown> = isObject(data.histories) ? { ...data.histories } : {};
    if (isObject(data.connections)) {
      const connections: Record<string, unknown> = {};
      for (const [id, record] of Object.entries(data.connections)) {
        if (isObject(record) && 'history' in record) {
          const { history, ...rest } = record;
          histories[id] = Array.isArray(history) ? history.slice(-DEFAULT_HISTORY_LIMIT) : history;
          connections[id] = rest;
        } else {
          connections[id] = record;
        }
      }
      next.connections = connections;
    } else if (data.connections === undefined) {
      next.connections = {};
    }
    next.histories = histories;
    next.apps ??= {};
    next.customProviders ??= {};
    return next;
  },
};

export const MIGRATIONS: readonly Migration[] = [v1ToV2];

/**
 * Brings raw file content to the current version. A file without schemaVersion is version 1.
 * Throws MigrationError for a version this build does not know (a newer POS Connect wrote it).
 */
export function migrate(
  data: RawStore,
  migrations: readonly Migration[] = MIGRATIONS,
  target = CURRENT_SCHEMA_VERSION,
): { data: RawStore; from: number } {
  const declared = data.schemaVersion ?? 1;
  if (typeof declared !== 'number' || !Number.isInteger(declared) || declared < 1) {
    throw new MigrationError(`schemaVersion ${JSON.stringify(declared)} is not a version`, declared);
  }
  if (declared > target) {
    throw new MigrationError(
      `schemaVersion ${declared} was written by a newer POS Connect (this one reads up to ${target})`,
      declared,
    );
  }
  let current = data;
  let version = declared;
  while (version < target) {
    const step = migrations.find((migration) => migration.from === version);
    if (!step) throw new MigrationError(`no migration from schemaVersion ${version}`, version);
    current = step.migrate(current);
    version = step.to;
  }
  return { data: current, from: declared };
}
