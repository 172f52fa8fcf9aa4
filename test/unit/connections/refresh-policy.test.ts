import { describe, expect, it } from 'vitest';
import { nextRefreshAt, retryDelayMs } from '../../../src/main/connections/refresh-policy';
import { SingleFlight } from '../../../src/main/connections/single-flight';
import { deriveState } from '../../../src/main/connections/connection-state';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

describe('nextRefreshAt', () => {
  it('refreshes lead plus jitter before the access token expires', () => {
    const at = nextRefreshAt(
      { accessTokenExpiresAt: 10 * HOUR, canRenew: true, slidingWindow: false },
      { leadMs: 5 * 60_000, jitterMs: 60_000, random: () => 0.5 },
    );
    expect(at).toBe(10 * HOUR - 5 * 60_000 - 30_000);
  });

  it('keeps a sliding refresh window open even when the access token lives longer', () => {
    const at = nextRefreshAt(
      { accessTokenExpiresAt: 10 * DAY, refreshTokenExpiresAt: 4 * DAY, canRenew: true, slidingWindow: true },
      { leadMs: 5 * 60_000, jitterMs: 0, random: () => 0 },
    );
    expect(at).toBe(3 * DAY);
  });

  it('has nothing to schedule when the connection cannot renew itself', () => {
    expect(
      nextRefreshAt(
        { accessTokenExpiresAt: HOUR, canRenew: false, slidingWindow: false },
        { leadMs: 1, jitterMs: 1 },
      ),
    ).toBeUndefined();
  });
});

describe('retryDelayMs', () => {
  it('backs off exponentially and honours Retry-After', () => {
    expect(retryDelayMs(1, undefined, () => 1)).toBe(5_000);
    expect(retryDelayMs(3, undefined, () => 1)).toBe(20_000);
    expect(retryDelayMs(1, 120, () => 1)).toBe(120_000);
    expect(retryDelayMs(50, undefined, () => 1)).toBe(30 * 60_000);
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
  });
});
