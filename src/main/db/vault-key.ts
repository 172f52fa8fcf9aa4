import type { AppErrorData } from '../../shared/errors';
import { asKeychainError, type Keychain } from '../vault/keychain';
import { decodeKey, encodeKey, generateKey, type VaultKey } from '../vault/vault-format';

/**
 * The vault key in the OS keychain, as the storage sees it: read once per session and then kept
 * in memory. A keychain that cannot answer is KEYCHAIN_UNAVAILABLE, remembered for the app's info
 * screen; nothing is written then.
 *
 * The entry also holds the vault generation (src/main/db/vault-generation.ts), so an older copy of
 * the database can be told from the current one with the same single read:
 *
 *   {"key":"<base64, 32 bytes>","generation":<integer>}
 *
 * An entry written before the generation existed is the key alone, in base64; it is read as a key
 * with no generation (the first load then adopts the database's, and says nothing).
 */

export interface KeychainEntry {
  key: VaultKey;
  /** Undefined for an entry of the earlier format (the key alone). */
  generation?: number;
}

export function encodeEntry(key: VaultKey, generation: number): string {
  return JSON.stringify({ key: encodeKey(key), generation });
}

/** The entry's key and generation; undefined when what is stored is neither format. */
export function decodeEntry(stored: string): KeychainEntry | undefined {
  if (!stored.startsWith('{')) {
    const key = decodeKey(stored);
    return key ? { key } : undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored);
  } catch {
    return undefined;
  }
  const { key: encoded, generation } = (parsed ?? {}) as { key?: unknown; generation?: unknown };
  const key = typeof encoded === 'string' ? decodeKey(encoded) : undefined;
  if (!key || typeof generation !== 'number' || !Number.isSafeInteger(generation) || generation < 0)
    return undefined;
  return { key, generation };
}

export class KeychainKey {
  private lastError: AppErrorData | undefined;
  private asked = false;
  private generation: number | undefined;

  constructor(
    private readonly keychain: Keychain,
    private readonly service: string,
    private readonly account: string,
  ) {}

  status(): { available: boolean; error?: AppErrorData; asked: boolean } {
    return this.lastError
      ? { available: false, error: this.lastError, asked: this.asked }
      : { available: true, asked: this.asked };
  }

  /** The generation the keychain held at the last read or write (undefined: none, or an old entry). */
  storedGeneration(): number | undefined {
    return this.generation;
  }

  /** The stored key; `null` when the keychain has none, `undefined` when what it has is not a key. */
  async read(): Promise<VaultKey | null | undefined> {
    const stored = await this.call('get', () => this.keychain.get(this.service, this.account));
    if (stored === null) return null;
    const entry = typeof stored === 'string' ? decodeEntry(stored) : undefined;
    this.generation = entry?.generation;
    return entry?.key;
  }

  /** Makes a new key (generation 0) and stores it; throws (and stores nothing else) if it cannot. */
  async create(): Promise<VaultKey> {
    const key = generateKey();
    const encoded = encodeEntry(key, 0);
    await this.call('set', () => this.keychain.set(this.service, this.account, encoded), [
      encoded,
      encodeKey(key),
    ]);
    this.generation = 0;
    return key;
  }

  /**
   * Stores the key with a new generation (one keychain write). A failure is thrown but does not
   * mark the keychain unavailable: the secrets were stored, and a keychain left behind is caught up
   * later (integrity.ts); the banner is for a keychain that cannot give the key.
   */
  async writeGeneration(key: VaultKey, generation: number): Promise<void> {
    const encoded = encodeEntry(key, generation);
    try {
      await this.keychain.set(this.service, this.account, encoded);
    } catch (error) {
      throw asKeychainError('set', error, [encoded, encodeKey(key)]);
    }
    this.generation = generation;
  }

  private async call<T>(operation: 'get' | 'set', run: () => Promise<T>, secrets: string[] = []): Promise<T> {
    this.asked = true;
    try {
      const result = await run();
      this.lastError = undefined;
      return result;
    } catch (error) {
      const appError = asKeychainError(operation, error, secrets);
      this.lastError = appError.toData();
      throw appError;
    }
  }
}
