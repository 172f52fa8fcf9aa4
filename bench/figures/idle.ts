import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Timers } from '../../src/main/connections/token-keeper';
import { realTimers } from '../../src/main/connections/token-keeper';
import { MemoryKeychain } from '../../src/main/vault/memory-keychain';
import type { SandboxProcess } from '../lib/sandbox-process';
import { seedStoredConnections } from '../lib/seed';
import { benchServices } from '../lib/services';
import { openRealStorage } from '../lib/storage';

/**
 * What the main-process services cost while they hold 1,000 connections and nothing is due: the
 * real on-disk storage, the services started as the app starts them (every refresh planned on real
 * timers), one list for the window, then `seconds` of real time in which no token expires. CPU is
 * process.cpuUsage() over the window (user + system, this process only: the sandbox is a child);
 * wake-ups are the services' own timer callbacks (scheduler, token keeper, liveness). Memory is
 * sampled every 100 ms from the start of the services to the end of the window.
 */

export interface IdleResult {
  connections: number;
  seconds: number;
  cpuSeconds: number;
  cpuSecondsPerHour: number;
  wakeUps: number;
  wakeUpsPerMinute: number;
  timersArmed: number;
  rssPeak: number;
  heapUsedPeak: number;
}

export async function measureIdle(
  sb: SandboxProcess,
  options: { connections: number; seconds: number },
): Promise<IdleResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'pos-connect-bench-idle-'));
  try {
    const keychain = new MemoryKeychain();
    const seeded = await openRealStorage(dataDir, keychain);
    // Two hours of life: nothing is due in the window (the lead is five minutes).
    await seedStoredConnections(sb, seeded, options.connections, 2 * 3600_000);
    await seeded.close();

    const storage = await openRealStorage(dataDir, keychain);
    let wakeUps = 0;
    let armed = 0;
    const counting: Timers = {
      setTimeout: (callback, ms) => {
        armed += 1;
        return realTimers.setTimeout(() => {
          wakeUps += 1;
          callback();
        }, ms);
      },
      clearTimeout: (handle) => realTimers.clearTimeout(handle),
    };
    const peak = { rss: 0, heapUsed: 0 };
    const sample = () => {
      const m = process.memoryUsage();
      peak.rss = Math.max(peak.rss, m.rss);
      peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
    };
    const sampler = setInterval(sample, 100);
    const bench = benchServices({ d: sb.d, store: storage.store, vault: storage.vault, timers: counting });
    bench.services.start();
    await bench.services.handlers['connections:list']();
    sample();
    const armedAtStart = armed;
    const cpuBefore = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, options.seconds * 1000));
    const cpu = process.cpuUsage(cpuBefore);
    clearInterval(sampler);
    sample();
    await bench.services.stop();
    await storage.close();
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    return {
      connections: options.connections,
      seconds: options.seconds,
      cpuSeconds,
      cpuSecondsPerHour: (cpuSeconds / options.seconds) * 3600,
      wakeUps,
      wakeUpsPerMinute: wakeUps / (options.seconds / 60),
      timersArmed: armedAtStart,
      rssPeak: peak.rss,
      heapUsedPeak: peak.heapUsed,
    };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
