import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ConnectionRecord } from '../../src/main/ports';
import { connectionBinding, macKeyOf, rowMac } from '../../src/main/db/record-mac';
import { openStorage } from '../../src/main/storage';
import type { Keychain } from '../../src/main/vault/keychain';
import { MemoryKeychain } from '../../src/main/vault/memory-keychain';
import { generateKey } from '../../src/main/vault/vault-format';
import type { SandboxProcess } from '../lib/sandbox-process';
import { CountingKeychain } from '../lib/keychain';
import { seedStoredConnections } from '../lib/seed';

/**
 * What the integrity of the records and the vault generation (src/main/db/integrity.ts) cost, on
 * the real on-disk storage:
 * - one HMAC of a connection's binding alone, and one record write whose binding is unchanged (a
 *   refresh: the MAC is kept) or changed (a reconnect: the MAC is computed);
 * - keychain writes per secret write: writes one after the other (as refreshes usually come), and
 *   a burst of writes at once against a keychain that takes `keychainLatencyMs` per call (a D-Bus or
 *   Keychain Services round trip), where the generation writes are coalesced;
 * - keychain calls at a start with connections stored (the one read, at open).
 */

export interface IntegrityResult {
  /** Microseconds per HMAC of one binding (each sample: the mean over a batch). */
  macUs: number[];
  recordWriteSameBindingMs: number[];
  recordWriteNewBindingMs: number[];
  sequential: { secretWrites: number; keychainWrites: number };
  burst: { secretWrites: number; keychainWrites: number; keychainLatencyMs: number; wallMs: number };
  keychainCallsAtStart: number;
}

/** A keychain whose every call takes `latencyMs`. */
class SlowKeychain implements Keychain {
  constructor(
    private readonly inner: Keychain,
    private readonly latencyMs: number,
  ) {}
  private wait() {
    return new Promise((resolve) => setTimeout(resolve, this.latencyMs));
  }
  async get(service: string, account: string) {
    await this.wait();
    return this.inner.get(service, account);
  }
  async set(service: string, account: string, value: string) {
    await this.wait();
    return this.inner.set(service, account, value);
  }
  async delete(service: string, account: string) {
    await this.wait();
    return this.inner.delete(service, account);
  }
}

export async function measureIntegrity(
  sb: SandboxProcess,
  options: { reps: number; warmup: number; burst: number; keychainLatencyMs: number },
): Promise<IntegrityResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'pos-connect-bench-integrity-'));
  const memory = new MemoryKeychain();
  const result: IntegrityResult = {
    macUs: [],
    recordWriteSameBindingMs: [],
    recordWriteNewBindingMs: [],
    sequential: { secretWrites: 0, keychainWrites: 0 },
    burst: {
      secretWrites: options.burst,
      keychainWrites: 0,
      keychainLatencyMs: options.keychainLatencyMs,
      wallMs: 0,
    },
    keychainCallsAtStart: 0,
  };
  try {
    const seeded = await openStorage({ dataDir, keychain: memory });
    const ids = await seedStoredConnections(sb, seeded, 10);
    await seeded.integrity.settled();
    seeded.close();

    const counting = new CountingKeychain(new SlowKeychain(memory, options.keychainLatencyMs));
    const storage = await openStorage({ dataDir, keychain: counting });
    result.keychainCallsAtStart = counting.count;
    try {
      const macKey = macKeyOf(generateKey());
      const record = storage.store.getConnection(ids[0] as string) as ConnectionRecord;
      for (let i = 0; i < options.warmup + options.reps; i += 1) {
        const batch = 1000;
        const started = performance.now();
        for (let j = 0; j < batch; j += 1)
          rowMac(macKey, 'connections', record.id, connectionBinding(record));
        const macUs = ((performance.now() - started) * 1000) / batch;

        const id = ids[i % ids.length] as string;
        const current = storage.store.getConnection(id) as ConnectionRecord;
        const origins = {
          ...(current.origins ?? { token: 'https://example.invalid' }),
          api: `https://api${i}.example`,
        };
        const timed = (next: ConnectionRecord) => {
          const at = performance.now();
          storage.store.saveConnection(next);
          return performance.now() - at;
        };
        // Alternating which goes first, so neither pays for the other's checkpoint.
        let same: number;
        let changed: number;
        if (i % 2 === 0) {
          same = timed({ ...current, lastRefreshAt: Date.now() + i });
          changed = timed({ ...current, origins });
        } else {
          changed = timed({ ...current, origins });
          same = timed({ ...storage.store.getConnection(id)!, lastRefreshAt: Date.now() + i });
        }
        if (i >= options.warmup) {
          result.macUs.push(macUs);
          result.recordWriteSameBindingMs.push(same);
          result.recordWriteNewBindingMs.push(changed);
        }
      }

      // Secret writes one after the other, each given the time a keychain write takes.
      await storage.integrity.settled();
      let before = storage.integrity.keychainWrites;
      for (let i = 0; i < options.reps; i += 1) {
        await storage.vault.putConnectionSecrets(ids[i % ids.length] as string, {
          accessToken: randomBytes(24).toString('base64url'),
        });
        await storage.integrity.settled();
      }
      result.sequential = {
        secretWrites: options.reps,
        keychainWrites: storage.integrity.keychainWrites - before,
      };

      // A burst: every write at once (a refresh storm's rhythm).
      before = storage.integrity.keychainWrites;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: options.burst }, (_, i) =>
          storage.vault.putConnectionSecrets(ids[i % ids.length] as string, {
            accessToken: randomBytes(24).toString('base64url'),
          }),
        ),
      );
      await storage.integrity.settled();
      result.burst.wallMs = performance.now() - started;
      result.burst.keychainWrites = storage.integrity.keychainWrites - before;
    } finally {
      await storage.integrity.settled();
      storage.close();
    }
    return result;
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
