import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AppStore, AppVault } from '../../src/main/ports';
import type { Keychain } from '../../src/main/vault/keychain';
import { MemoryStore, MemoryVault } from '../../test/support/memory-storage';

/** src/main/storage.ts: the app's real on-disk store and vault (conf-backed store, keychain vault). */
const STORAGE_MODULE = fileURLToPath(new URL('../../src/main/storage.ts', import.meta.url));

export interface BenchStorage {
  kind: 'on-disk' | 'memory';
  store: AppStore;
  vault: AppVault;
  close(): Promise<void>;
}

const STORE_METHODS = [
  'getSettings',
  'updateSettings',
  'listApps',
  'getApp',
  'saveApp',
  'listConnections',
  'getConnection',
  'saveConnection',
  'appendHistory',
  'getHistory',
] as const;
const VAULT_METHODS = [
  'getConnectionSecrets',
  'putConnectionSecrets',
  'deleteConnectionSecrets',
  'getAppSecret',
  'putAppSecret',
  'reload',
  'keychainStatus',
] as const;

function hasMethods(value: unknown, names: readonly string[]): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return names.every((name) => typeof record[name] === 'function');
}

type OpenStorage = (options: { dataDir: string; keychain: Keychain }) => Promise<unknown> | unknown;

export function realStorageAvailable(): boolean {
  return existsSync(STORAGE_MODULE);
}

/**
 * Opens the real store and vault in `dataDir` through src/main/storage.ts (`openStorage({ dataDir,
 * keychain })`), checking the shape of what it returns: the module is the lead's, and this bench
 * must say plainly when it is missing or different rather than guess.
 */
export async function openRealStorage(dataDir: string, keychain: Keychain): Promise<BenchStorage> {
  if (!realStorageAvailable()) throw new Error('src/main/storage.ts does not exist yet');
  const mod: unknown = await import(pathToFileURL(STORAGE_MODULE).href);
  const open = (mod as Record<string, unknown>).openStorage;
  if (typeof open !== 'function') throw new Error('src/main/storage.ts does not export openStorage');
  const opened: unknown = await (open as OpenStorage)({ dataDir, keychain });
  const parts = (opened ?? {}) as Record<string, unknown>;
  if (!hasMethods(parts.store, STORE_METHODS)) throw new Error('openStorage() returned no usable store');
  if (!hasMethods(parts.vault, VAULT_METHODS)) throw new Error('openStorage() returned no usable vault');
  const close = parts.close;
  return {
    kind: 'on-disk',
    store: parts.store as AppStore,
    vault: parts.vault as AppVault,
    close: async () => {
      if (typeof close === 'function') await (close as () => Promise<void> | void)();
    },
  };
}

export function memoryStorage(): BenchStorage {
  return { kind: 'memory', store: new MemoryStore(), vault: new MemoryVault(), close: async () => undefined };
}
