import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MemoryKeychain } from '../../src/main/vault/memory-keychain';
import type { SandboxProcess } from '../lib/sandbox-process';
import { seedStoredConnections } from '../lib/seed';
import { openRealStorage } from '../lib/storage';

/**
 * What one change costs with few or many connections stored, on the real on-disk storage: one
 * token write (a rotated pair for a stored connection, `vault.putConnectionSecrets`) and one
 * history line (`store.appendHistory`), each timed alone, at every stored count given.
 */

export interface ScalingSamples {
  stored: number;
  tokenWrite: number[];
  historyAppend: number[];
}

export async function measureStorageScaling(
  sb: SandboxProcess,
  options: {
    counts: number[];
    reps: number;
    warmup: number;
  },
): Promise<ScalingSamples[]> {
  const results: ScalingSamples[] = [];
  for (const stored of options.counts) {
    const dataDir = await mkdtemp(join(tmpdir(), 'pos-connect-bench-scaling-'));
    const storage = await openRealStorage(dataDir, new MemoryKeychain());
    try {
      const ids = await seedStoredConnections(sb, storage, stored);
      const samples: ScalingSamples = { stored, tokenWrite: [], historyAppend: [] };
      for (let i = 0; i < options.warmup + options.reps; i += 1) {
        const id = ids[(i * 7919) % ids.length] as string;
        const pair = {
          accessToken: randomBytes(32).toString('base64url'),
          refreshToken: randomBytes(32).toString('base64url'),
        };
        let started = performance.now();
        await storage.vault.putConnectionSecrets(id, pair);
        const write = performance.now() - started;
        started = performance.now();
        storage.store.appendHistory(id, {
          at: new Date().toISOString(),
          kind: 'refreshed',
          summary: 'Access token renewed.',
        });
        const append = performance.now() - started;
        if (i >= options.warmup) {
          samples.tokenWrite.push(write);
          samples.historyAppend.push(append);
        }
      }
      results.push(samples);
    } finally {
      await storage.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  }
  return results;
}
