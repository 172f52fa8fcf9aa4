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
import { rollbackProblem, type RecordVerifier, type StorageIntegrity } from './integrity';
import {
  connectionBinding,
  isHeldForIntegrity,
  macMatches,
  overrideBinding,
  TAMPERED_CODE,
} from './record-mac';
import type { SecretKind } from './secret-rows';

/**
 * Settings, provider apps (without their secrets), connection records, custom provider definitions
 * and (through HistoryTable) histories, in pos-connect.db. Everything but the histories is read
 * once when the database opens and kept in memory as the rows' JSON text (a read parses it: a
 * fresh copy, faster than cloning an object); a change writes its one row, then memory.
 * Every row is checked against the zod schemas of src/main/store/schema.ts on write and on load
 * (strict objects: a field that is not in the schema, such as a token, is refused).
 *
 * Integrity (integrity.ts, record-mac.ts): every write of a connection, app, custom provider or
 * endpoint override stores the MAC of what decides where secrets go; the check runs once the vault
 * key is known. A row that fails it is kept byte for byte in `records_aside` and reported:
 * - a connection is kept, held as needing re-authorization (its recorded origins and API base,
 *   which can no longer be trusted, are left out; its secrets are not handed out, see isHeld), with
 *   a history line;
 * - an app or a custom provider is left out (its connections are held too);
 * - an endpoint override is not applied.
 */

type Table = 'apps' | 'connections' | 'custom_providers';

export interface RecordStore extends AppStore {
  readonly path: string;
  /** Whether a connection or app is held for an integrity failure: the vault hands out none of its secrets. */
  isHeld(kind: SecretKind, id: string): boolean;
}

export interface RecordStoreOptions {
  locale?: string;
  /** Problems found before (opening the database, migrating): listed first in startupProblems. */
  earlierProblems?: AppErrorData[];
  /** Told of every problem as it is found (for the log). */
  onProblem?: (problem: AppErrorData) => void;
  /** Signs and checks the rows that decide where secrets go. */
  integrity: StorageIntegrity;
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
): { rows: Map<string, string>; macs: Map<string, string | null> } {
  const out = new Map<string, string>();
  const macs = new Map<string, string | null>();
  const skipped: string[] = [];
  for (const { id, json, mac } of database.db
    .prepare<[], { id: string; json: string; mac: string | null }>(`SELECT id, json, mac FROM ${table}`)
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
    macs.set(id, mac);
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
  return { rows: out, macs };
}

function tamperedProblem(what: string, detail: string): AppErrorData {
  return {
    code: 'RECORD_TAMPERED',
    message: `POS Connect found ${what} changed outside the app, so it does not trust them: their connections need reconnecting, and no saved sign-in is sent anywhere until then. Nothing was deleted: support can look at what was set aside.`,
    detail,
  };
}

function listed(ids: string[]): string {
  return `${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ` and ${ids.length - 5} more` : ''}`;
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

  const { integrity } = options;
  let settings: Partial<Settings> = {};
  /** Per provider ID, the MAC of its endpoint override. */
  let overrideMacs: Record<string, string | null> = {};
  const settingsRow = db
    .prepare<[], { json: string; overrides_mac: string | null }>(
      'SELECT json, overrides_mac FROM settings WHERE id = 1',
    )
    .get();
  if (settingsRow) {
    try {
      const macs: unknown = JSON.parse(settingsRow.overrides_mac ?? '{}');
      if (isObject(macs))
        overrideMacs = Object.fromEntries(
          Object.entries(macs).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
        );
    } catch {
      overrideMacs = {};
    }
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
  const { rows: apps, macs: appMacs } = loadTable(
    database,
    'apps',
    providerAppSchema,
    report,
    (app) => app.id,
  );
  const { rows: connections, macs: connectionMacs } = loadTable(
    database,
    'connections',
    connectionRecordSchema,
    report,
    (record) => record.id,
  );
  const { rows: customProviders, macs: providerMacs } = loadTable(
    database,
    'custom_providers',
    customProviderSchema,
    report,
  );
  /** Apps set aside this session for failing their check: their client secrets are not handed out. */
  const heldApps = new Set<string>();

  const put = (table: Table) =>
    db.prepare<[string, string, string | null]>(
      `INSERT OR REPLACE INTO ${table} (id, json, mac) VALUES (?, ?, ?)`,
    );
  const del = (table: Table) => db.prepare<[string]>(`DELETE FROM ${table} WHERE id = ?`);
  const statements = {
    settings: db.prepare<[string, string]>(
      'INSERT OR REPLACE INTO settings (id, json, overrides_mac) VALUES (1, ?, ?)',
    ),
    aside: db.prepare<[number, string, string, string, string, string | null]>(
      'INSERT INTO records_aside (kept_at, reason, table_name, id, json, mac) VALUES (?, ?, ?, ?, ?, ?)',
    ),
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

  /** The MAC of a row whose binding is its whole JSON text (apps, custom providers). */
  const wholeRowMac = (
    table: 'apps' | 'custom_providers',
    id: string,
    json: string,
    rows: Map<string, string>,
    macs: Map<string, string | null>,
  ) => {
    const before = rows.get(id);
    return integrity.macFor(
      table,
      id,
      json,
      before !== undefined ? { binding: before, mac: macs.get(id) ?? null } : undefined,
    );
  };

  /** Per provider, the MAC of each override in `next` (an unchanged one keeps its MAC). */
  const overridesMacOf = (next: Partial<Settings>): Record<string, string | null> => {
    const before = settings.endpointOverrides ?? {};
    const out: Record<string, string | null> = {};
    for (const [providerId, override] of Object.entries(next.endpointOverrides ?? {})) {
      const previous = before[providerId];
      out[providerId] = integrity.macFor(
        'endpoint_overrides',
        providerId,
        overrideBinding(override),
        previous ? { binding: overrideBinding(previous), mac: overrideMacs[providerId] ?? null } : undefined,
      );
    }
    return out;
  };

  const verify: RecordVerifier = ({ adopt, rolledBack, mac, now }) => {
    const at = new Date(now).toISOString();
    const reason = 'integrity check failed';
    const failedApps: string[] = [];
    const failedProviders: string[] = [];
    const failedConnections: string[] = [];
    const failedOverrides: string[] = [];

    const checkWhole = (
      table: 'apps' | 'custom_providers',
      rows: Map<string, string>,
      macs: Map<string, string | null>,
      failed: string[],
    ) => {
      const setMac = db.prepare<[string, string]>(`UPDATE ${table} SET mac = ? WHERE id = ?`);
      for (const [id, json] of [...rows]) {
        const expected = mac(table, id, json);
        if (macMatches(macs.get(id), expected)) continue;
        if (adopt) {
          setMac.run(expected, id);
          macs.set(id, expected);
          continue;
        }
        statements.aside.run(now, reason, table, id, json, macs.get(id) ?? null);
        del(table).run(id);
        rows.delete(id);
        macs.delete(id);
        failed.push(id);
      }
    };
    checkWhole('apps', apps, appMacs, failedApps);
    checkWhole('custom_providers', customProviders, providerMacs, failedProviders);
    for (const id of failedApps) heldApps.add(id);

    for (const [id, json] of [...connections]) {
      const record = JSON.parse(json) as ConnectionRecord;
      const expected = mac('connections', id, connectionBinding(record));
      const ownOk = macMatches(connectionMacs.get(id), expected);
      if (adopt) {
        if (!ownOk) {
          statements.putConnection.run(id, json, expected);
          connectionMacs.set(id, expected);
        }
        continue;
      }
      const appGone = failedApps.includes(record.appId);
      const providerGone = failedProviders.includes(record.providerId);
      if (ownOk && !appGone && !providerGone) continue;
      if (ownOk && isHeldForIntegrity(record)) continue;
      const why = !ownOk
        ? 'its record (provider, app, addresses, parameters or sandbox flag) failed its integrity check'
        : appGone
          ? `its provider app ${record.appId} failed its integrity check`
          : `its provider definition ${record.providerId} failed its integrity check`;
      if (!ownOk) statements.aside.run(now, reason, 'connections', id, json, connectionMacs.get(id) ?? null);
      const error: AppErrorData = {
        code: TAMPERED_CODE,
        message:
          'This connection was changed outside POS Connect, so its saved sign-in is not used. Reconnect it to continue.',
        detail: `connection ${id}: ${why}`,
      };
      const held: ConnectionRecord = {
        ...record,
        state: 'needs_reauthorization',
        stateReason: error,
        lastRefreshFailed: false,
      };
      // Where its secrets went can no longer be trusted: a reconnect records it again.
      if (!ownOk) {
        delete held.origins;
        delete held.apiBaseUrl;
      }
      const heldJson = JSON.stringify(held);
      const heldMac = mac('connections', id, connectionBinding(held));
      statements.putConnection.run(id, heldJson, heldMac);
      connections.set(id, heldJson);
      connectionMacs.set(id, heldMac);
      history.append(id, {
        at,
        kind: 'needs_reauthorization',
        summary:
          'This connection was changed outside POS Connect (its record failed its integrity check). Its saved sign-in is not sent anywhere until you reconnect it.',
        error,
      });
      failedConnections.push(id);
    }

    const overrides = settings.endpointOverrides ?? {};
    const keptOverrides: NonNullable<Settings['endpointOverrides']> = {};
    const keptMacs: Record<string, string | null> = {};
    let overridesChanged = false;
    for (const [providerId, override] of Object.entries(overrides)) {
      const expected = mac('endpoint_overrides', providerId, overrideBinding(override));
      if (macMatches(overrideMacs[providerId], expected)) {
        keptOverrides[providerId] = override;
        keptMacs[providerId] = expected;
        continue;
      }
      overridesChanged = true;
      if (adopt) {
        keptOverrides[providerId] = override;
        keptMacs[providerId] = expected;
        continue;
      }
      statements.aside.run(
        now,
        reason,
        'settings',
        `endpointOverrides.${providerId}`,
        JSON.stringify(override),
        overrideMacs[providerId] ?? null,
      );
      failedOverrides.push(providerId);
    }
    if (overridesChanged) {
      settings = { ...settings, endpointOverrides: keptOverrides };
      overrideMacs = keptMacs;
      statements.settings.run(JSON.stringify(settings), JSON.stringify(keptMacs));
    }

    if (rolledBack) {
      report(rollbackProblem(rolledBack));
      for (const id of connections.keys()) {
        history.append(id, {
          at,
          kind: 'warning',
          summary:
            'An older copy of POS Connect’s data was restored: the sign-in saved for this connection may already have been used up. If it fails, reconnect it.',
          data: { warning: 'vault_rollback' },
        });
      }
    }
    const records = [
      failedConnections.length > 0 ? `connections ${listed(failedConnections)}` : '',
      failedApps.length > 0 ? `provider apps ${listed(failedApps)}` : '',
      failedProviders.length > 0 ? `custom providers ${listed(failedProviders)}` : '',
    ].filter((part) => part !== '');
    if (records.length > 0)
      report(
        tamperedProblem(
          'saved connection details',
          `${records.join('; ')}: ${reason}; kept in records_aside`,
        ),
      );
    if (failedOverrides.length > 0)
      report({
        ...tamperedProblem('endpoint addresses', ''),
        message:
          'POS Connect found endpoint addresses changed outside the app and did not apply them: the providers’ own addresses are used. Enter them again in the settings if you need them. Nothing was deleted.',
        detail: `endpoint overrides of ${listed(failedOverrides)}: ${reason}; kept in records_aside`,
        params: { providers: failedOverrides.join(', ') },
      });
    return failedApps.length + failedProviders.length + failedConnections.length + failedOverrides.length;
  };
  integrity.setVerifier(verify);

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
      const macs = overridesMacOf(next);
      write(() => statements.settings.run(JSON.stringify(next), JSON.stringify(macs)));
      settings = next;
      overrideMacs = macs;
      return this.getSettings();
    },

    listApps: () => [...apps.values()].map((json) => JSON.parse(json) as ProviderApp),
    getApp: (appId) => parsed<ProviderApp>(apps.get(appId)),
    saveApp(app) {
      const checked = providerAppSchema.safeParse(defined(app));
      if (!checked.success) throw invalid('provider app', checked.error);
      const json = JSON.stringify(checked.data);
      const mac = wholeRowMac('apps', checked.data.id, json, apps, appMacs);
      write(() => statements.putApp.run(checked.data.id, json, mac));
      apps.set(checked.data.id, json);
      appMacs.set(checked.data.id, mac);
    },
    deleteApp(appId) {
      if (!apps.has(appId)) return;
      write(() => statements.deleteApp.run(appId));
      apps.delete(appId);
      appMacs.delete(appId);
    },

    listConnections: () => [...connections.values()].map((json) => JSON.parse(json) as ConnectionRecord),
    getConnection: (id) => parsed<ConnectionRecord>(connections.get(id)),
    saveConnection(record) {
      const checked = connectionRecordSchema.safeParse(defined(record));
      if (!checked.success) throw invalid('connection', checked.error);
      const { id } = checked.data;
      const json = JSON.stringify(checked.data);
      const before = connections.get(id);
      const mac = integrity.macFor(
        'connections',
        id,
        connectionBinding(checked.data),
        before !== undefined
          ? {
              binding: connectionBinding(JSON.parse(before) as ConnectionRecord),
              mac: connectionMacs.get(id) ?? null,
            }
          : undefined,
      );
      write(() => statements.putConnection.run(id, json, mac));
      connections.set(id, json);
      connectionMacs.set(id, mac);
    },
    deleteConnection(id) {
      write(() => {
        statements.deleteConnection.run(id);
        history.deleteFor(id);
      });
      connections.delete(id);
      connectionMacs.delete(id);
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
      const mac = wholeRowMac('custom_providers', id, json, customProviders, providerMacs);
      write(() => statements.putProvider.run(id, json, mac));
      customProviders.set(id, json);
      providerMacs.set(id, mac);
    },
    deleteCustomProvider(id) {
      if (!customProviders.has(id)) return;
      write(() => statements.deleteProvider.run(id));
      customProviders.delete(id);
      providerMacs.delete(id);
    },
    isHeld: (kind, id) =>
      kind === 'app' ? heldApps.has(id) : isHeldForIntegrity(parsed<ConnectionRecord>(connections.get(id))),
  };
}
