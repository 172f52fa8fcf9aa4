import type { AppErrorData } from '../shared/errors';
import type { AppStore, AppVault } from './ports';
import { AttemptsLog } from './db/attempts-log';
import { openDatabase, type StorageDatabase } from './db/database';
import { HistoryTable } from './db/history';
import { StorageIntegrity } from './db/integrity';
import { migrateLegacyFiles } from './db/legacy-migration';
import { createRecordStore } from './db/record-store';
import { SecretStore } from './db/secret-store';
import { ensurePrivateDir } from './security/private-dir';
import { KeychainKey } from './db/vault-key';
import { DEFAULT_HISTORY_LIMIT } from './store/schema';
import { DEFAULT_KEYCHAIN_SERVICE, VAULT_KEY_ACCOUNT, type Keychain } from './vault/keychain';
import type { VaultKey } from './vault/vault-format';

export interface StorageOptions {
  /** Electron: app.getPath('userData'); tests: a temporary directory. */
  dataDir: string;
  keychain: Keychain;
  locale?: string;
  /** Keychain service name; tests use a unique one so they never touch a real installation. */
  keychainService?: string;
  now?: () => number;
  /** Events kept per connection, most recent last. */
  historyLimit?: number;
  onProblem?: (problem: AppErrorData) => void;
  /** better-sqlite3's addon built for Electron, in a development run only (db/database.ts). */
  sqliteBinding?: string;
  /** Tests only: runs inside the migration's transaction, before its commit (fault injection). */
  beforeMigrationCommit?: () => void;
}

export interface Storage {
  store: AppStore;
  vault: AppVault;
  attempts: AttemptsLog;
  database: StorageDatabase;
  /** Record MACs and the vault generation (db/integrity.ts). */
  integrity: StorageIntegrity;
  /** Closes the database (the services' stop does not: the app closes it on quit). */
  close(): void;
}

/**
 * Where POS Connect keeps things: one SQLite database, pos-connect.db (src/main/db/), holding
 * settings, provider apps, connection records, histories, custom providers, the attempts log and
 * the secrets, each secret encrypted on its own row under a key that lives in the OS keychain.
 * Opening reads the records and, when anything is stored, the vault key from the keychain (the
 * session's one keychain read, moved to the start so the records are checked before anything uses
 * them: db/integrity.ts). A fresh installation asks the keychain nothing until a secret is stored.
 * A keychain that does not answer at open delays the check to the first secret need, before any
 * secret is handed out.
 */
export async function openStorage(options: StorageOptions): Promise<Storage> {
  // Secrets are encrypted, but their metadata and the log are nobody else's business either.
  ensurePrivateDir(options.dataDir);
  const now = options.now ?? Date.now;
  const problems: AppErrorData[] = [];
  const report = (problem: AppErrorData) => {
    problems.push(problem);
    options.onProblem?.(problem);
  };
  const database = openDatabase({
    dataDir: options.dataDir,
    now,
    report,
    ...(options.sqliteBinding ? { nativeBinding: options.sqliteBinding } : {}),
  });
  const keychainKey = new KeychainKey(
    options.keychain,
    options.keychainService ?? DEFAULT_KEYCHAIN_SERVICE,
    VAULT_KEY_ACCOUNT,
  );
  const migration = await migrateLegacyFiles({
    dataDir: options.dataDir,
    database,
    keychainKey,
    now,
    ...(options.beforeMigrationCommit ? { beforeCommit: options.beforeMigrationCommit } : {}),
  });
  if (migration.problem) report(migration.problem);

  // The session's one keychain read, when there is anything to check with the key.
  let key: VaultKey | undefined = migration.key;
  let keyMissing: { value: null | undefined } | undefined;
  if (!key && holdsAnything(database)) {
    try {
      const stored = await keychainKey.read();
      if (stored) key = stored;
      else keyMissing = { value: stored };
    } catch {
      // KEYCHAIN_UNAVAILABLE: remembered by keychainKey for the app's info; checked at the first secret need.
    }
  }

  const integrity = new StorageIntegrity(database, keychainKey, { now });
  const history = new HistoryTable(database, options.historyLimit ?? DEFAULT_HISTORY_LIMIT);
  const store = createRecordStore(database, history, {
    ...(options.locale ? { locale: options.locale } : {}),
    earlierProblems: problems,
    ...(options.onProblem ? { onProblem: options.onProblem } : {}),
    integrity,
  });
  // Checked now when there is anything to check (an empty database is signed at its first write).
  if (key && holdsAnything(database)) integrity.useKey(key, { created: false });
  else if (keyMissing) integrity.noteKeyAbsent();
  const vault = new SecretStore(database, keychainKey, {
    now,
    integrity,
    isHeld: (kind, id) => store.isHeld(kind, id),
    ...(options.onProblem ? { onProblem: options.onProblem } : {}),
    ...(key ? { key } : {}),
    ...(keyMissing ? { keyMissing: keyMissing.value } : {}),
  });
  return {
    store,
    vault,
    attempts: new AttemptsLog(database, now),
    database,
    integrity,
    close: () => database.close(),
  };
}

/** Whether the database holds anything the vault key protects or authenticates. */
function holdsAnything(database: StorageDatabase): boolean {
  return (
    database.db
      .prepare<[], { found: number }>(
        `SELECT EXISTS (SELECT 1 FROM connections) OR EXISTS (SELECT 1 FROM apps)
           OR EXISTS (SELECT 1 FROM custom_providers) OR EXISTS (SELECT 1 FROM secrets)
           OR EXISTS (SELECT 1 FROM settings WHERE overrides_mac IS NOT NULL OR json LIKE '%endpointOverrides%')
           OR EXISTS (SELECT 1 FROM meta WHERE key = 'vault_generation') AS found`,
      )
      .get()?.found === 1
  );
}
