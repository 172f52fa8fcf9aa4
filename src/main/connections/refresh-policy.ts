/**
 * When to refresh, and when to try again after a failure: the one place that decides, as pure
 * functions of times in epoch ms. It has a floor and ceilings so that no vendor answer and no
 * setting can make a connection refresh in a loop:
 * - the lead before expiry is at most a fraction of the token's lifetime;
 * - two automatic refreshes of one connection are at least `minGapMs` apart, more after repeated
 *   short lifetimes;
 * - lifetimes (`expires_in`), dates and `Retry-After` are clamped to sane ranges;
 * - no timer is armed beyond what Node's timers can hold.
 */

export const REFRESH_RULES = {
  /** The floor: two automatic refreshes of one connection are never closer than this. */
  minGapMs: 30_000,
  /** After repeated short lifetimes the gap doubles, up to this. */
  maxGapMs: 15 * 60_000,
  /** The lead before expiry is at most this fraction of the token's lifetime. */
  maxLeadFraction: 0.5,
  /** Jitter is at most this fraction of the lifetime, so it never eats the lead's margin. */
  maxJitterFraction: 0.1,
  /** A token used this close to its expiry is refreshed first. */
  useMarginMs: 30_000,
  /** Retry-After beyond this is not waited for: the app tries again within the hour. */
  maxRetryAfterMs: 3600_000,
  maxBackoffMs: 30 * 60_000,
  /** Lifetimes a vendor may announce; beyond them the value is clamped and the history says so. */
  minLifetimeSeconds: 1,
  maxLifetimeSeconds: 400 * 24 * 3600,
} as const;

/** Node's timers overflow past 2^31-1 ms (about 24.8 days); longer waits are re-armed. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Epoch ms the app accepts as a date (year 2000 to 2200); anything else is nonsense. */
const EARLIEST_DATE = Date.UTC(2000, 0, 1);
const LATEST_DATE = Date.UTC(2200, 0, 1);

export function isSaneDate(ms: number | undefined): ms is number {
  return typeof ms === 'number' && Number.isFinite(ms) && ms >= EARLIEST_DATE && ms <= LATEST_DATE;
}

/** A lifetime in seconds as the app will use it, and whether the vendor's value had to be changed. */
export function clampLifetimeSeconds(seconds: number): { seconds: number; clamped: boolean } {
  if (!Number.isFinite(seconds) || seconds < REFRESH_RULES.minLifetimeSeconds) {
    return { seconds: REFRESH_RULES.minLifetimeSeconds, clamped: true };
  }
  if (seconds > REFRESH_RULES.maxLifetimeSeconds) {
    return { seconds: REFRESH_RULES.maxLifetimeSeconds, clamped: true };
  }
  return { seconds, clamped: false };
}

export interface RefreshTiming {
  accessTokenExpiresAt?: number;
  /** When the current access token was received: with its expiry, its lifetime. */
  accessTokenReceivedAt?: number;
  refreshTokenExpiresAt?: number;
  /** The refresh token's lifetime is a window that each use renews (Taptouch). */
  slidingWindow: boolean;
  /** A refresh token, client credentials, or a password kept for unattended renewal. */
  canRenew: boolean;
  /** When the last refresh of this connection happened (epoch ms). */
  lastRefreshAt?: number;
  /** How many refreshes in a row answered with a lifetime shorter than twice the floor. */
  shortLifetimeStreak?: number;
}

export interface RefreshPolicyOptions {
  leadMs: number;
  /** Up to this much earlier, at random, so many connections do not refresh in the same second. */
  jitterMs: number;
  random?: () => number;
}

/** The minimum gap before the next automatic refresh, doubling with each short lifetime in a row. */
export function minGapMs(shortLifetimeStreak = 0): number {
  const doublings = Math.max(0, Math.min(10, shortLifetimeStreak - 1));
  return Math.min(REFRESH_RULES.maxGapMs, REFRESH_RULES.minGapMs * 2 ** doublings);
}

/** Whether a token's lifetime is too short for the lead and the floor to work as configured. */
export function isShortLifetime(lifetimeMs: number): boolean {
  return lifetimeMs < 2 * REFRESH_RULES.minGapMs;
}

/**
 * The moment to refresh: `lead` (plus jitter) before the access token expires, or before a sliding
 * refresh window closes — whichever comes first — but never sooner than the floor after the last
 * refresh. Undefined when there is nothing to do.
 */
export function nextRefreshAt(timing: RefreshTiming, options: RefreshPolicyOptions): number | undefined {
  if (!timing.canRenew) return undefined;
  const random = options.random ?? Math.random;
  const candidates: number[] = [];
  const expiresAt = isSaneDate(timing.accessTokenExpiresAt) ? timing.accessTokenExpiresAt : undefined;
  if (expiresAt !== undefined) {
    const receivedAt = isSaneDate(timing.accessTokenReceivedAt) ? timing.accessTokenReceivedAt : undefined;
    const lifetime = receivedAt !== undefined ? Math.max(0, expiresAt - receivedAt) : undefined;
    const lead =
      lifetime !== undefined
        ? Math.min(options.leadMs, lifetime * REFRESH_RULES.maxLeadFraction)
        : options.leadMs;
    const jitterCap =
      lifetime !== undefined
        ? Math.min(options.jitterMs, lifetime * REFRESH_RULES.maxJitterFraction)
        : options.jitterMs;
    candidates.push(expiresAt - lead - Math.floor(random() * jitterCap));
  }
  const windowClosesAt = isSaneDate(timing.refreshTokenExpiresAt) ? timing.refreshTokenExpiresAt : undefined;
  if (timing.slidingWindow && windowClosesAt !== undefined) {
    // Keep the window open with a wide margin: a day before it closes.
    const margin = Math.max(options.leadMs, 24 * 3600_000);
    candidates.push(windowClosesAt - margin - Math.floor(random() * options.jitterMs));
  }
  if (candidates.length === 0) return undefined;
  const wanted = Math.min(...candidates);
  const floor = isSaneDate(timing.lastRefreshAt)
    ? timing.lastRefreshAt + minGapMs(timing.shortLifetimeStreak)
    : -Infinity;
  return Math.max(wanted, floor);
}

/** Whether an automatic refresh now would break the floor. */
export function tooSoonToRefresh(
  lastRefreshAt: number | undefined,
  now: number,
  shortLifetimeStreak = 0,
): boolean {
  return isSaneDate(lastRefreshAt) && now - lastRefreshAt < minGapMs(shortLifetimeStreak);
}

/**
 * After a failure that may pass: exponential backoff with jitter, never sooner than the floor,
 * honouring Retry-After up to an hour.
 */
export function retryDelayMs(
  attempt: number,
  retryAfterSeconds?: number,
  random: () => number = Math.random,
): number {
  const base = Math.min(REFRESH_RULES.maxBackoffMs, REFRESH_RULES.minGapMs * 2 ** Math.max(0, attempt - 1));
  const backoff = Math.floor(base + random() * (base / 2));
  const retryAfter =
    retryAfterSeconds !== undefined && Number.isFinite(retryAfterSeconds) && retryAfterSeconds > 0
      ? Math.min(retryAfterSeconds * 1000, REFRESH_RULES.maxRetryAfterMs)
      : 0;
  return Math.max(REFRESH_RULES.minGapMs, backoff, retryAfter);
}

/** How long to wait before a timer's callback, within what Node's timers hold. */
export function timerDelayMs(at: number, now: number): number {
  return Math.min(MAX_TIMER_MS, Math.max(0, at - now));
}
