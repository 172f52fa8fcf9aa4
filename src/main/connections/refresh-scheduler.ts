import type { AppErrorData } from '../../shared/errors';
import type { Clock, ConnectionRecord, MetadataStore } from '../ports';
import type { ProviderRegistry } from '../providers/provider-registry';
import { ConcurrencyLimit } from './concurrency-limit';
import type { RefreshFailureOutcome } from './refresh-failure';
import { nextRefreshAt, retryDelayMs, timerDelayMs } from './refresh-policy';
import { lastPairAt, realTimers, type TokenKeeper, type Timers } from './token-keeper';

export interface SchedulerOptions {
  keeper: TokenKeeper;
  store: MetadataStore;
  providers: ProviderRegistry;
  now: Clock;
  timers?: Timers;
  jitterMs?: number;
  random?: () => number;
  /** Scheduled refreshes in flight at once (default 8). */
  maxConcurrent?: number;
  /** Once per connection and refresh token: its lifetime is about to run out. */
  onRefreshTokenLapsing?: (connectionId: string, expiresAt: number) => void;
}

/** One planned refresh: when, and for which token pair (a newer pair makes the plan stale). */
interface Plan {
  at: number;
  pairAt: number | undefined;
  handle: unknown;
  why: 'due' | 'retry';
}

/**
 * Runs the refresh policy with real timers. A connection is planned when the services start, after
 * each saved pair (the token keeper calls `schedule`), after a transient failure (`retryAfter`), when
 * the settings change and on resume from sleep. A timer that fires for a plan that is no longer
 * current (a newer pair was saved meanwhile, the connection needs reconnecting or is gone) does
 * nothing. It never retries a failure that needs a person.
 */
export class RefreshScheduler {
  private readonly timers: Timers;
  private readonly planned = new Map<string, Plan>();
  private readonly failures = new Map<string, number>();
  private readonly warned = new Set<string>();
  private stopped = true;
  readonly limit: ConcurrencyLimit;

  constructor(private readonly options: SchedulerOptions) {
    this.timers = options.timers ?? realTimers;
    this.limit = new ConcurrencyLimit(options.maxConcurrent ?? 8);
  }

  start(): void {
    this.stopped = false;
    for (const record of this.options.store.listConnections()) this.schedule(record.id, record);
  }

  stop(): void {
    this.stopped = true;
    for (const { handle } of this.planned.values()) this.timers.clearTimeout(handle);
    this.planned.clear();
  }

  /** Timers do not fire while the computer sleeps: plan everything again against the clock now. */
  catchUp(): void {
    if (this.stopped) return;
    this.start();
  }

  /** When the next refresh of a connection is planned (epoch ms), for diagnostics and tests. */
  plannedAt(connectionId: string): number | undefined {
    return this.planned.get(connectionId)?.at;
  }

  plannedCount(): number {
    return this.planned.size;
  }

  schedule(connectionId: string, known?: ConnectionRecord): void {
    this.cancel(connectionId);
    if (this.stopped) return;
    const record = known ?? this.options.store.getConnection(connectionId);
    if (!record || record.state !== 'connected') return;
    let provider;
    try {
      provider = this.options.providers.get(record.providerId);
    } catch {
      return;
    }
    const settings = this.options.store.getSettings();
    this.warnIfLapsing(
      connectionId,
      record.refreshTokenExpiresAt,
      settings.refreshTokenWarningHours * 3600_000,
    );
    const pairAt = lastPairAt(record);
    const at = nextRefreshAt(
      {
        ...(record.accessTokenExpiresAt !== undefined
          ? { accessTokenExpiresAt: record.accessTokenExpiresAt }
          : {}),
        ...(record.lastTokenResponse ? { accessTokenReceivedAt: record.lastTokenResponse.at } : {}),
        ...(record.refreshTokenExpiresAt !== undefined
          ? { refreshTokenExpiresAt: record.refreshTokenExpiresAt }
          : {}),
        ...(pairAt !== undefined ? { lastRefreshAt: pairAt } : {}),
        slidingWindow: provider.refreshToken.slidingWindow,
        canRenew: this.options.keeper.canRenew(record),
        shortLifetimeStreak: this.options.keeper.shortLifetimeStreak(connectionId),
      },
      {
        leadMs: settings.refreshLeadSeconds * 1000,
        jitterMs: this.options.jitterMs ?? 60_000,
        ...(this.options.random ? { random: this.options.random } : {}),
      },
    );
    if (at !== undefined) this.arm(connectionId, { at, pairAt, why: 'due' });
  }

  cancel(connectionId: string): void {
    const planned = this.planned.get(connectionId);
    if (planned) this.timers.clearTimeout(planned.handle);
    this.planned.delete(connectionId);
  }

  /** The token keeper reports every failed renewal here; only those that may pass are tried again. */
  afterFailure(connectionId: string, error: AppErrorData, outcome: RefreshFailureOutcome): void {
    if (outcome !== 'retry') {
      this.failures.delete(connectionId);
      this.cancel(connectionId);
      return;
    }
    if (this.stopped) return;
    const attempt = (this.failures.get(connectionId) ?? 0) + 1;
    this.failures.set(connectionId, attempt);
    const delay = retryDelayMs(attempt, error.retryAfterSeconds, this.options.random);
    const record = this.options.store.getConnection(connectionId);
    this.arm(connectionId, {
      at: this.options.now() + delay,
      pairAt: record ? lastPairAt(record) : undefined,
      why: 'retry',
    });
  }

  /** A saved pair ends a run of failures. */
  succeeded(connectionId: string): void {
    this.failures.delete(connectionId);
  }

  private arm(connectionId: string, plan: Omit<Plan, 'handle'>): void {
    this.cancel(connectionId);
    const handle = this.timers.setTimeout(
      () => this.wake(connectionId, plan),
      timerDelayMs(plan.at, this.options.now()),
    );
    this.planned.set(connectionId, { ...plan, handle });
  }

  private wake(connectionId: string, plan: Omit<Plan, 'handle'>): void {
    // Beyond Node's timer range, or woken early: arm again for the rest.
    if (plan.at - this.options.now() > 0) {
      this.arm(connectionId, plan);
      return;
    }
    void this.fire(connectionId, plan);
  }

  private async fire(connectionId: string, plan: Omit<Plan, 'handle'>): Promise<void> {
    this.planned.delete(connectionId);
    await this.limit
      .run(async () => {
        if (this.stopped || !this.isCurrent(connectionId, plan)) return;
        const result = await this.options.keeper.refresh(
          connectionId,
          plan.why === 'retry' ? 'keep-alive' : 'scheduled',
        );
        // Nothing was saved, so nothing planned the next one: plan it (the policy honours the floor).
        if (result === 'too-soon') this.schedule(connectionId);
      })
      // The keeper has recorded the failure and reported it through afterFailure.
      .catch(() => undefined);
  }

  /** Whether the plan still describes the connection: same pair, still connected, not re-planned. */
  private isCurrent(connectionId: string, plan: Omit<Plan, 'handle'>): boolean {
    if (this.planned.has(connectionId)) return false;
    const record = this.options.store.getConnection(connectionId);
    return record !== undefined && record.state === 'connected' && lastPairAt(record) === plan.pairAt;
  }

  private warnIfLapsing(connectionId: string, expiresAt: number | undefined, warningMs: number): void {
    if (expiresAt === undefined) return;
    const key = `${connectionId}:${expiresAt}`;
    if (expiresAt - this.options.now() < warningMs && !this.warned.has(key)) {
      this.warned.add(key);
      this.options.onRefreshTokenLapsing?.(connectionId, expiresAt);
    }
  }
}
