import { join } from 'node:path';
import type { AppErrorData } from '../shared/errors';
import type { AppStore, AppVault } from './ports';
import { ensurePrivateDir } from './security/private-dir';
import { createStore, type CreateBackingStore } from './store/store';
import type { Keychain } from './vault/keychain';
import { Vault } from './vault/vault';

export const VAULT_FILE_NAME = 'vault.json';

export interface StorageOptions {
  /** Electron: app.getPath('userData'); tests: a temporary directory. */
  dataDir: string;
  keychain: Keychain;
  /** electron-store in the app; conf (the default) under plain Node. */
  backing?: CreateBackingStore;
  locale?: string;
  /** Keychain service name; tests use a unique one so they never touch a real installation. */
  keychainService?: string;
  now?: () => number;
  onProblem?: (problem: AppErrorData) => void;
}

/**
 * Where POS Connect keeps things: settings and connection metadata in config.json (no secrets),
 * secrets in vault.json encrypted under a key that lives in the OS keychain. Opening touches
 * neither the keychain nor a secret: that waits until a secret is needed.
 */
export async function openStorage(options: StorageOptions): Promise<{ store: AppStore; vault: AppVault }> {
  ensurePrivateDir(options.dataDir);
  const store = createStore({
    cwd: options.dataDir,
    ...(options.backing ? { backing: options.backing } : {}),
    ...(options.locale ? { locale: options.locale } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.onProblem ? { onProblem: options.onProblem } : {}),
  });
  const vault = await Vault.open({
    filePath: join(options.dataDir, VAULT_FILE_NAME),
    keychain: options.keychain,
    ...(options.keychainService ? { service: options.keychainService } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.onProblem ? { onProblem: options.onProblem } : {}),
  });
  return { store, vault };
}
