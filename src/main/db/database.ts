import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { AppError, type AppErrorData } from '../../shared/errors';
import { keepAsideSync } from '../vault/atomic-file';
import { applySchema, SchemaVersionError } from './schema';

/**
 * pos-connect.db, the SQLite database that holds everything POS Connect keeps (secrets encrypted
 * per row). Opening it:
 *
 * - WAL journal: a commit appends to pos-connect.db-wal and a reader sees the database as of its
 *   last commit, never a half-written change; a killed process leaves either the commit or nothing.
 * - synchronous=NORMAL, and FULL for commits that carry a secret (`durably`). In WAL mode NORMAL
 *   fsyncs only at checkpoints: a commit survives the death of the process (SIGKILL, a crash)
 *   because it is in the OS's file cache, and the database is never corrupted; a power cut may
 *   lose the last commits. FULL fsyncs the WAL at each commit, so a rotated single-use refresh
 *   token also survives a power cut (losing it would force a re-authorization). History lines and
 *   records take the cheaper path; a later FULL commit makes them durable too.
 * - A file that is not a database, fails its check or was written by a newer schema is moved aside
 *   byte for byte (with its -wal and -shm), reported as DATABASE_CORRUPT, and a new one is made.
 *   An I/O failure (permissions, disk) is thrown and moves nothing.
 */

export const DATABASE_FILE_NAME = 'pos-connect.db';

/** Tables read in full at start, checked (PRAGMA quick_check) before they are trusted. */
const CHECKED_AT_OPEN = ['settings', 'apps', 'connections', 'custom_providers', 'secrets', 'meta'];

export interface StorageDatabase {
  readonly db: Database.Database;
  readonly path: string;
  /** One transaction (BEGIN IMMEDIATE), synchronous=NORMAL. */
  transaction<T>(work: () => T): T;
  /** One transaction fsynced at commit (synchronous=FULL): for secrets. */
  durably<T>(work: () => T): T;
  close(): void;
}

export interface OpenDatabaseOptions {
  dataDir: string;
  now: () => number;
  report: (problem: AppErrorData) => void;
  /**
   * better-sqlite3's compiled addon built for the runtime at hand. A development run of Electron
   * (`npm start`) passes one built against Electron's headers, because node_modules holds the build
   * for Node that the tests use; a packaged app and Node leave it out (the package's own is rebuilt).
   */
  nativeBinding?: string;
}

const CORRUPT_CODES = new Set([
  'SQLITE_CORRUPT',
  'SQLITE_NOTADB',
  'SQLITE_CORRUPT_INDEX',
  'SQLITE_CORRUPT_VTAB',
]);

export class DatabaseCorruptError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'DatabaseCorruptError';
  }
}

/** Whether an error from SQLite says the file's content is damaged (not an I/O or permission problem). */
export function isCorruption(error: unknown): boolean {
  if (error instanceof DatabaseCorruptError || error instanceof SchemaVersionError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (CORRUPT_CODES.has(code) || code.startsWith('SQLITE_CORRUPT'));
}

function describe(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (error instanceof DatabaseCorruptError || error instanceof SchemaVersionError) return error.message;
  return typeof code === 'string' ? code : error instanceof Error ? error.name : 'unknown error';
}

function connect(path: string, nativeBinding?: string): Database.Database {
  // Created empty, owner-only, before SQLite opens it: SQLite gives its -wal and -shm the same mode.
  if (!existsSync(path)) closeSync(openSync(path, 'wx', 0o600));
  const db = new Database(path, nativeBinding ? { nativeBinding } : {});
  try {
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    for (const table of CHECKED_AT_OPEN) {
      const exists = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(table);
      if (!exists) continue;
      const result = db.pragma(`quick_check(${table})`, { simple: true });
      if (result !== 'ok')
        throw new DatabaseCorruptError(`quick_check(${table}): ${String(result).slice(0, 200)}`);
    }
    applySchema(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export function corruptDatabaseProblem(reason: string, keptAs: string): AppErrorData {
  return {
    code: 'DATABASE_CORRUPT',
    message:
      'POS Connect could not read its database (settings, connections and saved sign-ins), so it set the damaged file aside and started with an empty one. Nothing was deleted: support can restore the file that was set aside.',
    detail: `${reason}; kept aside as ${keptAs}`,
    params: { file: keptAs },
  };
}

/** Moves the database and its WAL and shared-memory files aside; returns the database's new name. */
export function keepDatabaseAside(path: string, now: number): string {
  const kept = basename(keepAsideSync(path, now));
  for (const companion of [`${path}-wal`, `${path}-shm`]) {
    if (existsSync(companion)) keepAsideSync(companion, now);
  }
  return kept;
}

function cannotOpen(error: unknown): AppError {
  return new AppError(
    {
      code: 'INTERNAL',
      message:
        'POS Connect could not open its database. Check the permissions of its data folder and that the disk is not full, then restart POS Connect.',
      detail: `opening ${DATABASE_FILE_NAME} failed: ${describe(error)}`,
    },
    { cause: error },
  );
}

function wrap(db: Database.Database, path: string): StorageDatabase {
  return {
    db,
    path,
    transaction: (work) => db.transaction(work).immediate(),
    durably(work) {
      db.pragma('synchronous = FULL');
      try {
        return db.transaction(work).immediate();
      } finally {
        db.pragma('synchronous = NORMAL');
      }
    },
    close: () => {
      if (db.open) db.close();
    },
  };
}

/** Opens (or creates) the database in `dataDir`, keeping a damaged one aside (and reporting it). */
export function openDatabase(options: OpenDatabaseOptions): StorageDatabase {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const path = join(options.dataDir, DATABASE_FILE_NAME);
  try {
    return wrap(connect(path, options.nativeBinding), path);
  } catch (error) {
    if (!isCorruption(error)) throw cannotOpen(error);
    const keptAs = keepDatabaseAside(path, options.now());
    options.report(corruptDatabaseProblem(describe(error), keptAs));
  }
  try {
    return wrap(connect(path, options.nativeBinding), path);
  } catch (error) {
    throw cannotOpen(error);
  }
}
