import { createRequire } from 'node:module';
import { asKeychainError, type Keychain, type KeychainOperation } from './keychain';

/** The part of keytar (a CommonJS native module) the vault uses. */
export interface KeytarModule {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

/**
 * The OS keychain through keytar: Keychain Access on macOS, Credential Manager on Windows, the
 * Secret Service (gnome-keyring, KWallet) over D-Bus on Linux. keytar is loaded on first use, so
 * a missing or broken native build surfaces as KEYCHAIN_UNAVAILABLE when a secret is needed, not
 * as a crash at startup. Every failure (no Secret Service on the bus, a locked or dismissed
 * keyring, access denied) becomes KEYCHAIN_UNAVAILABLE, with no secret in it.
 */
export class KeytarKeychain implements Keychain {
  private module: KeytarModule | undefined;

  /** `load` replaces how keytar is loaded (tests). */
  constructor(private readonly load: () => KeytarModule = loadKeytar) {}

  async get(service: string, account: string): Promise<string | null> {
    return this.call('get', [], async (keytar) => {
      const value = await keytar.getPassword(service, account);
      if (value !== null && typeof value !== 'string')
        throw new Error('keytar returned a value that is not a string');
      return value;
    });
  }

  async set(service: string, account: string, value: string): Promise<void> {
    await this.call('set', [value], (keytar) => keytar.setPassword(service, account, value));
  }

  async delete(service: string, account: string): Promise<boolean> {
    return this.call('delete', [], (keytar) => keytar.deletePassword(service, account));
  }

  private async call<T>(
    operation: KeychainOperation,
    secrets: string[],
    run: (keytar: KeytarModule) => Promise<T>,
  ): Promise<T> {
    let keytar: KeytarModule;
    try {
      keytar = this.module ??= this.load();
    } catch (error) {
      throw asKeychainError('load', error);
    }
    try {
      return await run(keytar);
    } catch (error) {
      throw asKeychainError(operation, error, secrets);
    }
  }
}

/** The keychain main/index.ts wires in: keytar, loaded on first use. */
export function createKeytarKeychain(): Keychain {
  return new KeytarKeychain();
}

function loadKeytar(): KeytarModule {
  const require = createRequire(import.meta.url);
  const loaded = require('keytar') as Partial<KeytarModule> & { default?: Partial<KeytarModule> };
  const keytar = typeof loaded.getPassword === 'function' ? loaded : loaded.default;
  if (
    !keytar ||
    typeof keytar.getPassword !== 'function' ||
    typeof keytar.setPassword !== 'function' ||
    typeof keytar.deletePassword !== 'function'
  ) {
    throw new Error('keytar did not load as expected');
  }
  return keytar as KeytarModule;
}
