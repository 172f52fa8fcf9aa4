import type Database from 'better-sqlite3';

/**
 * The tables of pos-connect.db, as DDL steps applied in order; PRAGMA user_version is the number
 * of steps applied. A step is never edited once released: a change is a new step.
 *
 * Every row is its own write: one token write, one record save or one history line touches one
 * row (and an index), so its cost does not depend on how many connections are stored.
 */
export const SCHEMA_STEPS: readonly string[] = [
  `
  -- Settings: one row, only what the user changed (defaults are applied on read).
  CREATE TABLE settings (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL);
  -- Records are JSON checked by the zod schemas of src/main/store/schema.ts on write and on load.
  CREATE TABLE apps (id TEXT PRIMARY KEY, json TEXT NOT NULL);
  CREATE TABLE connections (id TEXT PRIMARY KEY, json TEXT NOT NULL);
  CREATE TABLE custom_providers (id TEXT PRIMARY KEY, json TEXT NOT NULL);
  -- Histories: bounded per connection, read and trimmed through (connection, time, sequence).
  CREATE TABLE history (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    connection_id TEXT NOT NULL,
    at TEXT NOT NULL,
    json TEXT NOT NULL
  );
  CREATE INDEX history_by_connection_time ON history (connection_id, at, seq);
  -- Secrets: one AES-256-GCM ciphertext per row (src/main/db/secret-rows.ts).
  CREATE TABLE secrets (
    kind TEXT NOT NULL CHECK (kind IN ('connection', 'app')),
    id TEXT NOT NULL,
    key_id TEXT NOT NULL,
    iv BLOB NOT NULL,
    tag BLOB NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (kind, id)
  ) WITHOUT ROWID;
  -- Secret rows that failed their check, kept byte for byte for support (never read back).
  CREATE TABLE secrets_aside (
    kept_at INTEGER NOT NULL,
    reason TEXT NOT NULL,
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    key_id TEXT NOT NULL,
    iv BLOB NOT NULL,
    tag BLOB NOT NULL,
    data BLOB NOT NULL
  );
  -- Failed connect attempts, without secrets, kept for a bounded time.
  CREATE TABLE attempts (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    json TEXT NOT NULL
  );
  CREATE INDEX attempts_by_time ON attempts (at);
  -- Facts about the database itself (e.g. the migration from the files of earlier versions).
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  `,
  `
  -- Integrity of what is not secret (src/main/db/record-mac.ts): each row that decides where
  -- secrets go carries an HMAC under a key derived from the vault key. NULL in a database made
  -- before this step, until the first load with the key signs it.
  ALTER TABLE apps ADD COLUMN mac TEXT;
  ALTER TABLE connections ADD COLUMN mac TEXT;
  ALTER TABLE custom_providers ADD COLUMN mac TEXT;
  -- Per provider ID, the MAC of its endpoint override: JSON {"<providerId>": "<mac>"}.
  ALTER TABLE settings ADD COLUMN overrides_mac TEXT;
  -- Rows that failed their integrity check, kept byte for byte for support (never read back).
  CREATE TABLE records_aside (
    kept_at INTEGER NOT NULL,
    reason TEXT NOT NULL,
    table_name TEXT NOT NULL,
    id TEXT NOT NULL,
    json TEXT NOT NULL,
    mac TEXT
  );
  `,
];

export const SCHEMA_VERSION = SCHEMA_STEPS.length;

export class SchemaVersionError extends Error {
  constructor(readonly found: number) {
    super(
      `database schema version ${found} was written by a newer POS Connect (this one knows up to ${SCHEMA_VERSION})`,
    );
    this.name = 'SchemaVersionError';
  }
}

/** Brings the database to SCHEMA_VERSION, each step in its own transaction. */
export function applySchema(db: Database.Database): void {
  const found = db.pragma('user_version', { simple: true }) as number;
  if (found > SCHEMA_VERSION) throw new SchemaVersionError(found);
  for (let step = found; step < SCHEMA_VERSION; step += 1) {
    db.transaction(() => {
      db.exec(SCHEMA_STEPS[step] as string);
      db.pragma(`user_version = ${step + 1}`);
    }).immediate();
  }
}
