import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { AppError, type AppErrorData } from '../../shared/errors';
import type { StoreFile } from '../store/schema';
import { keepAsideSync } from '../vault/atomic-file';
import type { VaultContent, VaultKey } from '../vault/vault-format';
import type { StorageDatabase } from './database';
import {
  LEGACY_CONFIG_FILE,
  LEGACY_VAULT_FILE,
  LegacyFileError,
  readLegacyConfig,
  readLegacyVault,
} from './legacy-files';
import { decryptRow, encryptRow, type SecretRow } from './secret-rows';
import type { KeychainKey } from './vault-key';

/**
 * The first start of the database version moves what config.json and vault.json hold into
 * pos-connect.db:
 *
 * 1. Both files are read without changing them (the vault with the key from the keychain: the one
 *    keychain read of that session; the key is handed on to the secret store).
 * 2. Everything is written in one transaction, read back in it and compared with the files
 *    (records field by field, every secret decrypted again); any difference rolls it all back.
 * 3. Only after the commit are the files renamed <file>.migrated-<timestamp>: kept, not deleted.
 *    A `legacy_migration` row in `meta` records the migration, so a later start never migrates
 *    twice (and only finishes the renaming if a crash came between the commit and the renames).
 *
 * A migration that fails (a file unreadable, the keychain unavailable, a disk error) changes
 * neither file, writes nothing, and is reported as MIGRATION_FAILED with its reason; the next
 * start tries again.
 */

export const MIGRATION_META_KEY = 'legacy_migration';

export type MigrationFailure =
  | 'config_unreadable'
  | 'vault_unreadable'
  | 'vault_key_missing'
  | 'keychain_unavailable'
  | 'write_failed'
  | 'verification_failed';

export interface LegacyMigrationOptions {
  dataDir: string;
  database: StorageDatabase;
  keychainKey: KeychainKey;
  now: () => number;
  /** Called in the transaction after the read-back, before the commit (tests inject faults here). */
  beforeCommit?: () => void;
}

export interface LegacyMigrationResult {
  migrated: boolean;
  /** The vault key, when the migration read it (so the session does not read the keychain again). */
  key?: VaultKey;
  problem?: AppErrorData;
}

function failed(reason: MigrationFailure, detail: string): LegacyMigrationResult {
  return {
    migrated: false,
    problem: {
      code: 'MIGRATION_FAILED',
      message:
        'POS Connect could not move your connections from the files of its earlier version into its database. Those files were left exactly as they were, and POS Connect will try again at its next start. Contact support if this message comes back.',
      detail: `${reason}: ${detail}`,
      params: { reason },
    },
  };
}

function rows(database: StorageDatabase, table: string): Map<string, unknown> {
  return new Map(
    database.db
      .prepare<[], { id: string; json: string }>(`SELECT id, json FROM ${table}`)
      .all()
      .map(({ id, json }) => [id, JSON.parse(json) as unknown]),
  );
}

function write(
  database: StorageDatabase,
  config: StoreFile,
  vault: VaultContent | undefined,
  key: VaultKey | undefined,
): void {
  const { db } = database;
  const hasSettings = db.prepare('SELECT 1 FROM settings WHERE id = 1').get();
  if (!hasSettings)
    db.prepare('INSERT INTO settings (id, json) VALUES (1, ?)').run(JSON.stringify(config.settings));
  const insert = (table: string) =>
    db.prepare<[string, string]>(`INSERT INTO ${table} (id, json) VALUES (?, ?)`);
  for (const [id, app] of Object.entries(config.apps)) insert('apps').run(id, JSON.stringify(app));
  for (const [id, record] of Object.entries(config.connections))
    insert('connections').run(id, JSON.stringify(record));
  for (const [id, definition] of Object.entries(config.customProviders))
    insert('custom_providers').run(id, JSON.stringify(definition));
  const line = db.prepare<[string, string, string]>(
    'INSERT INTO history (connection_id, at, json) VALUES (?, ?, ?)',
  );
  for (const [id, events] of Object.entries(config.histories))
    for (const event of events) line.run(id, event.at, JSON.stringify(event));
  if (vault && key) {
    const secret = db.prepare<SecretRow>(
      'INSERT INTO secrets (kind, id, key_id, iv, tag, data) VALUES (@kind, @id, @key_id, @iv, @tag, @data)',
    );
    for (const [id, secrets] of Object.entries(vault.connections))
      secret.run(encryptRow('connection', id, JSON.stringify(secrets), key));
    for (const [id, clientSecret] of Object.entries(vault.apps))
      secret.run(encryptRow('app', id, clientSecret, key));
  }
}

/** Reads back what was written (in the same transaction) and names the first difference. */
function verify(
  database: StorageDatabase,
  config: StoreFile,
  vault: VaultContent | undefined,
  key: VaultKey | undefined,
): string | undefined {
  const { db } = database;
  const tables: [string, Record<string, unknown>][] = [
    ['apps', config.apps],
    ['connections', config.connections],
    ['custom_providers', config.customProviders],
  ];
  for (const [table, expected] of tables) {
    const stored = rows(database, table);
    for (const [id, value] of Object.entries(expected))
      if (!isDeepStrictEqual(stored.get(id), value)) return `${table} ${id} differs after writing`;
  }
  const history = db.prepare<[string], { json: string }>(
    'SELECT json FROM history WHERE connection_id = ? ORDER BY seq',
  );
  for (const [id, events] of Object.entries(config.histories)) {
    const stored = history.all(id).map(({ json }) => JSON.parse(json) as unknown);
    if (!isDeepStrictEqual(stored.slice(-events.length), events))
      return `history of ${id} differs after writing`;
  }
  if (vault && key) {
    const secret = db.prepare<[string, string], SecretRow>(
      'SELECT kind, id, key_id, iv, tag, data FROM secrets WHERE kind = ? AND id = ?',
    );
    for (const [id, secrets] of Object.entries(vault.connections)) {
      const row = secret.get('connection', id);
      if (!row || !isDeepStrictEqual(JSON.parse(decryptRow(row, key)), secrets))
        return `secrets of connection ${id} differ after writing`;
    }
    for (const [id, clientSecret] of Object.entries(vault.apps)) {
      const row = secret.get('app', id);
      if (!row || decryptRow(row, key) !== clientSecret)
        return `client secret of app ${id} differs after writing`;
    }
  }
  return undefined;
}

class VerificationError extends Error {}

/** Renames the legacy files that are still there to <file>.migrated-<timestamp>. */
function setFilesAside(paths: string[], now: number): string[] {
  return paths
    .filter((path) => existsSync(path))
    .map((path) => basename(keepAsideSync(path, now, 'migrated')));
}

export async function migrateLegacyFiles(options: LegacyMigrationOptions): Promise<LegacyMigrationResult> {
  const { database } = options;
  const configPath = join(options.dataDir, LEGACY_CONFIG_FILE);
  const vaultPath = join(options.dataDir, LEGACY_VAULT_FILE);
  const paths = [configPath, vaultPath];
  if (!paths.some((path) => existsSync(path))) return { migrated: false };

  const done = database.db
    .prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?')
    .get(MIGRATION_META_KEY);
  if (done) {
    // Migrated before, then stopped before the files were renamed: finish that, migrate nothing.
    try {
      setFilesAside(paths, options.now());
    } catch {
      // They stay where they are; they are never read again.
    }
    return { migrated: false };
  }

  let config: StoreFile | undefined;
  let vault: VaultContent | undefined;
  let key: VaultKey | undefined;
  try {
    config = readLegacyConfig(configPath);
    if (existsSync(vaultPath)) {
      const stored = await options.keychainKey.read();
      if (!stored)
        return failed(
          'vault_key_missing',
          stored === null ? 'the keychain holds no vault key' : 'the keychain holds no valid vault key',
        );
      key = stored;
      vault = readLegacyVault(vaultPath, key);
    }
  } catch (error) {
    if (error instanceof LegacyFileError) return failed(error.reason, error.message);
    if (error instanceof AppError && error.code === 'KEYCHAIN_UNAVAILABLE')
      return failed('keychain_unavailable', error.detail ?? 'the keychain did not answer');
    throw error;
  }
  const source: StoreFile = config ?? {
    schemaVersion: 2,
    settings: {},
    apps: {},
    connections: {},
    histories: {},
    customProviders: {},
  };

  try {
    database.durably(() => {
      write(database, source, vault, key);
      const difference = verify(database, source, vault, key);
      if (difference) throw new VerificationError(difference);
      options.beforeCommit?.();
      database.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(
        MIGRATION_META_KEY,
        JSON.stringify({
          at: new Date(options.now()).toISOString(),
          connections: Object.keys(source.connections).length,
          apps: Object.keys(source.apps).length,
          secrets: vault ? Object.keys(vault.connections).length + Object.keys(vault.apps).length : 0,
        }),
      );
    });
  } catch (error) {
    if (error instanceof VerificationError) return { ...failed('verification_failed', error.message), key };
    const code = (error as { code?: unknown }).code;
    return {
      ...failed(
        'write_failed',
        `writing the database failed: ${typeof code === 'string' ? code : error instanceof Error ? error.name : 'unknown'}`,
      ),
      key,
    };
  }
  try {
    setFilesAside(paths, options.now());
  } catch {
    // Migrated and recorded: the next start finishes the renaming (and migrates nothing).
  }
  return { migrated: true, ...(key ? { key } : {}) };
}
