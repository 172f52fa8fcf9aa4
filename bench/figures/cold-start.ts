import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { APP_ENTRY_URL, APP_ORIGIN } from '../../src/main/app-protocol/renderer-files';
import { createDispatcher, senderPolicyFor } from '../../src/main/ipc/dispatcher';
import { MemoryKeychain } from '../../src/main/vault/memory-keychain';
import type { SandboxProcess } from '../lib/sandbox-process';
import { CountingKeychain } from '../lib/keychain';
import { benchServices } from '../lib/services';
import { seedStoredConnections } from '../lib/seed';
import { openRealStorage } from '../lib/storage';

/**
 * 1,000 stored connections, then a process-like cold start: new store, vault and services objects
 * reading the files from disk (src/main/storage.ts), services.start() (which plans every
 * connection's refresh), and the first `connections:list` through the IPC dispatcher. The
 * keychain (in memory, behind a counting wrapper) is read once, at open, so the records are
 * checked (src/main/db/integrity.ts); the first secret read afterwards asks it nothing more.
 */

export interface ColdStartResult {
  connections: number;
  samples: number[];
  keychainCallsBeforeFirstSecret: number[];
  keychainCallsAfterFirstSecret: number;
  seedMs: number;
}

// The app's own window, as Electron reports it: the private app:// scheme.
const SENDER = { url: APP_ENTRY_URL, isMainFrame: true };

export async function measureColdStart(
  sb: SandboxProcess,
  options: { connections: number; reps: number },
): Promise<ColdStartResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'pos-connect-bench-'));
  const osKeychain = new MemoryKeychain();
  try {
    const seedStarted = performance.now();
    const seeded = await openRealStorage(dataDir, osKeychain);
    await seedStoredConnections(sb, seeded, options.connections);
    await seeded.close();
    const seedMs = performance.now() - seedStarted;

    const result: ColdStartResult = {
      connections: options.connections,
      samples: [],
      keychainCallsBeforeFirstSecret: [],
      keychainCallsAfterFirstSecret: 0,
      seedMs,
    };
    for (let rep = 0; rep < options.reps; rep += 1) {
      const keychain = new CountingKeychain(osKeychain);
      const started = performance.now();
      const storage = await openRealStorage(dataDir, keychain);
      const bench = benchServices({ d: sb.d, store: storage.store, vault: storage.vault });
      bench.services.start();
      const dispatch = createDispatcher(bench.services.handlers, {
        isTrustedSender: senderPolicyFor(APP_ORIGIN),
      });
      const listed = await dispatch('connections:list', undefined, SENDER);
      const ms = performance.now() - started;
      if (!listed.ok || !Array.isArray(listed.value) || listed.value.length !== options.connections) {
        throw new Error(
          `connections:list did not list ${options.connections} connections: ${JSON.stringify(listed).slice(0, 300)}`,
        );
      }
      result.samples.push(ms);
      result.keychainCallsBeforeFirstSecret.push(keychain.count);
      if (rep === options.reps - 1) {
        // The first secret: the key read at open serves it.
        const first = listed.value[0] as { id: string };
        await bench.services.keeper.secretsOf(first.id);
        result.keychainCallsAfterFirstSecret = keychain.count;
      }
      await bench.services.stop();
      await storage.close();
    }
    return result;
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
