import { toErrorData, type AppErrorData } from '../../shared/errors';
import type { ProviderDefinition } from '../../shared/providers/provider-schema';
import { callProtectedResource, classifyBearerFailure } from '../oauth/bearer-challenge';
import type { HttpOptions } from '../oauth/http';
import type { Clock, ConnectionRecord, MetadataStore } from '../ports';
import type { ProviderRegistry } from '../providers/provider-registry';
import { ConcurrencyLimit } from './concurrency-limit';
import type { ConnectionEndpoints } from './connection-endpoints';
import type { HistoryLog } from './history-log';
import { joinApiUrl } from './test-call';
import { realTimers, type TokenKeeper, type Timers } from './token-keeper';

export type CheckOutcome = 'works' | 'renewed' | 'rejected' | 'unreachable' | 'skipped';

/**
 * The vendor refused the access token (401 invalid_token). Renew it — a renewal the vendor refuses
 * too moves the state at once — or, with nothing to renew with, the connection needs reconnecting.
 */
export async function afterTokenRejected(
  keeper: TokenKeeper,
  record: ConnectionRecord,
): Promise<'renewed' | 'too-soon' | AppErrorData> {
  if (!keeper.canRenew(record)) {
    keeper.markRejected(record.id, 'the API answered 401 invalid_token');
    return { code: 'INVALID_TOKEN', message: 'The provider refused the access token.' };
  }
  try {
    // The vendor's own refusal, like a test call's 401: renewed at once, whatever the floor says.
    return (await keeper.refresh(record.id, 'api-401')) === 'refreshed' ? 'renewed' : 'too-soon';
  } catch (error) {
    return toErrorData(error);
  }
}

/** The vendor's first documented read-only call the granted scopes allow, if any. */
export function livenessCall(provider: ProviderDefinition, record: ConnectionRecord) {
  const granted = new Set(record.grantedScopes);
  return provider.testCalls.find((call) => call.method === 'GET' && (!call.scope || granted.has(call.scope)));
}

export interface LivenessDeps {
  store: MetadataStore;
  providers: ProviderRegistry;
  endpoints: ConnectionEndpoints;
  keeper: TokenKeeper;
  history: HistoryLog;
  now: Clock;
  http?: HttpOptions;
  timers?: Timers;
  /** Checks at once (default 4) and the least time between two starts (default 200 ms). */
  maxConcurrent?: number;
  minSpacingMs?: number;
  /** A connection with no activity for this long is checked in the background (default 12 h). */
  idleAfterMs?: number;
  /** How often the background pass looks for idle connections (default 1 h). */
  passEveryMs?: number;
}

/**
 * Asks the vendor whether it still accepts a connection, so a grant revoked at the vendor shows
 * within hours instead of at the next refresh: the documented test call when there is one (a GET,
 * cheaper than a token request and it proves the token), else a refresh. Bounded in concurrency and
 * rate; runs for idle connections in the background and for all on "Check all now".
 */
export class LivenessChecker {
  private readonly limit: ConcurrencyLimit;
  private readonly timers: Timers;
  private readonly lastChecked = new Map<string, number>();
  private nextStartAt = 0;
  private passTimer: unknown;

  constructor(private readonly deps: LivenessDeps) {
    this.limit = new ConcurrencyLimit(deps.maxConcurrent ?? 4);
    this.timers = deps.timers ?? realTimers;
  }

  async check(connectionId: string): Promise<CheckOutcome> {
    return this.limit.run(async () => {
      await this.spaceOut();
      return this.checkNow(connectionId);
    });
  }

  async checkAll(): Promise<Record<CheckOutcome, number>> {
    const counts: Record<CheckOutcome, number> = {
      works: 0,
      renewed: 0,
      rejected: 0,
      unreachable: 0,
      skipped: 0,
    };
    const ids = this.deps.store.listConnections().map((record) => record.id);
    const outcomes = await Promise.all(ids.map((id) => this.check(id).catch(() => 'unreachable' as const)));
    for (const outcome of outcomes) counts[outcome] += 1;
    return counts;
  }

  /** Background passes over idle connections, one timer for all. */
  start(): void {
    this.stop();
    const pass = () => {
      this.passTimer = this.timers.setTimeout(pass, this.deps.passEveryMs ?? 3600_000);
      void this.checkIdle();
    };
    this.passTimer = this.timers.setTimeout(pass, this.deps.passEveryMs ?? 3600_000);
  }

  stop(): void {
    if (this.passTimer !== undefined) this.timers.clearTimeout(this.passTimer);
    this.passTimer = undefined;
  }

  async checkIdle(): Promise<number> {
    const now = this.deps.now();
    const idleAfter = this.deps.idleAfterMs ?? 12 * 3600_000;
    const idle = this.deps.store
      .listConnections()
      .filter((record) => record.state === 'connected')
      .filter((record) => {
        const active = Math.max(
          record.lastTokenResponse?.at ?? 0,
          record.lastRefreshAt ?? 0,
          this.lastChecked.get(record.id) ?? 0,
        );
        return now - active >= idleAfter;
      });
    await Promise.all(idle.map((record) => this.check(record.id).catch(() => undefined)));
    return idle.length;
  }

  private async spaceOut(): Promise<void> {
    const spacing = this.deps.minSpacingMs ?? 200;
    const now = Date.now();
    const startAt = Math.max(now, this.nextStartAt);
    this.nextStartAt = startAt + spacing;
    if (startAt > now) await new Promise<void>((resolve) => this.timers.setTimeout(resolve, startAt - now));
  }

  private async checkNow(connectionId: string): Promise<CheckOutcome> {
    const record = this.deps.store.getConnection(connectionId);
    if (!record || record.state !== 'connected') return 'skipped';
    this.lastChecked.set(connectionId, this.deps.now());
    let provider;
    try {
      provider = this.deps.providers.get(record.providerId);
    } catch {
      return 'skipped';
    }
    const call = livenessCall(provider, record);
    const base = this.deps.endpoints.apiBaseOf(record);
    if (!call || !base) {
      if (!this.deps.keeper.canRenew(record)) return 'skipped';
      try {
        return (await this.deps.keeper.refresh(connectionId, 'check')) === 'refreshed' ? 'renewed' : 'works';
      } catch (error) {
        return toErrorData(error).code === 'INVALID_GRANT' ? 'rejected' : 'unreachable';
      }
    }
    try {
      const token = await this.deps.keeper.accessToken(connectionId);
      const response = await callProtectedResource(token, 'GET', joinApiUrl(base, call.path), {
        ...this.deps.http,
        destinations: this.deps.endpoints.destinationsOf(record),
      });
      if (
        response.status === 401 &&
        (await classifyBearerFailure(response.clone(), provider.errorEnvelope, [token]))?.refreshAndRetry
      ) {
        const after = await afterTokenRejected(this.deps.keeper, record);
        return after === 'renewed' ? 'renewed' : after === 'too-soon' ? 'unreachable' : 'rejected';
      }
      await response.body?.cancel();
      if (response.status >= 200 && response.status < 300) {
        this.deps.history.write(connectionId, {
          kind: 'checked',
          summary: `The provider answered ${response.status}; the connection works.`,
          data: { status: response.status, call: call.id },
        });
        return 'works';
      }
      return 'unreachable';
    } catch (error) {
      const data = toErrorData(error);
      return data.code === 'NEEDS_REAUTHORIZATION' || data.code === 'INVALID_GRANT'
        ? 'rejected'
        : 'unreachable';
    }
  }
}
