import type { AppErrorData } from '../shared/errors';
import type { AppStore, AppVault } from './ports';
import { AttemptsLog } from './db/attempts-log';
import { openDatabase, type StorageDatabase } from './db/database';
import { HistoryTable } from './db/history';
import { migrateLegacyFiles } from './db/legacy-migration';
import { createRecordStore } from './db/record-store';
import { SecretStore } from './db/secret-store';
import { ensurePrivateDir } from './security/private-dir';
import { KeychainKey } from './db/vault-key';
import { DEFAULT_HISTORY_LIMIT } from './store/schema';
import { DEFAULT_KEYCHAIN_SERVICE, VAULT_KEY_ACCOUNT, type Keychain } from './vault/keychain';

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
  /** Closes the database (the services' stop does not: the app closes it on quit). */
  close(): void;
}

/**
 * Where POS Connect keeps things: one SQLite database, pos-connect.db (src/main/db/), holding
 * settings, provider apps, connection records, histories, custom providers, the attempts log and
 * the secrets, each secret encrypted on its own row under a key that lives in the OS keychain.
 * Opening reads the records but touches neither the keychain nor a secret, unless the files of an
 * earlier version are there to migrate (then the keychain is read once, for the session).
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

  const history = new HistoryTable(database, options.historyLimit ?? DEFAULT_HISTORY_LIMIT);
  const store = createRecordStore(database, history, {
    ...(options.locale ? { locale: options.locale } : {}),
    earlierProblems: problems,
    ...(options.onProblem ? { onProblem: options.onProblem } : {}),
  });
  const vault = new SecretStore(database, keychainKey, {
    now,
    ...(options.onProblem ? { onProblem: options.onProblem } : {}),
    ...(migration.key ? { key: migration.key } : {}),
  });
  return { store, vault, attempts: new AttemptsLog(database, now), database, close: () => database.close() };
}
