/**
 * When to refresh, and when to try again after a failure. Pure functions of times in epoch ms, so
 * the scheduler and the tests agree without waiting on real clocks.
 */

export interface RefreshTiming {
  accessTokenExpiresAt?: number;
  refreshTokenExpiresAt?: number;
  /** The refresh token's lifetime is a window that each use renews (Taptouch). */
  slidingWindow: boolean;
  /** A refresh token, client credentials, or a password kept for unattended renewal. */
  canRenew: boolean;
}

export interface RefreshPolicyOptions {
  leadMs: number;
  /** Up to this much earlier, at random, so many connections do not refresh in the same second. */
  jitterMs: number;
  random?: () => number;
}

/**
 * The moment to refresh: `lead` (plus jitter) before the access token expires, or before a
 * sliding refresh window closes — whichever comes first. Undefined when there is nothing to do.
 */
export function nextRefreshAt(timing: RefreshTiming, options: RefreshPolicyOptions): number | undefined {
  if (!timing.canRenew) return undefined;
  const jitter = Math.floor((options.random ?? Math.random)() * options.jitterMs);
  const candidates: number[] = [];
  if (timing.accessTokenExpiresAt !== undefined)
    candidates.push(timing.accessTokenExpiresAt - options.leadMs - jitter);
  if (timing.slidingWindow && timing.refreshTokenExpiresAt !== undefined) {
    // Keep the window open with a wide margin: a day before it closes, or half-way for short windows.
    const window = timing.refreshTokenExpiresAt;
    candidates.push(window - Math.max(options.leadMs, 24 * 3600_000) - jitter);
  }
  if (candidates.length === 0) return undefined;
  return Math.min(...candidates);
}

/** Exponential backoff with full jitter, and never sooner than the server's Retry-After. */
export function retryDelayMs(
  attempt: number,
  retryAfterSeconds?: number,
  random: () => number = Math.random,
): number {
  const base = Math.min(30 * 60_000, 5_000 * 2 ** Math.max(0, attempt - 1));
  const backoff = Math.floor(base / 2 + random() * (base / 2));
  return Math.max(backoff, (retryAfterSeconds ?? 0) * 1000);
}

/** Node's timers overflow past 2^31-1 ms (about 24.8 days); longer waits are re-armed. */
export const MAX_TIMER_MS = 2 ** 31 - 1;
