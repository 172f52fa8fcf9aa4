import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { approve, freePort } from '../lib/net';
import type { SandboxProcess } from '../lib/sandbox-process';
import { benchServices } from '../lib/services';
import type { BenchStorage } from '../lib/storage';

/**
 * A refresh storm: N Taptouch connections (single-use, rotating refresh tokens: a token sent twice
 * kills the grant) connected through the services by the authorization code grant, then the app
 * clock moved past their access tokens' expiry so that every one is due at once, and the app's
 * resume-from-sleep path run: the scheduler's real timers fire every refresh. Proven from both ends
 * after a quiet period in which any double refresh would show: the sandbox's refresh_token counter
 * for Taptouch grows by exactly N, and every connection has exactly one "refreshed" history event
 * and is still connected.
 */

export interface StormResult {
  connections: number;
  seedMs: number;
  wallMs: number;
  peakInFlight: number;
  limit: number;
  refreshRequests: number;
  otherTokenRequests: number;
  refreshedOnce: number;
  stillConnected: number;
  /** Refreshes that failed, by error code (from the connections' histories). */
  failures: Record<string, number>;
  /** Connections the storm did not refresh and that are planned again (a retry after a failure). */
  plannedAgain: number;
  rss: { before: number; peak: number };
  heapUsed: { before: number; peak: number };
}

export async function measureRefreshStorm(
  sb: SandboxProcess,
  storage: BenchStorage,
  count: number,
  onProgress?: (done: number) => void,
): Promise<StormResult> {
  const port = await freePort();
  const redirectUri = `http://127.0.0.1:${port}/callback`;
  const clientId = `bench-taptouch-${process.pid}`;
  const clientSecret = `bench_${randomBytes(16).toString('hex')}`;
  await sb.registerClient({
    vendor: 'taptouch',
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: [redirectUri],
  });

  const bench = benchServices({
    d: sb.d,
    store: storage.store,
    vault: storage.vault,
    openExternal: async (url) => {
      const res = await fetch(await approve(url), { redirect: 'manual' });
      await res.text();
    },
  });
  const { services } = bench;
  // The scheduler plans only once started (resume() below catches up on what is due).
  services.start();
  const app = await services.handlers['apps:save']({
    providerId: 'taptouch',
    label: 'Bench Taptouch app',
    clientId,
    clientSecret,
    redirectPort: port,
    params: {},
  });

  const seedStarted = performance.now();
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    // The connect handler, as the window calls it.
    const record = await services.handlers['connections:connect']({
      attemptId: `storm-${i}`,
      appId: app.id,
      grant: 'authorization_code',
      label: `Storm shop ${i}`,
      scopes: [],
      params: {},
    });
    ids.push(record.id);
    if ((i + 1) % 100 === 0) onProgress?.(i + 1);
  }
  const seedMs = performance.now() - seedStarted;

  // Everything is due: past the access tokens' 2 days, within the refresh tokens' 4-day window.
  bench.advance(sb.d.vendors.taptouch.access_token_lifetime + 60);
  const before = await sb.tokenRequests('taptouch');
  const memoryBefore = process.memoryUsage();
  const peak = { rss: memoryBefore.rss, heapUsed: memoryBefore.heapUsed };
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peak.rss = Math.max(peak.rss, m.rss);
    peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
  }, 5);
  const started = performance.now();
  services.resume();
  // Done when nothing is left due, queued or in flight: asked of the scheduler and the keeper every
  // 50 ms, which costs the same on disk as in memory (reading every history would not).
  const busy = () =>
    services.scheduler.limit.pending > 0 ||
    ids.some((id) => {
      const at = services.scheduler.plannedAt(id);
      return services.keeper.isRefreshing(id) || (at !== undefined && at <= bench.now());
    });
  while (busy() && performance.now() - started < 600_000) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const wallMs = performance.now() - started;
  // A quiet period on the real timers: a double refresh (a timer re-armed while its refresh ran)
  // would fire in it and show in the sandbox's counter.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  clearInterval(sampler);
  const last = process.memoryUsage();
  peak.rss = Math.max(peak.rss, last.rss);
  peak.heapUsed = Math.max(peak.heapUsed, last.heapUsed);
  const after = await sb.tokenRequests('taptouch');

  let refreshedOnce = 0;
  let stillConnected = 0;
  let plannedAgain = 0;
  const failures: Record<string, number> = {};
  for (const id of ids) {
    const history = storage.store.getHistory(id);
    const refreshed = history.filter((event) => event.kind === 'refreshed').length;
    if (refreshed === 1) refreshedOnce += 1;
    else if (services.scheduler.plannedAt(id) !== undefined) plannedAgain += 1;
    for (const event of history) {
      if (event.kind === 'refresh_failed' || event.kind === 'needs_reauthorization') {
        const code = event.error?.code ?? 'unknown';
        failures[code] = (failures[code] ?? 0) + 1;
      }
    }
    if (storage.store.getConnection(id)?.state === 'connected') stillConnected += 1;
  }
  const delta = (grant: string) => (after[grant] ?? 0) - (before[grant] ?? 0);
  const otherTokenRequests = Object.keys({ ...before, ...after })
    .filter((grant) => grant !== 'refresh_token')
    .reduce((sum, grant) => sum + delta(grant), 0);
  await services.stop();
  return {
    connections: count,
    seedMs,
    wallMs,
    peakInFlight: services.scheduler.limit.peak,
    limit: 8,
    refreshRequests: delta('refresh_token'),
    otherTokenRequests,
    refreshedOnce,
    stillConnected,
    failures,
    plannedAgain,
    rss: { before: memoryBefore.rss, peak: peak.rss },
    heapUsed: { before: memoryBefore.heapUsed, peak: peak.heapUsed },
  };
}
