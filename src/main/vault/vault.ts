import { AppError, type AppErrorData } from '../../shared/errors';
import { fileExists, keepAside, readFileIfExists, writeFileAtomic } from './atomic-file';
import { asKeychainError, DEFAULT_KEYCHAIN_SERVICE, VAULT_KEY_ACCOUNT, type Keychain } from './keychain';
import {
  connectionSecretsSchema,
  decodeKey,
  decryptContent,
  emptyContent,
  encodeKey,
  encryptContent,
  generateKey,
  VaultDecodeError,
  type VaultConnectionSecrets,
  type VaultContent,
  type VaultKey,
} from './vault-format';

export type { VaultConnectionSecrets } from './vault-format';

export interface VaultOptions {
  /** The vault file, e.g. <userData>/vault.json. Its directory is created on first write. */
  filePath: string;
  keychain: Keychain;
  /** Keychain service name; "POS Connect" by default (tests use a unique one). */
  service?: string;
  /** Keychain account holding the vault key; "vault-key" by default. */
  account?: string;
  now?: () => number;
  /** Told of every problem as it is found (for the log); also kept in startupProblems. */
  onProblem?: (problem: AppErrorData) => void;
}

export interface TokenUpdate {
  accessToken: string;
  /** Absent keeps the stored refresh token (RFC 6749 §6: the server may not send a new one). */
  refreshToken?: string;
  /** Absent keeps the stored ID token. */
  idToken?: string;
}

export interface VaultIds {
  connections: string[];
  apps: string[];
}

export interface KeychainStatus {
  available: boolean;
  error?: AppErrorData;
}

/**
 * The secrets of POS Connect (access and refresh tokens, client secrets, kept passwords), encrypted
 * with AES-256-GCM in one file under one random key that lives in the OS keychain: the pattern of
 * Chromium's Safe Storage and Electron's safeStorage, without a per-item size limit.
 *
 * - The keychain is not touched until a secret is first needed, and read once per session: the
 *   key is then kept in memory. (The one exception: a file encrypted under another key makes the
 *   vault ask the keychain once more, in case another instance replaced a lost key.)
 * - Every change re-reads the file (another POS Connect may have rotated a refresh token), applies
 *   itself and replaces the file atomically; changes are queued, so none is lost to another.
 * - A keychain that cannot answer is KEYCHAIN_UNAVAILABLE: nothing is written, nothing is moved,
 *   and there is no fall-back to clear text. "No such secret" is a different answer (undefined,
 *   or SECRET_NOT_FOUND from requireConnectionSecrets).
 * - A file that cannot be decrypted or parsed, or a key missing while the file exists, is kept
 *   aside as <file>.corrupt-<timestamp> and reported as VAULT_CORRUPT in startupProblems; the
 *   vault then starts empty. Nothing is ever overwritten that could not be read.
 */
export class Vault {
  readonly filePath: string;
  /** VAULT_CORRUPT reports (a file kept aside), for the UI's app info. */
  readonly startupProblems: AppErrorData[] = [];

  private readonly keychain: Keychain;
  private readonly service: string;
  private readonly account: string;
  private readonly now: () => number;
  private readonly onProblem: ((problem: AppErrorData) => void) | undefined;

  private key: VaultKey | undefined;
  private keyPending: Promise<VaultKey> | undefined;
  private content: VaultContent | undefined;
  private lastKeychainError: AppErrorData | undefined;
  private keychainAsked = false;
  /** The tail of the queue that serializes loads, reloads and writes. */
  private tail: Promise<unknown> = Promise.resolve();

  private constructor(options: VaultOptions) {
    this.filePath = options.filePath;
    this.keychain = options.keychain;
    this.service = options.service ?? DEFAULT_KEYCHAIN_SERVICE;
    this.account = options.account ?? VAULT_KEY_ACCOUNT;
    this.now = options.now ?? Date.now;
    this.onProblem = options.onProblem;
  }

  /** Opens the vault without touching the keychain or decrypting anything: that waits for the first secret. */
  static async open(options: VaultOptions): Promise<Vault> {
    if (typeof options.filePath !== 'string' || options.filePath === '')
      throw new TypeError('Vault.open: filePath is required');
    return new Vault(options);
  }

  /** Whether the keychain answered the last time it was asked; available until it is first asked. */
  keychainStatus(): KeychainStatus & { asked: boolean } {
    return this.lastKeychainError
      ? { available: false, error: this.lastKeychainError, asked: this.keychainAsked }
      : { available: true, asked: this.keychainAsked };
  }

  // ---- connections -------------------------------------------------------------------------

  async getConnectionSecrets(connectionId: string): Promise<VaultConnectionSecrets | undefined> {
    const content = await this.read();
    const found = own(content.connections, connectionId);
    return found ? { ...found } : undefined;
  }

  /** Like getConnectionSecrets, but "nothing stored" is AppError SECRET_NOT_FOUND. */
  async requireConnectionSecrets(connectionId: string): Promise<VaultConnectionSecrets> {
    const found = await this.getConnectionSecrets(connectionId);
    if (!found) {
      throw new AppError({
        code: 'SECRET_NOT_FOUND',
        message: 'The saved sign-in for this connection is missing. Reconnect it to sign in again.',
        detail: `no vault entry for connection ${connectionId}`,
      });
    }
    return found;
  }

  /** Replaces the connection's secrets (token pair, ID token, kept password) in one atomic write. */
  async putConnectionSecrets(connectionId: string, secrets: VaultConnectionSecrets): Promise<void> {
    checkId(connectionId);
    const checked = checkSecrets(secrets);
    await this.mutate((content) => {
      content.connections[connectionId] = checked;
    });
  }

  /**
   * Stores a token response's tokens, keeping the stored refresh token (and ID token, and kept
   * password) when the response has none. Returns the secrets as stored.
   */
  async updateTokens(connectionId: string, update: TokenUpdate): Promise<VaultConnectionSecrets> {
    checkId(connectionId);
    let stored: VaultConnectionSecrets | undefined;
    await this.mutate((content) => {
      const previous = own(content.connections, connectionId);
      const next: VaultConnectionSecrets = { ...previous, accessToken: update.accessToken };
      if (update.refreshToken !== undefined) next.refreshToken = update.refreshToken;
      if (update.idToken !== undefined) next.idToken = update.idToken;
      stored = checkSecrets(next);
      content.connections[connectionId] = stored;
    });
    return { ...(stored as VaultConnectionSecrets) };
  }

  /** Forgets a connection's secrets (no write when there were none). */
  async deleteConnectionSecrets(connectionId: string): Promise<void> {
    await this.mutate((content) => {
      if (own(content.connections, connectionId) === undefined) return false;
      delete content.connections[connectionId];
      return true;
    });
  }

  // ---- provider apps' client secrets -------------------------------------------------------

  async getAppSecret(appId: string): Promise<string | undefined> {
    const content = await this.read();
    return own(content.apps, appId);
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
    await this.mutate((content) => {
      content.apps[appId] = secret;
    });
  }

  /** Forgets a provider app's client secret (no write when there was none). */
  async deleteAppSecret(appId: string): Promise<void> {
    await this.mutate((content) => {
      if (own(content.apps, appId) === undefined) return false;
      delete content.apps[appId];
      return true;
    });
  }

  /** Which connections and apps have secrets (IDs only). */
  async listIds(): Promise<VaultIds> {
    const content = await this.read();
    return { connections: Object.keys(content.connections), apps: Object.keys(content.apps) };
  }

  /**
   * Re-reads the file from disk: another POS Connect may have rotated a refresh token. Uses the
   * key already in memory (no keychain access once the key is known).
   */
  async reload(): Promise<void> {
    await this.enqueue(async () => {
      const key = await this.ensureKey();
      this.content = await this.readFile(key, undefined);
    });
  }

  // ---- internals ---------------------------------------------------------------------------

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(task, task);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** The content in memory, loading it (key first) on first use; waits for queued writes. */
  private async read(): Promise<VaultContent> {
    if (this.content) {
      await this.tail;
      if (this.content) return this.content;
    }
    return this.enqueue(async () => {
      const key = await this.ensureKey();
      this.content ??= await this.readFile(key, undefined);
      return this.content;
    });
  }

  /**
   * One change: re-read the file, apply the change, replace the file. A change that reports it
   * changed nothing (returns false) writes nothing.
   */
  private async mutate(change: (content: VaultContent) => boolean | void): Promise<void> {
    await this.enqueue(async () => {
      const key = await this.ensureKey();
      const base = await this.readFile(key, this.content);
      const next = structuredClone(base);
      if (change(next) === false) {
        this.content = base;
        return;
      }
      // readFile may have adopted a newer key from the keychain: write with the key in force.
      await writeFileAtomic(this.filePath, encryptContent(next, this.key ?? key), { mode: 0o600 });
      this.content = next;
    });
  }

  /**
   * The file's content. Missing: `fallback` (what this process knows) or empty. Unreadable: kept
   * aside, reported, then `fallback` or empty. I/O failures other than "missing" are thrown and
   * change nothing.
   */
  private async readFile(key: VaultKey, fallback: VaultContent | undefined): Promise<VaultContent> {
    let bytes: Buffer | undefined;
    try {
      bytes = await readFileIfExists(this.filePath);
    } catch (error) {
      throw unreadable(error);
    }
    if (bytes === undefined) return fallback ?? emptyContent();
    try {
      return decryptContent(bytes, key);
    } catch (error) {
      if (!(error instanceof VaultDecodeError)) throw error;
      if (error.reason === 'wrong_key' && this.key === key) {
        // Another POS Connect may have replaced a lost key since this one read it: ask once more
        // before calling the file corrupt (the only keychain read after the first in a session).
        const adopted = await this.adoptNewerKey(bytes, key);
        if (adopted) return adopted;
      }
      const keptAt = await keepAside(this.filePath, this.now());
      this.report(corrupt(error.message, keptAt));
      return fallback ?? emptyContent();
    }
  }

  private async adoptNewerKey(bytes: Buffer, current: VaultKey): Promise<VaultContent | undefined> {
    const stored = await this.keychainCall('get', () => this.keychain.get(this.service, this.account));
    const fresh = typeof stored === 'string' ? decodeKey(stored) : undefined;
    if (!fresh || fresh.id === current.id) return undefined;
    try {
      const content = decryptContent(bytes, fresh);
      this.key = fresh;
      return content;
    } catch {
      return undefined;
    }
  }

  /** The vault key: from memory, else from the keychain (once), else a new one. Single-flight. */
  private ensureKey(): Promise<VaultKey> {
    if (this.key) return Promise.resolve(this.key);
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
    const stored = await this.keychainCall('get', () => this.keychain.get(this.service, this.account));
    if (stored !== null) {
      const key = typeof stored === 'string' ? decodeKey(stored) : undefined;
      if (key) return key;
    }
    // No usable key. A vault file without its key can never be read again: keep it aside (after
    // the new key is safely in the keychain, so a keychain failure still changes nothing).
    const orphaned = await fileExists(this.filePath).catch((error: unknown) => {
      throw unreadable(error);
    });
    const key = generateKey();
    await this.keychainCall('set', () => this.keychain.set(this.service, this.account, encodeKey(key)), [
      encodeKey(key),
    ]);
    if (orphaned) {
      const keptAt = await keepAside(this.filePath, this.now());
      this.report(
        corrupt(
          stored === null
            ? 'vault key missing from the keychain while the vault file exists'
            : 'vault key in the keychain is not a valid key',
          keptAt,
        ),
      );
    }
    return key;
  }

  private async keychainCall<T>(
    operation: 'get' | 'set',
    call: () => Promise<T>,
    secrets: string[] = [],
  ): Promise<T> {
    this.keychainAsked = true;
    try {
      const result = await call();
      this.lastKeychainError = undefined;
      return result;
    } catch (error) {
      const appError = asKeychainError(operation, error, secrets);
      this.lastKeychainError = appError.toData();
      throw appError;
    }
  }

  private report(problem: AppErrorData): void {
    this.startupProblems.push(problem);
    this.onProblem?.(problem);
  }
}

function own<T>(record: Record<string, T>, id: string): T | undefined {
  return Object.hasOwn(record, id) ? record[id] : undefined;
}

function checkId(id: string): void {
  if (typeof id !== 'string' || id === '' || id.length > 200) {
    throw new AppError({
      code: 'INVALID_INPUT',
      message: 'POS Connect could not save this sign-in.',
      detail: 'vault entry ID must be a non-empty string',
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

function corrupt(reason: string, keptAt: string): AppErrorData {
  const fileName = keptAt.split(/[\\/]/).pop() ?? keptAt;
  return {
    code: 'VAULT_CORRUPT',
    message:
      'POS Connect could not read its saved sign-ins, so it set the damaged file aside and started with an empty one. Reconnect your connections; support can look at the file that was set aside.',
    detail: `${reason}; kept aside as ${fileName}`,
    params: { file: fileName },
  };
}

function unreadable(error: unknown): AppError {
  const code = (error as { code?: unknown } | null)?.code;
  return new AppError(
    {
      code: 'INTERNAL',
      message:
        'POS Connect could not open its saved sign-ins file. Check the permissions of its data folder, then try again.',
      detail: `reading the vault file failed: ${typeof code === 'string' ? code : 'unknown'}`,
    },
    { cause: error },
  );
}
