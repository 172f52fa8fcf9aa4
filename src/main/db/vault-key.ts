import type { AppErrorData } from '../../shared/errors';
import { asKeychainError, type Keychain } from '../vault/keychain';
import { decodeKey, encodeKey, generateKey, type VaultKey } from '../vault/vault-format';

/**
 * The vault key in the OS keychain, as the storage sees it: read when a secret is first needed and
 * then kept in memory for the session (one keychain read). A keychain that cannot answer is
 * KEYCHAIN_UNAVAILABLE, remembered for the app's info screen; nothing is written then.
 */
export class KeychainKey {
  private lastError: AppErrorData | undefined;
  private asked = false;

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

  /** The stored key; `null` when the keychain has none, `undefined` when what it has is not a key. */
  async read(): Promise<VaultKey | null | undefined> {
    const stored = await this.call('get', () => this.keychain.get(this.service, this.account));
    if (stored === null) return null;
    return typeof stored === 'string' ? decodeKey(stored) : undefined;
  }

  /** Makes a new key and stores it in the keychain; throws (and stores nothing else) if it cannot. */
  async create(): Promise<VaultKey> {
    const key = generateKey();
    const encoded = encodeKey(key);
    await this.call('set', () => this.keychain.set(this.service, this.account, encoded), [encoded]);
    return key;
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
