import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import type { AppStore, AppVault } from '../../src/main/ports';
import { openStorage } from '../../src/main/storage';
import { KeytarKeychain } from '../../src/main/vault/keytar-keychain';
import { VAULT_KEY_ACCOUNT, type Keychain } from '../../src/main/vault/keychain';

/**
 * The real storage for integration tests: config.json through conf and vault.json under a key in a
 * keychain, in a temporary data directory, under a keychain service name of its own that is
 * deleted afterwards.
 */

/** Linux without a session bus has no Secret Service: real-keychain tests are skipped (with a reason). */
export const NO_SECRET_SERVICE = process.platform === 'linux' && !process.env.DBUS_SESSION_BUS_ADDRESS;
export const NO_SECRET_SERVICE_REASON =
  'SKIPPED: real-keychain storage tests need a D-Bus session with an unlocked gnome-keyring (dbus-run-session -- bash scripts/with-keyring.sh …).';

export interface RealStorageDir {
  dataDir: string;
  keychainService: string;
  keychain: Keychain;
  open(keychain?: Keychain): Promise<{ store: AppStore; vault: AppVault }>;
  /** Every file under the data directory, by path relative to it ('/' separated). */
  files(): Promise<Map<string, Buffer>>;
  /** Removes the directory and the keychain entry. */
  cleanup(): Promise<void>;
}

export async function realStorageDir(
  keychain: Keychain = new KeytarKeychain(),
  prefix = 'pos-storage-it-',
): Promise<RealStorageDir> {
  const dataDir = await mkdtemp(join(tmpdir(), prefix));
  const keychainService = `POS Connect test ${randomUUID()}`;
  return {
    dataDir,
    keychainService,
    keychain,
    open: (override) => openStorage({ dataDir, keychain: override ?? keychain, keychainService }),
    async files() {
      const out = new Map<string, Buffer>();
      for (const entry of await readdir(dataDir, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile()) continue;
        const path = join(entry.parentPath, entry.name);
        out.set(relative(dataDir, path).split(sep).join('/'), await readFile(path));
      }
      return out;
    },
    async cleanup() {
      await keychain.delete(keychainService, VAULT_KEY_ACCOUNT).catch(() => false);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
