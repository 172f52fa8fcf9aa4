import type { AppErrorData } from '../../shared/errors';
import { toErrorData } from '../../shared/errors';
import type { ProviderRegistry } from '../providers/provider-registry';
import { ConcurrencyLimit } from './concurrency-limit';
import { isTransient, type ConnectionService } from './connection-service';
import { MAX_TIMER_MS, nextRefreshAt, retryDelayMs } from './refresh-policy';
import type { Clock, ConnectionRecord, MetadataStore } from './types';

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    // A pending refresh must not keep a test process or a closing app alive.
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface SchedulerOptions {
  service: ConnectionService;
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

/**
 * Refreshes each connection shortly before its access token expires (with jitter, so a thousand
 * connections do not all refresh in the same second), keeps sliding refresh windows open (Taptouch)
 * while the app runs, backs off after transient failures honouring Retry-After, and warns before a
 * refresh token lapses. It never retries invalid_grant: the service has already marked the
 * connection as needing re-authorization by then.
 */
export class RefreshScheduler {
  private readonly timers: Timers;
  private readonly planned = new Map<string, { at: number; handle: unknown }>();
  private readonly failures = new Map<string, number>();
  private readonly warned = new Set<string>();
  private stopped = false;
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

  /** When the next refresh of a connection is planned (epoch ms), for tests and diagnostics. */
  plannedAt(connectionId: string): number | undefined {
    return this.planned.get(connectionId)?.at;
  }

  schedule(connectionId: string, known?: ConnectionRecord): void {
    this.cancel(connectionId);
    if (this.stopped) return;
    const record = known ?? this.options.store.getConnection(connectionId);
    if (!record || record.state === 'needs_reauthorization' || record.state === 'disconnected') return;
    const settings = this.options.store.getSettings();
    let provider;
    try {
      provider = this.options.providers.get(record.providerId);
    } catch {
      return;
    }
    this.warnIfLapsing(
      connectionId,
      record.refreshTokenExpiresAt,
      settings.refreshTokenWarningHours * 3600_000,
    );
    const at = nextRefreshAt(
      {
        ...(record.accessTokenExpiresAt !== undefined
          ? { accessTokenExpiresAt: record.accessTokenExpiresAt }
          : {}),
        ...(record.refreshTokenExpiresAt !== undefined
          ? { refreshTokenExpiresAt: record.refreshTokenExpiresAt }
          : {}),
        slidingWindow: provider.refreshToken.slidingWindow,
        canRenew: this.options.service.canRenew(record),
      },
      {
        leadMs: settings.refreshLeadSeconds * 1000,
        jitterMs: this.options.jitterMs ?? 60_000,
        ...(this.options.random ? { random: this.options.random } : {}),
      },
    );
    if (at !== undefined) this.arm(connectionId, at, 'scheduled');
  }

  cancel(connectionId: string): void {
    const planned = this.planned.get(connectionId);
    if (planned) this.timers.clearTimeout(planned.handle);
    this.planned.delete(connectionId);
  }

  /** Run every refresh that is due now (tests move the clock and call this instead of waiting). */
  async runDue(): Promise<void> {
    const now = this.options.now();
    const due = [...this.planned].filter(([, plan]) => plan.at <= now).map(([id]) => id);
    await Promise.all(due.map((id) => this.fire(id)));
  }

  private arm(connectionId: string, at: number, _why: string): void {
    const delay = Math.max(0, at - this.options.now());
    const handle = this.timers.setTimeout(
      () => {
        // Beyond Node's timer range: wake up, and arm again for the rest.
        if (at - this.options.now() > 0) this.arm(connectionId, at, 're-arm');
        else void this.fire(connectionId);
      },
      Math.min(delay, MAX_TIMER_MS),
    );
    this.planned.set(connectionId, { at, handle });
  }

  private async fire(connectionId: string): Promise<void> {
    this.cancel(connectionId);
    try {
      await this.limit.run(() => this.options.service.refresh(connectionId, 'scheduled'));
      this.failures.delete(connectionId);
      this.schedule(connectionId);
    } catch (error) {
      this.afterFailure(connectionId, toErrorData(error));
    }
  }

  private afterFailure(connectionId: string, error: AppErrorData): void {
    if (!isTransient(error) && error.code !== 'KEYCHAIN_UNAVAILABLE') return;
    const attempt = (this.failures.get(connectionId) ?? 0) + 1;
    this.failures.set(connectionId, attempt);
    const delay = retryDelayMs(attempt, error.retryAfterSeconds, this.options.random);
    this.arm(connectionId, this.options.now() + delay, 'retry');
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
