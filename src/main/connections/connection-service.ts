import { randomUUID } from 'node:crypto';
import { AppError, toErrorData, type AppErrorData } from '../../shared/errors';
import type {
  ConnectInput,
  ConnectProgress,
  ConnectStep,
  EnvironmentName,
  HistoryEvent,
} from '../../shared/models';
import type { ProviderDefinition } from '../../shared/providers/provider-schema';
import { authorize, type BrowserPort } from '../oauth/authorization-code';
import type { HttpOptions } from '../oauth/http';
import { revokeToken } from '../oauth/revoke';
import {
  clientCredentialsGrant,
  passwordGrant,
  refreshTokenGrant,
  scopeFor,
  type TokenEndpointConfig,
} from '../oauth/token-request';
import type { TokenSet } from '../oauth/token-response';
import type { ProviderRegistry } from '../providers/provider-registry';
import { destinationsOf, originChanges, originsOf, type SecretOrigins } from '../security/origin-binding';
import type { SecretRegistry } from '../security/redact';
import { applyTokens } from './apply-tokens';
import { SingleFlight } from './single-flight';
import type { Clock, ConnectionRecord, ConnectionSecrets, MetadataStore, SecretStore } from './types';

/** Errors after which trying again later may work; everything else needs a person. */
const TRANSIENT = new Set([
  'NETWORK',
  'TIMEOUT',
  'RATE_LIMITED',
  'SERVER_ERROR',
  'HTML_RESPONSE',
  'NOT_JSON',
  'RESPONSE_TOO_LARGE',
  'STORAGE_WRITE_FAILED',
]);

export function isTransient(error: AppErrorData): boolean {
  return TRANSIENT.has(error.code);
}

export interface ConnectionServiceDeps {
  store: MetadataStore;
  vault: SecretStore;
  providers: ProviderRegistry;
  browser: BrowserPort;
  secrets: SecretRegistry;
  environment: EnvironmentName;
  now: Clock;
  http?: HttpOptions;
  /** How long the browser step may take (default five minutes). */
  authorizationTimeoutMs?: number;
  /** `now`: a person is waiting for this change (connect, rename, disconnect); else it may be batched. */
  onChanged: (connectionId: string, now?: boolean) => void;
  onProgress: (progress: ConnectProgress) => void;
  onNeedsReauthorization?: (record: ConnectionRecord) => void;
}

export type RefreshReason = 'manual' | 'scheduled' | 'expired' | 'api-401' | 'keep-alive';

/**
 * Connections: create them with any grant the vendor supports, keep their tokens fresh, and never
 * lose one to an error. The rules that matter, in order:
 * - one refresh in flight per connection, whoever asks (single-use refresh tokens die if sent twice);
 * - the new token pair is written to the vault before anything else uses it, in one write;
 * - if that write fails, the pair is kept in memory and the write retried — never dropped;
 * - invalid_grant re-reads the vault once (another instance may have rotated the token), then
 *   marks the connection as needing re-authorization; it is never retried;
 * - errors change a connection's state, never delete it.
 */
export class ConnectionService {
  private readonly refreshes = new SingleFlight<void>();
  private readonly attempts = new Map<string, { abort: AbortController; authorizationUrl?: string }>();
  /** Token pairs whose vault write failed, kept until a write succeeds. */
  private readonly unsaved = new Map<string, ConnectionSecrets>();
  private readonly refreshing = new Set<string>();

  constructor(private readonly deps: ConnectionServiceDeps) {}

  // ---- reading -------------------------------------------------------------------------------

  record(connectionId: string): ConnectionRecord {
    const record = this.deps.store.getConnection(connectionId);
    if (!record) {
      throw new AppError({
        code: 'NOT_FOUND',
        message: 'This connection no longer exists.',
        detail: `connection ${connectionId}`,
      });
    }
    return record;
  }

  isRefreshing(connectionId: string): boolean {
    return this.refreshing.has(connectionId);
  }

  /** The connection's secrets: an unsaved pair first (it is newer), then the vault. */
  async secretsOf(connectionId: string): Promise<ConnectionSecrets | undefined> {
    const secrets =
      this.unsaved.get(connectionId) ?? (await this.deps.vault.getConnectionSecrets(connectionId));
    if (secrets) this.deps.secrets.add(secrets.accessToken, secrets.refreshToken, secrets.password);
    return secrets;
  }

  /** Where the connection's API calls go: announced by its tokens (PowerEPOS), else the provider's. */
  apiBaseOf(record: ConnectionRecord): string | undefined {
    if (record.apiBaseUrl) return record.apiBaseUrl;
    try {
      return this.endpointsOf(record).endpoints.apiBase;
    } catch {
      return undefined;
    }
  }

  /**
   * The connection's provider app and the endpoints in force for it (the sandbox's only for a
   * connection made in sandbox mode); reads no secret.
   */
  endpointsOf(
    record: Pick<ConnectionRecord, 'appId'> & Partial<Pick<ConnectionRecord, 'providerId' | 'environment'>>,
    provider?: ProviderDefinition,
  ) {
    const app = this.deps.store.getApp(record.appId);
    if (!app) {
      throw new AppError({
        code: 'NOT_FOUND',
        message:
          'The provider app of this connection was removed. Add it again in the settings, then reconnect.',
        detail: `app ${record.appId}`,
      });
    }
    if (record.providerId !== undefined && app.providerId !== record.providerId) {
      // The app now names another provider (an edited config.json): its secrets stay where they were.
      throw new AppError({
        code: 'ORIGIN_NOT_ALLOWED',
        message: `This connection was authorized with ${record.providerId}, but its provider app now belongs to ${app.providerId}. Reconnect with an app of ${record.providerId}.`,
        detail: `app ${app.id} provider ${app.providerId} != connection provider ${record.providerId}`,
        params: { host: app.providerId },
      });
    }
    const definition = provider ?? this.deps.providers.get(app.providerId);
    const environment = record.environment ?? this.deps.environment;
    return {
      app,
      provider: definition,
      endpoints: this.deps.providers.endpointsFor(definition, app, environment),
    };
  }

  /**
   * The origins the connection's secrets may reach. A record from before origin binding gets
   * them once, from the endpoints it uses now, and its history says so.
   */
  originsOf(record: ConnectionRecord): SecretOrigins {
    if (record.origins) return record.origins;
    const { endpoints } = this.endpointsOf(record);
    const origins = originsOf({
      ...endpoints,
      ...(record.apiBaseUrl ? { apiBase: record.apiBaseUrl } : {}),
    });
    this.deps.store.saveConnection({ ...record, origins });
    this.history(record.id, {
      kind: 'origins_bound',
      summary:
        'This connection was made before POS Connect recorded where its secrets may go; the addresses it uses now were recorded, and only these will receive its secrets.',
      data: { origins: destinationsOf(origins) },
    });
    return origins;
  }

  /** Every origin a request carrying this connection's secrets may go to (checked by oauth/http.ts). */
  destinationsOf(record: ConnectionRecord): string[] {
    return destinationsOf(this.originsOf(record));
  }

  /**
   * The token endpoint configuration of a connection. An existing connection (a record with an
   * id) is bound to its recorded origins; a new one to the endpoints it resolves now.
   */
  async tokenConfig(
    record: Pick<ConnectionRecord, 'appId' | 'params'> & Partial<ConnectionRecord>,
    provider?: ProviderDefinition,
  ): Promise<TokenEndpointConfig> {
    const { app, provider: definition, endpoints } = this.endpointsOf(record, provider);
    const bound = record.id !== undefined ? this.destinationsOf(record as ConnectionRecord) : undefined;
    const clientSecret = app.hasClientSecret ? await this.deps.vault.getAppSecret(app.id) : undefined;
    this.deps.secrets.add(clientSecret);
    return {
      provider: definition,
      endpoints,
      client: { clientId: app.clientId, ...(clientSecret ? { clientSecret } : {}) },
      params: { ...app.params, ...record.params },
      ...(this.deps.http ? { http: this.deps.http } : {}),
      ...(bound ? { destinations: bound } : {}),
    };
  }

  // ---- connecting ----------------------------------------------------------------------------

  async connect(input: ConnectInput): Promise<ConnectionRecord> {
    const progress = (step: ConnectStep, extra: Partial<ConnectProgress> = {}) =>
      this.deps.onProgress({ attemptId: input.attemptId, step, ...extra });
    const abort = new AbortController();
    const attempt: { abort: AbortController; authorizationUrl?: string } = { abort };
    this.attempts.set(input.attemptId, attempt);
    const existing = input.reconnectId ? this.record(input.reconnectId) : undefined;
    try {
      progress('starting');
      const app = this.deps.store.getApp(input.appId);
      if (!app)
        throw new AppError({
          code: 'NOT_FOUND',
          message: 'Choose a provider app first.',
          detail: `app ${input.appId}`,
        });
      if (existing && existing.providerId !== app.providerId) {
        throw new AppError({
          code: 'INVALID_INPUT',
          message: `This connection is with ${existing.providerId}. Reconnect it with a provider app of ${existing.providerId}.`,
          detail: `reconnect of a ${existing.providerId} connection with an app of ${app.providerId} refused`,
          params: { field: 'appId' },
        });
      }
      const provider = this.deps.providers.get(app.providerId);
      this.checkGrantAndScopes(provider, input);
      // Until the vendor accepts it, a typed password is only the request's own secret (and a
      // short wrong one must not become [redacted] everywhere).
      this.deps.secrets.addTyped(input.password);

      const params = { ...(existing?.params ?? {}), ...input.params };
      if (input.grant === 'password' && input.username) params.username = input.username;
      // A (re)connect is an authorization: it binds the connection to the endpoints in force now.
      const config = await this.tokenConfig(
        {
          appId: app.id,
          params,
          providerId: provider.id,
          environment: existing?.environment ?? this.deps.environment,
        },
        provider,
      );

      let tokens: TokenSet;
      if (input.grant === 'authorization_code') {
        const result = await authorize(config, {
          browser: this.deps.browser,
          scopes: input.scopes,
          ...(app.redirectPort !== undefined ? { port: app.redirectPort } : {}),
          ...(this.deps.authorizationTimeoutMs !== undefined
            ? { timeoutMs: this.deps.authorizationTimeoutMs }
            : {}),
          signal: abort.signal,
          onProgress: (event) => {
            if (event.step === 'waiting_for_browser') attempt.authorizationUrl = event.authorizationUrl;
            progress(event.step);
          },
        });
        tokens = result.tokens;
      } else if (input.grant === 'client_credentials') {
        progress('requesting_token');
        tokens = await clientCredentialsGrant(config, input.scopes);
      } else {
        const password = input.password ?? '';
        if (!input.username || password === '') {
          throw new AppError({
            code: 'INVALID_INPUT',
            message: 'Enter the account name and password.',
            params: { field: 'password' },
          });
        }
        progress('requesting_token');
        tokens = await passwordGrant(config, input.username, password, input.scopes);
      }
      this.deps.secrets.add(
        tokens.accessToken,
        tokens.refreshToken,
        input.password,
        ...tokens.withheldValues,
      );

      progress('storing');
      const now = this.deps.now();
      // What was really asked for: the chosen scopes plus required ones and the refresh scope.
      const requestedScopes = scopeFor(provider, input.grant, input.scopes)?.split(' ') ?? [];
      const base: ConnectionRecord = existing
        ? {
            ...existing,
            appId: app.id,
            grant: input.grant,
            requestedScopes,
            params,
            keepsPassword: Boolean(input.keepPassword && input.grant === 'password'),
          }
        : {
            id: randomUUID(),
            providerId: provider.id,
            appId: app.id,
            label: input.label.trim() || provider.name,
            grant: input.grant,
            environment: this.deps.environment,
            requestedScopes,
            grantedScopes: [],
            scopesSource: 'request',
            hasRefreshToken: false,
            createdAt: now,
            state: 'connected',
            lastRefreshFailed: false,
            params,
            keepsPassword: Boolean(input.keepPassword && input.grant === 'password'),
          };
      if (existing && input.label.trim()) base.label = input.label.trim();
      // A reconnect starts from the new grant's answer, not the old refresh token.
      delete base.origins;
      const applied = applyTokens(provider, { ...base, grantedScopes: [] }, undefined, tokens, {
        now,
        ...(base.keepsPassword && input.password ? { keepPassword: input.password } : {}),
      });
      const apiBase = applied.record.apiBaseUrl ?? config.endpoints.apiBase;
      applied.record.origins = originsOf({ ...config.endpoints, ...(apiBase ? { apiBase } : {}) });
      const moved = originChanges(existing?.origins, applied.record.origins);
      await this.deps.vault.putConnectionSecrets(applied.record.id, applied.secrets);
      this.deps.store.saveConnection(applied.record);
      this.history(applied.record.id, {
        kind: existing ? 'reconnected' : 'connected',
        summary: `${existing ? 'Reconnected' : 'Connected'} to ${provider.name} with the ${input.grant.replace('_', ' ')} grant.${moved.length > 0 ? ` Its secrets now go to new addresses (${moved.join('; ')}).` : ''}`,
        data: {
          grant: input.grant,
          requested: input.scopes,
          granted: applied.record.grantedScopes,
          origins: destinationsOf(applied.record.origins),
        },
      });
      applied.events.forEach((event) => this.deps.store.appendHistory(applied.record.id, event));
      this.deps.onChanged(applied.record.id, true);
      progress('done');
      return applied.record;
    } catch (error) {
      const data = toErrorData(error);
      progress(data.code === 'AUTHORIZATION_CANCELLED' ? 'cancelled' : 'failed', { error: data });
      if (existing)
        this.history(existing.id, { kind: 'error', summary: 'Reconnecting failed.', error: data });
      throw error;
    } finally {
      this.attempts.delete(input.attemptId);
    }
  }

  cancelConnect(attemptId: string): boolean {
    const attempt = this.attempts.get(attemptId);
    attempt?.abort.abort();
    return attempt !== undefined;
  }

  /** The sign-in page of a running attempt (it carries the state, so it stays in main). */
  authorizationUrlOf(attemptId: string): string {
    const url = this.attempts.get(attemptId)?.authorizationUrl;
    if (!url) {
      throw new AppError({
        code: 'NOT_FOUND',
        message: 'This sign-in has ended. Start connecting again.',
        detail: `attempt ${attemptId}`,
      });
    }
    return url;
  }

  private checkGrantAndScopes(provider: ProviderDefinition, input: ConnectInput): void {
    if (!provider.grants.includes(input.grant)) {
      throw new AppError({
        code: 'GRANT_NOT_SUPPORTED',
        message: `${provider.name} does not offer this way of connecting.`,
        detail: `grant ${input.grant} not in ${provider.grants.join(', ')}`,
        params: { grant: input.grant },
      });
    }
    if (provider.scopes.length === 0) return;
    for (const name of input.scopes) {
      const scope = provider.scopes.find((candidate) => candidate.name === name);
      if (!scope) {
        throw new AppError({
          code: 'INVALID_SCOPE',
          message: `${provider.name} does not know the scope "${name}".`,
          detail: `scope ${name}`,
          params: { scope: name },
        });
      }
      if (scope.grants && !scope.grants.includes(input.grant)) {
        throw new AppError({
          code: 'INVALID_SCOPE',
          message: `The scope "${name}" cannot be requested with this way of connecting.`,
          detail: `scope ${name} allows ${scope.grants.join(', ')}`,
          params: { scope: name },
        });
      }
    }
  }

  // ---- keeping it alive ----------------------------------------------------------------------

  /** A valid access token, refreshed first when it has expired (or is about to). */
  async accessToken(connectionId: string): Promise<string> {
    const record = this.record(connectionId);
    this.assertUsable(record);
    const soon = this.deps.now() + 30_000;
    if (
      record.accessTokenExpiresAt !== undefined &&
      record.accessTokenExpiresAt <= soon &&
      this.canRenew(record)
    ) {
      await this.refresh(connectionId, 'expired');
    }
    const secrets = await this.secretsOf(connectionId);
    if (!secrets) throw this.missingSecrets(connectionId);
    return secrets.accessToken;
  }

  canRenew(record: ConnectionRecord): boolean {
    return record.hasRefreshToken || record.grant === 'client_credentials' || record.keepsPassword;
  }

  /** Refresh once, however many callers ask at the same moment. */
  refresh(connectionId: string, reason: RefreshReason): Promise<void> {
    return this.refreshes.run(connectionId, () => this.refreshNow(connectionId, reason));
  }

  private async refreshNow(connectionId: string, reason: RefreshReason): Promise<void> {
    const record = this.record(connectionId);
    this.assertUsable(record);
    // Read the secrets only now, inside the single flight: an earlier refresh may have rotated them.
    const secrets = await this.secretsOf(connectionId);
    if (!secrets) throw this.missingSecrets(connectionId);
    const config = await this.tokenConfig(record);
    this.refreshing.add(connectionId);
    this.deps.onChanged(connectionId);
    try {
      let tokens: TokenSet;
      // The pair this refresh really used: the one the new tokens replace.
      let used = secrets;
      try {
        tokens = await this.renew(config, record, used);
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'INVALID_GRANT' || used.refreshToken === undefined)
          throw error;
        // Another POS Connect instance may have rotated the token: re-read the vault once.
        await this.deps.vault.reload();
        const reread = await this.secretsOf(connectionId);
        if (!reread?.refreshToken || reread.refreshToken === used.refreshToken) throw error;
        used = reread;
        tokens = await this.renew(config, record, used);
      }
      this.deps.secrets.add(tokens.accessToken, tokens.refreshToken, ...tokens.withheldValues);
      const now = this.deps.now();
      const applied = applyTokens(
        config.provider,
        { ...this.record(connectionId), lastRefreshAt: now },
        used,
        tokens,
        { now },
      );
      await this.persistSecrets(connectionId, applied.secrets);
      this.deps.store.saveConnection(applied.record);
      this.history(connectionId, {
        kind: 'refreshed',
        summary: tokens.refreshToken
          ? 'Tokens renewed; the provider sent a new refresh token.'
          : 'Access token renewed.',
        data: { reason, rotated: Boolean(tokens.refreshToken && tokens.refreshToken !== used.refreshToken) },
      });
      applied.events.forEach((event) => this.deps.store.appendHistory(connectionId, event));
    } catch (error) {
      this.recordRefreshFailure(connectionId, toErrorData(error));
      throw error;
    } finally {
      this.refreshing.delete(connectionId);
      this.deps.onChanged(connectionId);
    }
  }

  private renew(
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
        detail: 'no refresh token, no client credentials grant, no kept password',
      }),
    );
  }

  private recordRefreshFailure(connectionId: string, error: AppErrorData): void {
    const record = this.deps.store.getConnection(connectionId);
    if (!record) return;
    if (
      error.code === 'INVALID_GRANT' ||
      error.code === 'NEEDS_REAUTHORIZATION' ||
      error.code === 'SECRET_NOT_FOUND' ||
      // An endpoint now elsewhere than where the connection was authorized: only a reconnect moves it.
      error.code === 'ORIGIN_NOT_ALLOWED'
    ) {
      const next: ConnectionRecord = {
        ...record,
        state: 'needs_reauthorization',
        stateReason: error,
        lastRefreshFailed: true,
      };
      this.deps.store.saveConnection(next);
      this.history(connectionId, {
        kind: 'needs_reauthorization',
        summary: 'The provider no longer accepts this connection. Reconnect to continue.',
        error,
      });
      this.deps.onNeedsReauthorization?.(next);
    } else if (isTransient(error) || error.code === 'KEYCHAIN_UNAVAILABLE') {
      this.deps.store.saveConnection({ ...record, lastRefreshFailed: true });
      this.history(connectionId, {
        kind: 'refresh_failed',
        summary: 'Renewing the tokens failed; POS Connect will try again.',
        error,
      });
    } else {
      this.deps.store.saveConnection({
        ...record,
        state: 'failed',
        stateReason: error,
        lastRefreshFailed: true,
      });
      this.history(connectionId, { kind: 'refresh_failed', summary: 'Renewing the tokens failed.', error });
    }
  }

  /** Write the new pair; if the vault cannot take it now, keep it in memory and keep trying. */
  private async persistSecrets(connectionId: string, secrets: ConnectionSecrets): Promise<void> {
    this.unsaved.set(connectionId, secrets);
    try {
      await this.deps.vault.putConnectionSecrets(connectionId, secrets);
      if (this.unsaved.get(connectionId) === secrets) this.unsaved.delete(connectionId);
    } catch (error) {
      this.history(connectionId, {
        kind: 'error',
        summary: 'The new tokens could not be saved yet; POS Connect keeps them and tries again.',
        error: toErrorData(error),
      });
    }
  }

  /** Retry pending vault writes; returns how many are still pending. */
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

  // ---- other actions -------------------------------------------------------------------------

  rename(connectionId: string, label: string): ConnectionRecord {
    const record = { ...this.record(connectionId), label: label.trim() };
    this.deps.store.saveConnection(record);
    this.deps.onChanged(connectionId, true);
    return record;
  }

  /** Revoke where the vendor offers it, then delete the secrets, then the metadata. */
  async disconnect(connectionId: string): Promise<{ revoked: boolean; secretsDeleted: boolean }> {
    const record = this.record(connectionId);
    let revoked = false;
    const secrets = await this.secretsOf(connectionId).catch(() => undefined);
    try {
      const config = await this.tokenConfig(record);
      if (config.endpoints.revocation && secrets) {
        const token = secrets.refreshToken ?? secrets.accessToken;
        await revokeToken(config, token, secrets.refreshToken ? 'refresh_token' : 'access_token');
        revoked = true;
      }
    } catch {
      // Revocation is a courtesy to the provider; the local secrets are deleted either way.
    }
    // If this throws (keychain unavailable), nothing is deleted: the connection stays intact.
    await this.deps.vault.deleteConnectionSecrets(connectionId);
    this.unsaved.delete(connectionId);
    this.deps.store.deleteConnection(connectionId);
    this.deps.onChanged(connectionId, true);
    return { revoked, secretsDeleted: true };
  }

  history(connectionId: string, event: Omit<HistoryEvent, 'at'>): void {
    const entry: HistoryEvent = { at: new Date(this.deps.now()).toISOString(), ...event };
    // Field by field: re-parsing redacted JSON text can fail and lose the line.
    this.deps.store.appendHistory(connectionId, this.deps.secrets.redactValue(entry));
  }

  private assertUsable(record: ConnectionRecord): void {
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

  private missingSecrets(connectionId: string): AppError {
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
      this.history(connectionId, {
        kind: 'needs_reauthorization',
        summary: 'The saved sign-in is missing. Reconnect to continue.',
        error: error.toData(),
      });
      this.deps.onChanged(connectionId, true);
    }
    return error;
  }
}
