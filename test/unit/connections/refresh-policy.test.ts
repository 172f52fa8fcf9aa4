import { describe, expect, it } from 'vitest';
import {
  clampLifetimeSeconds,
  isSaneDate,
  isShortLifetime,
  MAX_TIMER_MS,
  minGapMs,
  nextRefreshAt,
  REFRESH_RULES,
  retryDelayMs,
  timerDelayMs,
  tooSoonToRefresh,
} from '../../../src/main/connections/refresh-policy';
import { SingleFlight } from '../../../src/main/connections/single-flight';
import { deriveState } from '../../../src/main/connections/connection-state';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

const T0 = Date.UTC(2026, 10, 27, 12);
const MIN = 60_000;

describe('nextRefreshAt', () => {
  it('refreshes lead plus jitter before the access token expires', () => {
    const at = nextRefreshAt(
      {
        accessTokenExpiresAt: T0 + 10 * HOUR,
        accessTokenReceivedAt: T0,
        canRenew: true,
        slidingWindow: false,
      },
      { leadMs: 5 * MIN, jitterMs: 60_000, random: () => 0.5 },
    );
    expect(at).toBe(T0 + 10 * HOUR - 5 * MIN - 30_000);
  });

  it('keeps a sliding refresh window open even when the access token lives longer', () => {
    const at = nextRefreshAt(
      {
        accessTokenExpiresAt: T0 + 10 * DAY,
        refreshTokenExpiresAt: T0 + 4 * DAY,
        canRenew: true,
        slidingWindow: true,
      },
      { leadMs: 5 * MIN, jitterMs: 0, random: () => 0 },
    );
    expect(at).toBe(T0 + 3 * DAY);
  });

  it('has nothing to schedule when the connection cannot renew itself', () => {
    expect(
      nextRefreshAt(
        { accessTokenExpiresAt: T0 + HOUR, canRenew: false, slidingWindow: false },
        { leadMs: 1, jitterMs: 1 },
      ),
    ).toBeUndefined();
  });

  it('caps the lead at half the lifetime: a lead longer than the token never loops', () => {
    // SumUp's 3,599 s tokens with the largest lead the settings allow (3,600 s).
    const at = nextRefreshAt(
      {
        accessTokenExpiresAt: T0 + 3599_000,
        accessTokenReceivedAt: T0,
        lastRefreshAt: T0,
        canRenew: true,
        slidingWindow: false,
      },
      { leadMs: 3600_000, jitterMs: 60_000, random: () => 0 },
    );
    expect(at).toBe(T0 + 3599_000 / 2);
  });

  it('keeps the floor: a token that lives one second is renewed 30 s after the last pair, not at once', () => {
    for (const lifetime of [1, 1_000, 60_000]) {
      const at = nextRefreshAt(
        {
          accessTokenExpiresAt: T0 + lifetime,
          accessTokenReceivedAt: T0,
          lastRefreshAt: T0,
          canRenew: true,
          slidingWindow: false,
        },
        { leadMs: 5 * MIN, jitterMs: 60_000, random: () => 0.99 },
      );
      expect(at! - T0).toBeGreaterThanOrEqual(REFRESH_RULES.minGapMs);
    }
  });

  it('widens the floor after repeated short lifetimes, up to its ceiling', () => {
    expect(minGapMs(0)).toBe(30_000);
    expect(minGapMs(1)).toBe(30_000);
    expect(minGapMs(2)).toBe(60_000);
    expect(minGapMs(3)).toBe(120_000);
    expect(minGapMs(50)).toBe(REFRESH_RULES.maxGapMs);
    const at = nextRefreshAt(
      {
        accessTokenExpiresAt: T0 + 1_000,
        accessTokenReceivedAt: T0,
        lastRefreshAt: T0,
        shortLifetimeStreak: 3,
        canRenew: true,
        slidingWindow: false,
      },
      { leadMs: 5 * MIN, jitterMs: 0 },
    );
    expect(at).toBe(T0 + 120_000);
  });

  it('ignores dates out of range instead of planning with them', () => {
    expect(
      nextRefreshAt(
        { accessTokenExpiresAt: 1e20, canRenew: true, slidingWindow: false },
        { leadMs: MIN, jitterMs: 0 },
      ),
    ).toBeUndefined();
    expect(
      nextRefreshAt(
        { accessTokenExpiresAt: Number.POSITIVE_INFINITY, canRenew: true, slidingWindow: false },
        { leadMs: MIN, jitterMs: 0 },
      ),
    ).toBeUndefined();
  });

  it('tooSoonToRefresh holds the floor from the last pair', () => {
    expect(tooSoonToRefresh(T0, T0 + 29_999)).toBe(true);
    expect(tooSoonToRefresh(T0, T0 + 30_000)).toBe(false);
    expect(tooSoonToRefresh(undefined, T0)).toBe(false);
  });
});

describe('clampLifetimeSeconds', () => {
  it('brings nonsense lifetimes into range and says so', () => {
    expect(clampLifetimeSeconds(3599)).toEqual({ seconds: 3599, clamped: false });
    expect(clampLifetimeSeconds(0.001)).toEqual({ seconds: 1, clamped: true });
    expect(clampLifetimeSeconds(1e20)).toEqual({ seconds: REFRESH_RULES.maxLifetimeSeconds, clamped: true });
    expect(clampLifetimeSeconds(Number.POSITIVE_INFINITY).clamped).toBe(true);
    expect(clampLifetimeSeconds(Number.NaN).clamped).toBe(true);
  });
});

describe('retryDelayMs', () => {
  it('backs off exponentially from the floor and honours Retry-After', () => {
    expect(retryDelayMs(1, undefined, () => 0)).toBe(30_000);
    expect(retryDelayMs(3, undefined, () => 0)).toBe(120_000);
    expect(retryDelayMs(1, 120, () => 0)).toBe(120_000);
    expect(retryDelayMs(50, undefined, () => 0)).toBe(30 * MIN);
  });

  it('caps Retry-After at an hour', () => {
    expect(retryDelayMs(1, 999_999_999_999, () => 0)).toBe(REFRESH_RULES.maxRetryAfterMs);
    expect(retryDelayMs(1, Number.POSITIVE_INFINITY, () => 0)).toBe(30_000);
  });

  it('never goes below the floor', () => {
    expect(retryDelayMs(1, 0, () => 0)).toBeGreaterThanOrEqual(REFRESH_RULES.minGapMs);
    expect(retryDelayMs(0, -5, () => 0)).toBeGreaterThanOrEqual(REFRESH_RULES.minGapMs);
  });
});

describe('timerDelayMs', () => {
  it('never arms a timer beyond what Node holds', () => {
    expect(timerDelayMs(T0 + 60 * DAY, T0)).toBe(MAX_TIMER_MS);
    expect(timerDelayMs(T0 - 5, T0)).toBe(0);
  });
});

describe('SingleFlight', () => {
  it('runs one operation per key however many callers wait', async () => {
    const flight = new SingleFlight<number>();
    let runs = 0;
    let release!: (value: number) => void;
    const op = () => {
      runs += 1;
      return new Promise<number>((resolve) => (release = resolve));
    };
    const callers = Array.from({ length: 50 }, () => flight.run('c1', op));
    release(7);
    expect(await Promise.all(callers)).toEqual(Array(50).fill(7));
    expect(runs).toBe(1);
    expect(flight.isRunning('c1')).toBe(false);
    expect(flight.running()).toEqual([]);
  });

  it('lists the operations in flight, for a stop that waits for them', async () => {
    const flight = new SingleFlight<string>();
    const a = flight.run('a', async () => 'A');
    flight.run('a', async () => 'again');
    const b = flight.run('b', async () => 'B');
    expect(flight.running()).toEqual([a, b]);
    expect(await Promise.all(flight.running())).toEqual(['A', 'B']);
  });
});

describe('deriveState', () => {
  const options = { now: 100 * DAY, refreshLeadMs: 5 * 60_000, refreshTokenWarningMs: DAY };
  const base = { stored: 'connected' as const, refreshing: false, lastRefreshFailed: false, canRenew: true };

  it('is connected while tokens are fresh', () => {
    expect(deriveState({ ...base, accessTokenExpiresAt: options.now + HOUR }, options)).toEqual({
      state: 'connected',
      attention: [],
    });
  });

  it('warns when the refresh token is about to lapse', () => {
    const result = deriveState(
      { ...base, accessTokenExpiresAt: options.now + HOUR, refreshTokenExpiresAt: options.now + HOUR },
      options,
    );
    expect(result.state).toBe('expiring_soon');
    expect(result.attention[0]?.kind).toBe('refresh_token_expiring');
  });

  it('needs re-authorization when the access token ran out and cannot be renewed', () => {
    const result = deriveState({ ...base, canRenew: false, accessTokenExpiresAt: options.now - 1 }, options);
    expect(result.state).toBe('needs_reauthorization');
  });

  it('puts re-authorization first and keeps the stored state', () => {
    const result = deriveState(
      { ...base, stored: 'needs_reauthorization', lastRefreshFailed: true },
      options,
    );
    expect(result).toEqual({
      state: 'needs_reauthorization',
      attention: [{ kind: 'needs_reauthorization' }],
    });
  });
});

describe('ConcurrencyLimit', () => {
  it('never runs more than its limit at once, and runs everything', async () => {
    const { ConcurrencyLimit } = await import('../../../src/main/connections/concurrency-limit');
    const limit = new ConcurrencyLimit(3);
    let running = 0;
    let maxSeen = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limit.run(async () => {
          running += 1;
          maxSeen = Math.max(maxSeen, running);
          await new Promise((resolve) => setTimeout(resolve, 1));
          running -= 1;
          return i;
        }),
      ),
    );
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(maxSeen).toBe(3);
    expect(limit.peak).toBe(3);
    expect(limit.pending).toBe(0);
  });

  it('counts what runs and what waits, and refuses a limit that is not a positive integer', async () => {
    const { ConcurrencyLimit } = await import('../../../src/main/connections/concurrency-limit');
    const limit = new ConcurrencyLimit(1);
    let release!: () => void;
    const first = limit.run(() => new Promise<void>((resolve) => (release = resolve)));
    const second = limit.run(async () => undefined);
    expect(limit.pending).toBe(2);
    release();
    await Promise.all([first, second]);
    expect(limit.pending).toBe(0);
    expect(new ConcurrencyLimit(1).pending).toBe(0);
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => new ConcurrencyLimit(bad)).toThrow(RangeError);
  });
});

describe('the policy at its bounds', () => {
  it("holds timers to Node's limit, 2^31-1 ms (about 24.8 days): a longer delay would fire at once", () => {
    expect(MAX_TIMER_MS).toBe(2_147_483_647);
    expect(timerDelayMs(T0 + 2_147_483_648, T0)).toBe(2_147_483_647);
  });

  it('accepts dates from 2000 to 2200 inclusive, nothing else', () => {
    expect(isSaneDate(Date.UTC(2000, 0, 1))).toBe(true);
    expect(isSaneDate(Date.UTC(2000, 0, 1) - 1)).toBe(false);
    expect(isSaneDate(Date.UTC(2200, 0, 1))).toBe(true);
    expect(isSaneDate(Date.UTC(2200, 0, 1) + 1)).toBe(false);
    expect(isSaneDate(0)).toBe(false);
    expect(isSaneDate(Number.NaN)).toBe(false);
    expect(isSaneDate(undefined)).toBe(false);
  });

  it('keeps lifetimes at the ends of the accepted range as they are', () => {
    expect(clampLifetimeSeconds(1)).toEqual({ seconds: 1, clamped: false });
    expect(clampLifetimeSeconds(REFRESH_RULES.maxLifetimeSeconds)).toEqual({
      seconds: REFRESH_RULES.maxLifetimeSeconds,
      clamped: false,
    });
  });

  it('calls a lifetime short below twice the floor', () => {
    expect(isShortLifetime(2 * REFRESH_RULES.minGapMs - 1)).toBe(true);
    expect(isShortLifetime(2 * REFRESH_RULES.minGapMs)).toBe(false);
  });

  it('caps the jitter at a tenth of the lifetime, so it never eats the lead', () => {
    // 60 s token: lead capped at 30 s, jitter at 6 s.
    const at = nextRefreshAt(
      { accessTokenExpiresAt: T0 + 60_000, accessTokenReceivedAt: T0, canRenew: true, slidingWindow: false },
      { leadMs: 5 * MIN, jitterMs: 60_000, random: () => 0.5 },
    );
    expect(at).toBe(T0 + 60_000 - 30_000 - 3_000);
  });

  it('jitters earlier, never later, before a sliding window closes', () => {
    const at = nextRefreshAt(
      { refreshTokenExpiresAt: T0 + 4 * DAY, canRenew: true, slidingWindow: true },
      { leadMs: 5 * MIN, jitterMs: 60_000, random: () => 0.5 },
    );
    expect(at).toBe(T0 + 3 * DAY - 30_000);
  });

  it('plans by the access token alone when a sliding window has no known end', () => {
    const at = nextRefreshAt(
      { accessTokenExpiresAt: T0 + 10 * HOUR, canRenew: true, slidingWindow: true },
      { leadMs: 5 * MIN, jitterMs: 0 },
    );
    expect(at).toBe(T0 + 10 * HOUR - 5 * MIN);
  });

  it('ignores the refresh token expiry when its window does not slide', () => {
    const at = nextRefreshAt(
      {
        accessTokenExpiresAt: T0 + 10 * DAY,
        refreshTokenExpiresAt: T0 + 4 * DAY,
        canRenew: true,
        slidingWindow: false,
      },
      { leadMs: 5 * MIN, jitterMs: 0 },
    );
    expect(at).toBe(T0 + 10 * DAY - 5 * MIN);
  });

  it('adds up to half the backoff as jitter, never less than the backoff', () => {
    expect(retryDelayMs(1, undefined, () => 0.5)).toBe(37_500);
    expect(retryDelayMs(3, undefined, () => 0.5)).toBe(150_000);
    expect(retryDelayMs(3, undefined, () => 0.999)).toBeLessThan(180_000);
  });
});
