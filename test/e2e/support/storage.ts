import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AppStore, AppVault } from '../../../src/main/app-services';
import { MemoryStore, MemoryVault } from '../../support/memory-storage';

/**
 * The storage behind the browser tests. When the app's own storage (src/main/storage.ts: the
 * conf-backed store and the keychain vault) exists and a D-Bus session bus is there (scripts/with-keyring.sh
 * inside dbus-run-session), the tests use it with the real keychain; otherwise the in-memory pair,
 * and they say so once.
 */
export type StorageKind = 'real keychain' | 'memory';

let announced = false;

export function storageKind(): StorageKind {
  return existsSync(resolve('src/main/storage.ts')) && process.env.DBUS_SESSION_BUS_ADDRESS ? 'real keychain' : 'memory';
}

export async function e2eStorage(dataDir: string): Promise<{ store: AppStore; vault: AppVault }> {
  const kind = storageKind();
  if (!announced) {
    announced = true;
    console.info(`browser tests: storage = ${kind}`);
  }
  if (kind === 'memory') return { store: new MemoryStore(), vault: new MemoryVault() };
  const storage = (await import(/* @vite-ignore */ pathToFileURL(resolve('src/main/storage.ts')).href)) as {
    openStorage: (options: { dataDir: string; keychain: unknown }) => Promise<{ store: AppStore; vault: AppVault }>;
  };
  const keychain = await import('../../../src/main/vault/keytar-keychain');
  return storage.openStorage({ dataDir, keychain: keychain.createKeytarKeychain() });
}
