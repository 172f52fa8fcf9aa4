import { AppError, toErrorData, type AppErrorData } from '../../shared/errors';
import { renewalKind } from '../../shared/renewal';
import type { HistoryEvent } from '../../shared/models';
import {
  clientCredentialsGrant,
  passwordGrant,
  refreshTokenGrant,
  type TokenEndpointConfig,
} from '../oauth/token-request';
import { withheldSecrets, type TokenSet } from '../oauth/token-response';
import type { Clock, ConnectionRecord, ConnectionSecrets, MetadataStore, SecretStore } from '../ports';
import type { SecretRegistry } from '../security/redact';
import { applyTokens, type AppliedTokens } from './apply-tokens';
import type { ConnectionEndpoints } from './connection-endpoints';
import type { HistoryLog } from './history-log';
import { afterRefreshFailure, refreshFailureOutcome, type RefreshFailureOutcome } from './refresh-failure';
import { isShortLifetime, minGapMs, REFRESH_RULES, tooSoonToRefresh } from './refresh-policy';
import { SingleFlight } from './single-flight';

export type RefreshReason = 'manual' | 'scheduled' | 'expired' | 'api-401' | 'keep-alive' | 'check';

/** What a refresh did: renewed the pair, or nothing because the floor says it is too soon. */
export type RefreshResult = 'refreshed' | 'too-soon';

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    // A pending timer must not keep a test process or a closing app alive.
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface TokenKeeperDeps {
  store: MetadataStore;
  vault: SecretStore;
  endpoints: ConnectionEndpoints;
  history: HistoryLog;
  secrets: SecretRegistry;
  now: Clock;
  timers?: Timers;
  /** How often unsaved pairs are written again while any wait (default 10 s). */
  flushIntervalMs?: number;
  /** A new pair is in the vault and the record saved: the one moment the next refresh is planned. */
  onSaved: (connectionId: string) => void;
  /** A renewal failed; `retry` outcomes are the scheduler's to try again. */
  onFailed: (connectionId: string, error: AppErrorData, outcome: RefreshFailureOutcome) => void;
  /** Something a person may see changed (a refresh started or ended); announces only. */
  onActivity: (connectionId: string, urgent?: boolean) => void;
  onNeedsReauthorization?: (record: ConnectionRecord) => void;
}

/**
 * Owns a connection's tokens once it exists: hands out a valid access token, renews it, and never
 * loses a pair. The rules, in order:
 * - one refresh in flight per connection, whoever asks (single-use refresh tokens die if sent twice);
 * - no automatic refresh sooner than the floor after the last one (refresh-policy.ts);
 * - the new pair is written to the vault before anything uses it, in one write; if that write
 *   fails, the pair is kept in memory, used, and written again on a timer and on stop;
 * - invalid_grant re-reads the vault once (another instance may have rotated the token), then the
 *   connection needs re-authorization and is never retried;
 * - stopping waits (bounded) for refreshes in flight so that a rotated token reaches the vault;
 * - errors change a connection's state, never delete it.
 */
export class TokenKeeper {
  private readonly flights = new SingleFlight<RefreshResult>();
  private readonly refreshing = new Set<string>();
  /** Token pairs whose vault write failed, kept until a write succeeds. */
  private readonly unsaved = new Map<string, ConnectionSecrets>();
  /** Refreshes in a row that came back with a lifetime too short for the floor. */
  private readonly shortStreaks = new Map<string, number>();
  private readonly timers: Timers;
  private flushTimer: unknown;
  private stopping = false;

  constructor(private readonly deps: TokenKeeperDeps) {
    this.timers = deps.timers ?? realTimers;
  }

  isRefreshing(connectionId: string): boolean {
    return this.refreshing.has(connectionId);
  }

  canRenew(record: ConnectionRecord): boolean {
    return renewalKind(record) !== 'none';
  }

  shortLifetimeStreak(connectionId: string): number {
    return this.shortStreaks.get(connectionId) ?? 0;
  }

  /** The connection's secrets: an unsaved pair first (it is newer), then the vault. */
  async secretsOf(connectionId: string): Promise<ConnectionSecrets | undefined> {
    const secrets =
      this.unsaved.get(connectionId) ?? (await this.deps.vault.getConnectionSecrets(connectionId));
    if (secrets) this.deps.secrets.add(secrets.accessToken, secrets.refreshToken, secrets.password);
    return secrets;
  }

  /** A valid access token, renewed first when it has expired or is about to. */
  async accessToken(connectionId: string): Promise<string> {
    const record = this.deps.endpoints.record(connectionId);
    assertUsable(record);
    const expiresSoon =
      record.accessTokenExpiresAt !== undefined &&
      record.accessTokenExpiresAt <= this.deps.now() + REFRESH_RULES.useMarginMs;
    if (expiresSoon && this.canRenew(record)) await this.refresh(connectionId, 'expired');
    const secrets = await this.secretsOf(connectionId);
    if (!secrets) throw this.missingSecrets(connectionId);
    return secrets.accessToken;
  }

  /**
   * Renew once, however many callers ask at the same moment. Automatic reasons respect the floor
   * (`too-soon`); a person's "Refresh now" does not, but one that cannot renew changes nothing.
   */
  refresh(connectionId: string, reason: RefreshReason): Promise<RefreshResult> {
    return this.flights.run(connectionId, () => this.refreshNow(connectionId, reason));
  }

  /**
   * Store a token pair and its record, then plan the next refresh. Used by connect (strict: a failed
   * vault write fails the connect) and by refresh (a failed write keeps the pair in memory).
   */
  async save(
    applied: AppliedTokens,
    line: Omit<HistoryEvent, 'at'>,
    options: { keepUnsavedInMemory: boolean },
  ): Promise<void> {
    const connectionId = applied.record.id;
    if (options.keepUnsavedInMemory) await this.persistOrKeep(connectionId, applied.secrets);
    else await this.deps.vault.putConnectionSecrets(connectionId, applied.secrets);
    this.deps.store.saveConnection(applied.record);
    this.deps.history.write(connectionId, line);
    for (const event of applied.events) this.deps.history.write(connectionId, event);
    this.noteLifetime(applied.record);
    this.deps.onSaved(connectionId);
  }

  private async refreshNow(connectionId: string, reason: RefreshReason): Promise<RefreshResult> {
    const record = this.deps.endpoints.record(connectionId);
    assertUsable(record);
    // The floor binds what the app starts by itself. A person's "Refresh now" and the one retry
    // after an API's 401 invalid_token are bounded by what people do, not by a timer.
    const automatic = reason !== 'manual' && reason !== 'api-401';
    if (automatic && this.stopping) return 'too-soon';
    if (
      automatic &&
      tooSoonToRefresh(lastPairAt(record), this.deps.now(), this.shortLifetimeStreak(connectionId))
    )
      return 'too-soon';
    if (!this.canRenew(record)) {
      // Nothing to renew with: say so and keep the working access token and the state as they are.
      throw new AppError({
        code: 'CANNOT_RENEW',
        message:
          'This connection cannot renew itself. Its access token keeps working until it expires; reconnect before then.',
        detail: 'no refresh token, no client credentials grant, no kept password',
      });
    }
    this.refreshing.add(connectionId);
    this.deps.onActivity(connectionId);
    try {
      // Read the secrets only now, inside the single flight: an earlier refresh may have rotated them.
      const secrets = await this.secretsOf(connectionId);
      if (!secrets) throw this.missingSecrets(connectionId);
      const config = await this.deps.endpoints.tokenConfig(record);
      const { tokens, used } = await this.renewOnce(config, record, secrets, connectionId);
      this.deps.secrets.add(
        tokens.accessToken,
        tokens.refreshToken,
        ...withheldSecrets(tokens, config.params),
      );
      const now = this.deps.now();
      const applied = applyTokens(
        config.provider,
        { ...this.deps.endpoints.record(connectionId), lastRefreshAt: now },
        used,
        tokens,
        { now },
      );
      await this.save(
        applied,
        {
          kind: 'refreshed',
          summary: tokens.refreshToken
            ? 'Tokens renewed; the provider sent a new refresh token.'
            : 'Access token renewed.',
          data: {
            reason,
            rotated: Boolean(tokens.refreshToken && tokens.refreshToken !== used.refreshToken),
          },
        },
        { keepUnsavedInMemory: true },
      );
      return 'refreshed';
    } catch (error) {
      this.recordFailure(connectionId, toErrorData(error));
      throw error;
    } finally {
      this.refreshing.delete(connectionId);
      this.deps.onActivity(connectionId);
    }
  }

  /** One renewal; on invalid_grant, once more with a refresh token another instance may have rotated. */
  private async renewOnce(
    config: TokenEndpointConfig,
    record: ConnectionRecord,
    secrets: ConnectionSecrets,
    connectionId: string,
  ): Promise<{ tokens: TokenSet; used: ConnectionSecrets }> {
    try {
      return { tokens: await renew(config, record, secrets), used: secrets };
    } catch (error) {
      if (
        !(error instanceof AppError) ||
        error.code !== 'INVALID_GRANT' ||
        secrets.refreshToken === undefined
      )
        throw error;
      await this.deps.vault.reload();
      const reread = await this.secretsOf(connectionId);
      if (!reread?.refreshToken || reread.refreshToken === secrets.refreshToken) throw error;
      return { tokens: await renew(config, record, reread), used: reread };
    }
  }

  private recordFailure(connectionId: string, error: AppErrorData): void {
    const record = this.deps.store.getConnection(connectionId);
    if (!record || error.code === 'CANNOT_RENEW') return;
    // A locked keychain is not the vendor's answer: nothing is written (the vault and the records
    // stay as they were), and the scheduler tries again later. Missing secrets were recorded already.
    if (error.code === 'KEYCHAIN_UNAVAILABLE' || error.code === 'SECRET_NOT_FOUND') {
      this.deps.onFailed(connectionId, error, refreshFailureOutcome(error));
      return;
    }
    const after = afterRefreshFailure(record, error);
    this.deps.store.saveConnection(after.record);
    this.deps.history.write(connectionId, after.event);
    if (after.outcome === 'needs_reauthorization') this.deps.onNeedsReauthorization?.(after.record);
    this.deps.onFailed(connectionId, error, after.outcome);
  }

  /** A lifetime too short for the floor: say so once per step of the widening gap. */
  private noteLifetime(record: ConnectionRecord): void {
    const receivedAt = record.lastTokenResponse?.at;
    if (record.accessTokenExpiresAt === undefined || receivedAt === undefined) return;
    const lifetime = record.accessTokenExpiresAt - receivedAt;
    if (!isShortLifetime(lifetime)) {
      this.shortStreaks.delete(record.id);
      return;
    }
    const streak = this.shortLifetimeStreak(record.id) + 1;
    this.shortStreaks.set(record.id, streak);
    if (minGapMs(streak) !== minGapMs(streak - 1) || streak === 1) {
      this.deps.history.write(record.id, {
        kind: 'warning',
        summary: `The provider's access tokens last only ${Math.round(lifetime / 1000)} s; POS Connect renews them at most every ${minGapMs(streak) / 1000} s.`,
        data: { lifetimeSeconds: Math.round(lifetime / 1000), minimumGapSeconds: minGapMs(streak) / 1000 },
      });
    }
  }

  // ---- pairs that could not be saved yet ------------------------------------------------------

  private async persistOrKeep(connectionId: string, secrets: ConnectionSecrets): Promise<void> {
    this.unsaved.set(connectionId, secrets);
    try {
      await this.deps.vault.putConnectionSecrets(connectionId, secrets);
      if (this.unsaved.get(connectionId) === secrets) this.unsaved.delete(connectionId);
    } catch (error) {
      this.deps.history.write(connectionId, {
        kind: 'error',
        summary: 'The new tokens could not be saved yet; POS Connect keeps them and tries again.',
        error: toErrorData(error),
      });
      this.armFlush();
    }
  }

  private armFlush(): void {
    if (this.flushTimer !== undefined || this.stopping) return;
    this.flushTimer = this.timers.setTimeout(() => {
      this.flushTimer = undefined;
      void this.flushUnsaved().then((left) => {
        if (left > 0) this.armFlush();
      });
    }, this.deps.flushIntervalMs ?? 10_000);
  }

  /** Write pending pairs again; returns how many are still pending. */
  async flushUnsaved(): Promise<number> {
    for (const [connectionId, secrets] of [...this.unsaved]) {
      try {
        await this.deps.vault.putConnectionSecrets(connectionId, secrets);
        if (this.unsaved.get(connectionId) === secrets) this.unsaved.delete(connectionId);
      } catch {
        // Still failing: kept for the next attempt.
      }
    }
    return this.unsaved.size;
  }

  pendingWrites(): number {
    return this.unsaved.size;
  }

  /** Forget a connection that was deleted (its pending pair goes with it). */
  forget(connectionId: string): void {
    this.unsaved.delete(connectionId);
    this.shortStreaks.delete(connectionId);
  }

  /**
   * Stop renewing: no new automatic refresh starts; refreshes in flight get up to `timeoutMs` to
   * finish and save their pairs; then pending pairs are written once more.
   */
  async stop(timeoutMs = 5_000): Promise<{ unfinished: number; unsaved: number }> {
    this.stopping = true;
    if (this.flushTimer !== undefined) this.timers.clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const inFlight = this.flights.running().map((flight) =>
      flight.then(
        () => true,
        () => true,
      ),
    );
    let unfinished = 0;
    if (inFlight.length > 0) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const deadline = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      const settled = await Promise.all(inFlight.map((flight) => Promise.race([flight, deadline])));
      clearTimeout(timer);
      unfinished = settled.filter((done) => !done).length;
    }
    return { unfinished, unsaved: await this.flushUnsaved() };
  }

  /** The vendor refused the access token and there is nothing to renew it with: reconnect. */
  markRejected(connectionId: string, detail: string): void {
    const record = this.deps.store.getConnection(connectionId);
    if (!record || record.state === 'needs_reauthorization') return;
    const error: AppErrorData = {
      code: 'NEEDS_REAUTHORIZATION',
      message: 'The provider no longer accepts this connection. Reconnect to continue.',
      detail,
    };
    const after = afterRefreshFailure(record, error);
    this.deps.store.saveConnection(after.record);
    this.deps.history.write(connectionId, after.event);
    this.deps.onNeedsReauthorization?.(after.record);
    this.deps.onFailed(connectionId, error, after.outcome);
    this.deps.onActivity(connectionId, true);
  }

  // ---- secrets gone ---------------------------------------------------------------------------

  missingSecrets(connectionId: string): AppError {
    const error = new AppError({
      code: 'SECRET_NOT_FOUND',
      message: 'The saved sign-in for this connection is missing. Reconnect to sign in again.',
      detail: `no vault entry for connection ${connectionId}`,
    });
    // Without its secrets (a vault kept aside as corrupt) the connection can only be reconnected.
    const record = this.deps.store.getConnection(connectionId);
    if (record && record.state !== 'needs_reauthorization') {
      this.deps.store.saveConnection({
        ...record,
        state: 'needs_reauthorization',
        stateReason: error.toData(),
      });
      this.deps.history.write(connectionId, {
        kind: 'needs_reauthorization',
        summary: 'The saved sign-in is missing. Reconnect to continue.',
        error: error.toData(),
      });
      this.deps.onActivity(connectionId, true);
    }
    return error;
  }
}

function renew(
  config: TokenEndpointConfig,
  record: ConnectionRecord,
  secrets: ConnectionSecrets,
): Promise<TokenSet> {
  if (secrets.refreshToken) {
    return refreshTokenGrant(
      config,
      secrets.refreshToken,
      config.provider.tokenRequest.scopeOnRefresh ? record.requestedScopes : undefined,
    );
  }
  if (record.grant === 'client_credentials') return clientCredentialsGrant(config, record.requestedScopes);
  if (record.keepsPassword && secrets.password && record.params.username) {
    return passwordGrant(config, record.params.username, secrets.password, record.requestedScopes);
  }
  return Promise.reject(
    new AppError({
      code: 'NEEDS_REAUTHORIZATION',
      message: 'This connection cannot renew itself. Reconnect to sign in again.',
      detail: 'the kept password or refresh token is missing',
    }),
  );
}

/** When the connection's current pair was received: the floor between refreshes counts from it. */
export function lastPairAt(record: ConnectionRecord): number | undefined {
  return record.lastTokenResponse?.at ?? record.lastRefreshAt;
}

export function assertUsable(record: ConnectionRecord): void {
  if (record.state === 'needs_reauthorization') {
    throw new AppError({
      code: 'NEEDS_REAUTHORIZATION',
      message: 'This connection needs you to sign in again. Choose Reconnect.',
      detail: record.stateReason
        ? `${record.stateReason.code}: ${record.stateReason.detail ?? ''}`
        : 'needs re-authorization',
    });
  }
}
