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
 * sampled after the first list and every 10 s to the end of the window.
 */

export interface IdleResult {
  connections: number;
  seconds: number;
  /** This process's CPU over the window while the services hold the connections. */
  cpuSeconds: number;
  /** The same process over a window of the same kind before the services exist (tsx, the sandbox child's pipes, V8). */
  baselineCpuSeconds: number;
  baselineSeconds: number;
  /** The services' own share: (window − baseline rate × window), per hour. */
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

    // The process's own idle cost before the services exist, so that their share can be told apart.
    const baselineSeconds = Math.min(120, options.seconds);
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const baselineBefore = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, baselineSeconds * 1000));
    const baseline = process.cpuUsage(baselineBefore);
    const baselineCpuSeconds = (baseline.user + baseline.system) / 1e6;

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
    // Seldom: sampling is itself work in this process, and would count as idle CPU.
    const sampler = setInterval(sample, 10_000);
    const bench = benchServices({ d: sb.d, store: storage.store, vault: storage.vault, timers: counting });
    bench.services.start();
    await bench.services.handlers['connections:list']();
    sample();
    const armedAtStart = armed;
    // Five seconds to let start-up settle (garbage collection of the first list, idle sockets to the
    // sandbox closing): idle is the steady state after it.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const wakeUpsBefore = wakeUps;
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
      baselineCpuSeconds,
      baselineSeconds,
      cpuSecondsPerHour:
        (Math.max(0, cpuSeconds - (baselineCpuSeconds / baselineSeconds) * options.seconds) /
          options.seconds) *
        3600,
      wakeUps: wakeUps - wakeUpsBefore,
      wakeUpsPerMinute: (wakeUps - wakeUpsBefore) / (options.seconds / 60),
      timersArmed: armedAtStart,
      rssPeak: peak.rss,
      heapUsedPeak: peak.heapUsed,
    };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
