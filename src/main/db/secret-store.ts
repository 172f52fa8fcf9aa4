import { AppError, type AppErrorData } from '../../shared/errors';
import type { AppVault, ConnectionSecrets } from '../ports';
import { connectionSecretsSchema, type VaultConnectionSecrets, type VaultKey } from '../vault/vault-format';
import type { StorageDatabase } from './database';
import type { StorageIntegrity } from './integrity';
import { decryptRow, encryptRow, SecretRowError, type SecretKind, type SecretRow } from './secret-rows';
import type { KeychainKey } from './vault-key';

/**
 * The secrets (access, refresh and ID tokens, kept passwords, client secrets) in the `secrets`
 * table, one AES-256-GCM row each (secret-rows.ts), under the vault key from the keychain.
 *
 * - The keychain is not asked until a secret is read or written, then once per session. (One
 *   exception: a row under another key makes it ask once more, in case another instance replaced
 *   a lost key.)
 * - Every read goes to the database, so a refresh token rotated by another POS Connect is seen.
 * - A write is one row in one transaction fsynced at commit (StorageDatabase.durably).
 * - KEYCHAIN_UNAVAILABLE: nothing is written, nothing moved, never a clear-text fall-back.
 * - A row that fails its check (tampered with, moved from another row, under a lost key) is moved
 *   to `secrets_aside` byte for byte and reported as VAULT_CORRUPT; the connection keeps its
 *   record and is reconnected in place. A key missing from the keychain while rows exist does the
 *   same for every row (after the new key is safely stored).
 * - Every transaction that changes secret rows also moves the vault generation on (integrity.ts);
 *   the key is handed out only after the records were checked with it.
 * - A connection held because its record failed its integrity check gets no secret from here
 *   until it is reconnected: whatever its record says, its tokens go nowhere.
 */
export class SecretStore implements AppVault {
  readonly startupProblems: AppErrorData[] = [];
  private key: VaultKey | undefined;
  /** What the read at open found instead of a key, so the first secret need does not ask again. */
  private knownMissing: { value: null | undefined } | undefined;
  private keyPending: Promise<VaultKey> | undefined;
  private readonly select;
  private readonly upsert;
  private readonly remove;
  private readonly count;

  constructor(
    private readonly database: StorageDatabase,
    private readonly keychainKey: KeychainKey,
    private readonly options: {
      now: () => number;
      integrity: StorageIntegrity;
      onProblem?: (problem: AppErrorData) => void;
      /** The key, when this session already read it (at open, or to migrate the files of earlier versions). */
      key?: VaultKey;
      /** The keychain was read at open and holds no usable key (`null`: none; `undefined`: not a key). */
      keyMissing?: null | undefined;
      /** Whether a connection or app is held for an integrity failure (its secrets are not handed out). */
      isHeld?: (kind: SecretKind, id: string) => boolean;
    },
  ) {
    this.key = options.key;
    if ('keyMissing' in options) this.knownMissing = { value: options.keyMissing };
    const { db } = database;
    this.select = db.prepare<[SecretKind, string], SecretRow>(
      'SELECT kind, id, key_id, iv, tag, data FROM secrets WHERE kind = ? AND id = ?',
    );
    this.upsert = db.prepare<SecretRow>(
      'INSERT OR REPLACE INTO secrets (kind, id, key_id, iv, tag, data) VALUES (@kind, @id, @key_id, @iv, @tag, @data)',
    );
    this.remove = db.prepare<[SecretKind, string]>('DELETE FROM secrets WHERE kind = ? AND id = ?');
    this.count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM secrets');
  }

  keychainStatus(): { available: boolean; error?: AppErrorData; asked: boolean } {
    return this.keychainKey.status();
  }

  /** Reads go to the database every time: nothing to reload. */
  async reload(): Promise<void> {}

  async getConnectionSecrets(connectionId: string): Promise<ConnectionSecrets | undefined> {
    await this.ensureKey();
    if (this.options.isHeld?.('connection', connectionId)) return undefined;
    const plaintext = await this.read('connection', connectionId);
    if (plaintext === undefined) return undefined;
    const parsed = parseSecrets(plaintext);
    if (!parsed) {
      this.setAside(this.select.get('connection', connectionId), 'content is not a connection secret');
      return undefined;
    }
    return parsed;
  }

  async putConnectionSecrets(connectionId: string, secrets: VaultConnectionSecrets): Promise<void> {
    checkId(connectionId);
    const checked = checkSecrets(secrets);
    await this.write('connection', connectionId, JSON.stringify(checked));
  }

  async deleteConnectionSecrets(connectionId: string): Promise<void> {
    await this.erase('connection', connectionId);
  }

  async getAppSecret(appId: string): Promise<string | undefined> {
    await this.ensureKey();
    if (this.options.isHeld?.('app', appId)) return undefined;
    return this.read('app', appId);
  }

  async putAppSecret(appId: string, secret: string): Promise<void> {
    checkId(appId);
    if (typeof secret !== 'string' || secret === '') {
      throw new AppError({
        code: 'INVALID_INPUT',
        message: 'The client secret is empty.',
        detail: 'client secret must be a non-empty string',
      });
    }
    await this.write('app', appId, secret);
  }

  async deleteAppSecret(appId: string): Promise<void> {
    await this.erase('app', appId);
  }

  // ---- internals ---------------------------------------------------------------------------

  private async write(kind: SecretKind, id: string, plaintext: string): Promise<void> {
    const key = await this.ensureKey();
    const row = encryptRow(kind, id, plaintext, key);
    this.commit(() => this.upsert.run(row));
  }

  /** One fsynced transaction over secret rows, which moves the vault generation on. */
  private commit(work: () => void): void {
    const { integrity } = this.options;
    const generation = this.database.durably(() => {
      work();
      return integrity.nextGeneration();
    });
    integrity.committed(generation);
  }

  /**
   * Deleting needs no key, but asks for it all the same: with the keychain unavailable nothing at
   * all changes (a disconnect is refused, the connection stays whole and scheduled).
   */
  private async erase(kind: SecretKind, id: string): Promise<void> {
    await this.ensureKey();
    this.commit(() => this.remove.run(kind, id));
  }

  private async read(kind: SecretKind, id: string): Promise<string | undefined> {
    const key = await this.ensureKey();
    const row = this.select.get(kind, id);
    if (!row) return undefined;
    try {
      return decryptRow(row, key);
    } catch (error) {
      if (!(error instanceof SecretRowError)) throw error;
      if (error.reason === 'wrong_key') {
        const adopted = await this.adoptNewerKey(row);
        if (adopted !== undefined) return adopted;
      }
      this.setAside(row, error.message);
      return undefined;
    }
  }

  /** Another POS Connect may have replaced a lost key: ask the keychain once more before giving up. */
  private async adoptNewerKey(row: SecretRow): Promise<string | undefined> {
    const fresh = await this.keychainKey.read();
    if (!fresh || fresh.id === this.key?.id) return undefined;
    try {
      const plaintext = decryptRow(row, fresh);
      this.key = fresh;
      return plaintext;
    } catch {
      return undefined;
    }
  }

  /** Moves a row that cannot be used to secrets_aside (every byte kept) and reports it. */
  private setAside(row: SecretRow | undefined, reason: string): void {
    if (!row) return;
    const now = this.options.now();
    this.commit(() => {
      this.database.db
        .prepare(
          `INSERT INTO secrets_aside (kept_at, reason, kind, id, key_id, iv, tag, data)
           VALUES (@kept_at, @reason, @kind, @id, @key_id, @iv, @tag, @data)`,
        )
        .run({ ...row, kept_at: now, reason });
      this.remove.run(row.kind, row.id);
    });
    this.report(corruptSecret(reason));
  }

  private ensureKey(): Promise<VaultKey> {
    if (this.key) {
      // A key given at construction: the records are checked with it before its first use (once).
      this.options.integrity.useKey(this.key, { created: false });
      return Promise.resolve(this.key);
    }
    this.keyPending ??= this.fetchKey().then(
      (key) => {
        this.key = key;
        this.keyPending = undefined;
        return key;
      },
      (error: unknown) => {
        this.keyPending = undefined;
        throw error;
      },
    );
    return this.keyPending;
  }

  private async fetchKey(): Promise<VaultKey> {
    const known = this.knownMissing;
    this.knownMissing = undefined;
    const stored = known ? known.value : await this.keychainKey.read();
    if (stored) {
      // Records are checked with the key before anything can use it. When that check comes only
      // now (the keychain did not answer at open), whoever asked may have worked out where to send
      // a secret from a record that just failed it: that request is refused; the next one starts
      // from the checked records.
      const failed = this.options.integrity.useKey(stored, { created: false });
      if (failed > 0) {
        this.key = stored;
        throw new AppError({
          code: 'RECORD_TAMPERED',
          message:
            'POS Connect found saved connection details changed outside the app and did not send this sign-in. Try again; the connections concerned need reconnecting.',
          detail: `${failed} records failed their integrity check when the keychain first answered; the request in progress was refused`,
        });
      }
      return stored;
    }
    this.options.integrity.noteKeyAbsent();
    // No usable key: rows encrypted under the lost one can never be read again. Make a new key
    // first (a keychain failure then changes nothing), then keep those rows aside.
    const orphaned = this.count.get()?.n ?? 0;
    const key = await this.keychainKey.create();
    this.options.integrity.useKey(key, { created: true });
    if (orphaned > 0) {
      const reason =
        stored === null
          ? 'vault key missing from the keychain while secrets are stored'
          : 'vault key in the keychain is not a valid key';
      const now = this.options.now();
      this.commit(() => {
        this.database.db
          .prepare(
            `INSERT INTO secrets_aside (kept_at, reason, kind, id, key_id, iv, tag, data)
             SELECT ?, ?, kind, id, key_id, iv, tag, data FROM secrets`,
          )
          .run(now, reason);
        this.database.db.prepare('DELETE FROM secrets').run();
      });
      this.report(corruptSecret(`${reason}; ${orphaned} secrets kept aside`));
    }
    return key;
  }

  private report(problem: AppErrorData): void {
    this.startupProblems.push(problem);
    this.options.onProblem?.(problem);
  }
}

function corruptSecret(reason: string): AppErrorData {
  return {
    code: 'VAULT_CORRUPT',
    message:
      'POS Connect could not read some saved sign-ins, so it set them aside. Reconnect the connections concerned; support can look at what was set aside.',
    detail: reason,
  };
}

function parseSecrets(plaintext: string): VaultConnectionSecrets | undefined {
  try {
    const parsed = connectionSecretsSchema.safeParse(JSON.parse(plaintext));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function checkId(id: string): void {
  if (typeof id !== 'string' || id === '' || id.length > 200) {
    throw new AppError({
      code: 'INVALID_INPUT',
      message: 'POS Connect could not save this sign-in.',
      detail: 'secret ID must be a non-empty string',
    });
  }
}

function checkSecrets(secrets: VaultConnectionSecrets): VaultConnectionSecrets {
  const compact = Object.fromEntries(Object.entries(secrets).filter(([, value]) => value !== undefined));
  const parsed = connectionSecretsSchema.safeParse(compact);
  if (!parsed.success) {
    // Field names only: the values are secrets.
    const fields = [
      ...new Set(
        parsed.error.issues.map(
          (issue) =>
            [...issue.path.map(String), ...('keys' in issue ? issue.keys : [])].join('.') || '(root)',
        ),
      ),
    ];
    throw new AppError({
      code: 'INVALID_INPUT',
      message: 'POS Connect could not save this sign-in.',
      detail: `connection secrets invalid at: ${fields.join(', ')}`,
    });
  }
  return parsed.data;
}
