import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppErrorData } from '../../../src/shared/errors';
import type { Settings } from '../../../src/shared/models';
import type { ConnectionRecord, MetadataStore } from '../../../src/main/ports';
import type { ProviderRegistry } from '../../../src/main/providers/provider-registry';
import { MAX_TIMER_MS, REFRESH_RULES } from '../../../src/main/connections/refresh-policy';
import { RefreshScheduler } from '../../../src/main/connections/refresh-scheduler';
import { connectionRecord } from '../../support/connection-record';
import type { RefreshResult, TokenKeeper } from '../../../src/main/connections/token-keeper';

// The scheduler alone, on vitest's fake timers driving its real setTimeout: a stand-in keeper counts
// refreshes. The whole services with real timers against the sandbox are in test/integration.

const T0 = Date.UTC(2026, 10, 27, 12);
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

let settings: Settings;

function connection(id: string, fields: Partial<ConnectionRecord> = {}): ConnectionRecord {
  return connectionRecord({
    id,
    providerId: 'sumup',
    createdAt: T0,
    accessTokenExpiresAt: T0 + HOUR,
    lastTokenResponse: { at: T0, status: 200, body: {} },
    ...fields,
  });
}

let records: Map<string, ConnectionRecord>;
let refreshes: string[];
let inFlight: number;
let peak: number;
let answer: () => Promise<RefreshResult>;
let lapsing: string[];
let started: RefreshScheduler[] = [];
let reasons: string[];
let slidingWindow: boolean;

function scheduler(
  options: { maxConcurrent?: number; defaultJitter?: boolean; warn?: boolean } = {},
): RefreshScheduler {
  const store = {
    listConnections: () => [...records.values()],
    getConnection: (id: string) => records.get(id),
    getSettings: () => settings,
  } as unknown as MetadataStore;
  const keeper = {
    canRenew: (record: ConnectionRecord) => record.hasRefreshToken,
    shortLifetimeStreak: () => 0,
    refresh: async (id: string, reason: string) => {
      refreshes.push(id);
      reasons.push(reason);
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      try {
        const result = await answer();
        // As the keeper does: a refreshed pair is saved (its own scheduling is not modelled here).
        const now = Date.now();
        const saved = records.get(id);
        if (result === 'refreshed' && saved) {
          records.set(id, {
            ...saved,
            accessTokenExpiresAt: now + HOUR,
            lastTokenResponse: { at: now, status: 200, body: {} },
          });
        }
        return result;
      } finally {
        inFlight -= 1;
      }
    },
  } as unknown as TokenKeeper;
  const providers = {
    get: (providerId: string) => {
      if (providerId === 'removed') throw new Error('unknown provider');
      return { refreshToken: { slidingWindow } };
    },
  } as unknown as ProviderRegistry;
  const created = new RefreshScheduler({
    keeper,
    store,
    providers,
    now: () => Date.now(),
    ...(options.defaultJitter ? {} : { jitterMs: 0 }),
    random: () => 0.5,
    ...(options.maxConcurrent !== undefined ? { maxConcurrent: options.maxConcurrent } : {}),
    ...(options.warn === false ? {} : { onRefreshTokenLapsing: (id: string) => lapsing.push(id) }),
  });
  started.push(created);
  return created;
}

const failure = (code: AppErrorData['code'], retryAfterSeconds?: number): AppErrorData => ({
  code,
  message: 'm',
  ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
});

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
  records = new Map();
  refreshes = [];
  inFlight = 0;
  peak = 0;
  answer = async () => 'refreshed';
  lapsing = [];
  settings = { refreshLeadSeconds: 300, refreshTokenWarningHours: 24 } as Settings;
  reasons = [];
  slidingWindow = false;
});
afterEach(() => {
  // A scheduler left running by a failed test must not arm timers in the next one.
  for (const s of started) s.stop();
  started = [];
  vi.useRealTimers();
});

describe('RefreshScheduler on its timers', () => {
  it('refreshes once, lead before expiry, and not a moment before', async () => {
    records.set('c1', connection('c1'));
    const s = scheduler();
    s.start();
    expect(s.plannedAt('c1')).toBe(T0 + HOUR - 5 * MIN);
    await vi.advanceTimersByTimeAsync(HOUR - 5 * MIN - 1);
    expect(refreshes).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(refreshes).toEqual(['c1']);
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(refreshes).toEqual(['c1']);
    s.stop();
  });

  it('never arms a timer beyond what Node holds, and still refreshes a token that lives 60 days', async () => {
    records.set('c1', connection('c1', { accessTokenExpiresAt: T0 + 60 * DAY }));
    const spy = vi.spyOn(globalThis, 'setTimeout');
    const s = scheduler();
    s.start();
    await vi.advanceTimersByTimeAsync(60 * DAY - 5 * MIN - 1);
    expect(refreshes).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(refreshes).toEqual(['c1']);
    const delays = spy.mock.calls.map((call) => call[1] ?? 0);
    expect(Math.max(...delays)).toBeLessThanOrEqual(MAX_TIMER_MS);
    expect(delays.length).toBeGreaterThanOrEqual(3);
    s.stop();
  });

  it('a timer for a pair that was replaced meanwhile does nothing', async () => {
    records.set('c1', connection('c1'));
    const s = scheduler();
    s.start();
    // A newer pair saved by another path (a test call's refresh) whose scheduling has not run yet.
    records.set('c1', connection('c1', { lastTokenResponse: { at: T0 + MIN, status: 200, body: {} } }));
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(refreshes).toEqual([]);
  });

  it('a timer for a connection that needs reconnecting or is gone does nothing', async () => {
    records.set('c1', connection('c1'));
    records.set('c2', connection('c2'));
    const s = scheduler();
    s.start();
    records.set('c1', connection('c1', { state: 'needs_reauthorization' }));
    records.delete('c2');
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(refreshes).toEqual([]);
  });

  it('plans nothing for a connection that cannot renew, is not connected, or after stop', async () => {
    records.set('c1', connection('c1', { hasRefreshToken: false }));
    records.set('c2', connection('c2', { state: 'failed' }));
    const s = scheduler();
    s.start();
    expect(s.plannedCount()).toBe(0);
    records.set('c3', connection('c3'));
    s.schedule('c3');
    expect(s.plannedCount()).toBe(1);
    s.stop();
    expect(s.plannedCount()).toBe(0);
    s.schedule('c3');
    s.catchUp();
    expect(s.plannedCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(2 * HOUR);
    expect(refreshes).toEqual([]);
  });

  it('holds the concurrency cap when many are due at once, and refreshes each once', async () => {
    for (let i = 0; i < 10; i += 1) records.set(`c${i}`, connection(`c${i}`));
    answer = () => new Promise((resolve) => setTimeout(() => resolve('refreshed'), 1_000));
    const s = scheduler({ maxConcurrent: 3 });
    s.start();
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(peak).toBe(3);
    expect([...refreshes].sort()).toEqual([...records.keys()].sort());
  });

  it('runs at most 8 scheduled refreshes at once by default', async () => {
    for (let i = 0; i < 20; i += 1) records.set(`c${i}`, connection(`c${i}`));
    answer = () => new Promise((resolve) => setTimeout(() => resolve('refreshed'), 1_000));
    scheduler().start();
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(peak).toBe(8);
    expect(refreshes).toHaveLength(20);
  });

  it('plans again when the keeper says it is too soon, at the floor', async () => {
    records.set('c1', connection('c1', { accessTokenExpiresAt: T0 + HOUR }));
    const s = scheduler();
    s.start();
    answer = async () => 'too-soon';
    await vi.advanceTimersByTimeAsync(HOUR - 5 * MIN);
    expect(refreshes).toEqual(['c1']);
    expect(s.plannedAt('c1')).toBeDefined();
  });
});

describe('RefreshScheduler after failures', () => {
  it('retries a failure that may pass with growing delays from the floor', async () => {
    records.set('c1', connection('c1'));
    const s = scheduler();
    s.start();
    s.afterFailure('c1', failure('NETWORK'), 'retry');
    // 30 s, then 60 s, each plus up to half as jitter (the stand-in random is 0.5).
    expect(s.plannedAt('c1')).toBe(T0 + 37_500);
    s.afterFailure('c1', failure('NETWORK'), 'retry');
    expect(s.plannedAt('c1')).toBe(T0 + 75_000);
    await vi.advanceTimersByTimeAsync(75_000);
    expect(refreshes).toEqual(['c1']);
    // A saved pair ends the run: the next failure starts again from the floor.
    s.succeeded('c1');
    s.afterFailure('c1', failure('NETWORK'), 'retry');
    expect(s.plannedAt('c1')).toBe(Date.now() + 37_500);
  });

  it('waits for Retry-After, but never beyond an hour', () => {
    records.set('c1', connection('c1'));
    const s = scheduler();
    s.start();
    s.afterFailure('c1', failure('RATE_LIMITED', 600), 'retry');
    expect(s.plannedAt('c1')).toBe(T0 + 600_000);
    s.afterFailure('c1', failure('RATE_LIMITED', 999_999_999_999), 'retry');
    expect(s.plannedAt('c1')).toBe(T0 + REFRESH_RULES.maxRetryAfterMs);
  });

  it('does not retry what needs a person or a reconnect, and drops the plan it had', async () => {
    records.set('c1', connection('c1'));
    records.set('c2', connection('c2'));
    const s = scheduler();
    s.start();
    s.afterFailure('c1', failure('INVALID_CLIENT'), 'failed');
    s.afterFailure('c2', failure('INVALID_GRANT'), 'needs_reauthorization');
    expect(s.plannedAt('c1')).toBeUndefined();
    expect(s.plannedAt('c2')).toBeUndefined();
    await vi.advanceTimersByTimeAsync(DAY);
    expect(refreshes).toEqual([]);
  });

  it('does not arm a retry once stopped', () => {
    records.set('c1', connection('c1'));
    const s = scheduler();
    s.start();
    s.stop();
    s.afterFailure('c1', failure('NETWORK'), 'retry');
    expect(s.plannedCount()).toBe(0);
  });
});

describe('refresh-token lapse warning', () => {
  it('warns once per refresh token within the warning window, again for a new token', () => {
    records.set('c1', connection('c1', { refreshTokenExpiresAt: T0 + 2 * HOUR }));
    records.set('c2', connection('c2', { refreshTokenExpiresAt: T0 + 24 * HOUR }));
    const s = scheduler();
    s.start();
    s.schedule('c1');
    s.catchUp();
    expect(lapsing).toEqual(['c1']);
    records.set('c1', connection('c1', { refreshTokenExpiresAt: T0 + 3 * HOUR }));
    s.schedule('c1');
    expect(lapsing).toEqual(['c1', 'c1']);
  });
});

describe('what the scheduler hands the policy', () => {
  it('plans nothing before it is started', () => {
    records.set('c1', connection('c1'));
    const s = scheduler();
    s.schedule('c1');
    expect(s.plannedCount()).toBe(0);
  });

  it('caps the lead at half the lifetime of the pair it holds', () => {
    // A 400 s token with the default 300 s lead: refreshed 200 s in, not 100 s in.
    records.set('c1', connection('c1', { accessTokenExpiresAt: T0 + 400_000 }));
    const s = scheduler();
    s.start();
    expect(s.plannedAt('c1')).toBe(T0 + 200_000);
  });

  it('keeps the floor from the last pair, whether the record knows the response or only the refresh time', () => {
    records.set('c1', connection('c1', { accessTokenExpiresAt: T0 + 1_000 }));
    const { lastTokenResponse: _dropped, ...withoutResponse } = connection('c2', {
      accessTokenExpiresAt: T0 + 1_000,
      lastRefreshAt: T0,
    });
    records.set('c2', withoutResponse);
    const s = scheduler();
    s.start();
    expect(s.plannedAt('c1')).toBe(T0 + REFRESH_RULES.minGapMs);
    expect(s.plannedAt('c2')).toBe(T0 + REFRESH_RULES.minGapMs);
  });

  it('keeps a sliding refresh window open: a day before it closes', () => {
    slidingWindow = true;
    records.set(
      'c1',
      connection('c1', { accessTokenExpiresAt: T0 + 10 * DAY, refreshTokenExpiresAt: T0 + 4 * DAY }),
    );
    const s = scheduler();
    s.start();
    expect(s.plannedAt('c1')).toBe(T0 + 3 * DAY);
  });

  it('jitters by up to a minute by default', () => {
    records.set('c1', connection('c1', { accessTokenExpiresAt: T0 + 10 * HOUR }));
    const s = scheduler({ defaultJitter: true });
    s.start();
    expect(s.plannedAt('c1')).toBe(T0 + 10 * HOUR - 5 * MIN - 30_000);
  });

  it('skips a connection whose provider is gone, and plans the others', () => {
    records.set('c1', connection('c1', { providerId: 'removed' }));
    records.set('c2', connection('c2'));
    const s = scheduler();
    s.start();
    expect(s.plannedAt('c1')).toBeUndefined();
    expect(s.plannedAt('c2')).toBeDefined();
  });

  it('plans again against the clock on resume', () => {
    records.set('c1', connection('c1'));
    const s = scheduler();
    s.start();
    records.set('c1', connection('c1', { accessTokenExpiresAt: T0 + 2 * HOUR }));
    s.catchUp();
    expect(s.plannedAt('c1')).toBe(T0 + 2 * HOUR - 5 * MIN);
  });

  it('tells the keeper why: scheduled when due, keep-alive for a retry', async () => {
    records.set('c1', connection('c1'));
    const s = scheduler();
    s.start();
    await vi.advanceTimersByTimeAsync(HOUR);
    s.afterFailure('c1', failure('NETWORK'), 'retry');
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(reasons).toEqual(['scheduled', 'keep-alive']);
  });

  it('a connection planned again while it waits for a slot follows its new plan', async () => {
    records.set('c1', connection('c1'));
    records.set('c2', connection('c2'));
    answer = () => new Promise((resolve) => setTimeout(() => resolve('refreshed'), 1_000));
    const s = scheduler({ maxConcurrent: 1 });
    s.start();
    await vi.advanceTimersByTimeAsync(HOUR - 5 * MIN);
    // c1 runs, c2 waits for the slot; meanwhile the lead is set to one minute and c2 planned again.
    settings = { ...settings, refreshLeadSeconds: 60 };
    s.schedule('c2');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(refreshes).toEqual(['c1']);
    await vi.advanceTimersByTimeAsync(4 * MIN);
    expect(refreshes).toEqual(['c1', 'c2']);
  });

  it('a lapsing refresh token without a listener is no error', () => {
    records.set('c1', connection('c1', { refreshTokenExpiresAt: T0 + HOUR }));
    const s = scheduler({ warn: false });
    expect(() => s.start()).not.toThrow();
    expect(s.plannedAt('c1')).toBeDefined();
  });
});
