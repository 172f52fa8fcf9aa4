import { randomBytes } from 'node:crypto';
import type { AppStore, AppVault, AttemptsLogPort } from '../../../src/main/ports';
import { openStorage } from '../../../src/main/storage';
import { createKeytarKeychain } from '../../../src/main/vault/keytar-keychain';
import { MemoryAttemptsLog, MemoryStore, MemoryVault } from '../../support/memory-storage';

/**
 * The storage behind the browser tests: the app's own (pos-connect.db in a temporary data
 * directory, its secret rows under a key in the real OS keychain), as main/index.ts opens it. On Linux
 * that needs a Secret Service on a session bus: scripts/test.mjs (npm test) runs the tests inside
 * dbus-run-session with an unlocked gnome-keyring (scripts/with-keyring.sh). Without a session
 * bus (`npx vitest run --project browser` in a bare shell) the tests fall back to the in-memory
 * pair and say so; POS_CONNECT_E2E_STORAGE=keychain|memory forces one or the other.
 */
export type StorageKind = 'keychain' | 'memory';

let announced = false;

export function storageKind(): StorageKind {
  const forced = process.env.POS_CONNECT_E2E_STORAGE;
  if (forced === 'keychain' || forced === 'memory') return forced;
  if (process.platform === 'linux' && !process.env.DBUS_SESSION_BUS_ADDRESS) return 'memory';
  return 'keychain';
}

export async function e2eStorage(
  dataDir: string,
): Promise<{ store: AppStore; vault: AppVault; attempts: AttemptsLogPort }> {
  const kind = storageKind();
  if (!announced) {
    announced = true;
    console.info(
      kind === 'keychain'
        ? 'browser tests: real database, key in the OS keychain'
        : 'browser tests: in-memory store and vault (no D-Bus session bus: run them through scripts/test.mjs (npm test) for the real keychain)',
    );
  }
  if (kind === 'memory')
    return { store: new MemoryStore(), vault: new MemoryVault(), attempts: new MemoryAttemptsLog() };
  return openStorage({
    dataDir,
    keychain: createKeytarKeychain(),
    // One keychain entry per test app, so runs never share or overwrite a key.
    keychainService: `POS Connect e2e ${randomBytes(6).toString('hex')}`,
  });
}
