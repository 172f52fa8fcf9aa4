import { randomUUID } from 'node:crypto';
import { AppError, toErrorData } from '../../shared/errors';
import type {
  ConnectInput,
  ConnectProgress,
  ConnectStep,
  EnvironmentName,
  Language,
} from '../../shared/models';
import type { ProviderDefinition } from '../../shared/providers/provider-schema';
import { authorize, type BrowserPort } from '../oauth/authorization-code';
import {
  clientCredentialsGrant,
  passwordGrant,
  scopeFor,
  type TokenEndpointConfig,
} from '../oauth/token-request';
import { withheldSecrets, type TokenSet } from '../oauth/token-response';
import type { Clock, ConnectionRecord, MetadataStore } from '../ports';
import type { ProviderRegistry } from '../providers/provider-registry';
import type { SecretRegistry } from '../security/redact';
import { applyTokens } from './apply-tokens';
import { assertScopesAllowed } from './scope-rules';
import { explainConnectFailure } from './connect-errors';
import type { ConnectionEndpoints } from './connection-endpoints';
import type { HistoryLog } from './history-log';
import type { TokenKeeper } from './token-keeper';
import { destinationsOf, originChanges, originsOf } from '../security/origin-binding';

export interface ConnectFlowDeps {
  store: MetadataStore;
  providers: ProviderRegistry;
  endpoints: ConnectionEndpoints;
  keeper: TokenKeeper;
  history: HistoryLog;
  browser: BrowserPort;
  secrets: SecretRegistry;
  environment: EnvironmentName;
  now: Clock;
  /** How long the browser step may take (default five minutes). */
  authorizationTimeoutMs?: number;
  /** The app's language, for the page the browser shows after the vendor's redirect. */
  language?: () => Language;
  /**
   * How long the browser step may wait before the window says the vendor's page may be showing an
   * error instead of redirecting back (default 25 s).
   */
  signInStalledMs?: number;
  onProgress: (progress: ConnectProgress) => void;
}

interface Attempt {
  abort: AbortController;
  authorizationUrl?: string;
  stalledTimer?: ReturnType<typeof setTimeout>;
}

/**
 * Making a connection (or making it again): with whichever grant the vendor supports, the scopes
 * chosen from its catalogue, the first token pair stored through the token keeper.
 */
export class ConnectFlow {
  private readonly attempts = new Map<string, Attempt>();

  constructor(private readonly deps: ConnectFlowDeps) {}

  async connect(input: ConnectInput): Promise<ConnectionRecord> {
    const progress = (step: ConnectStep, extra: Partial<ConnectProgress> = {}) =>
      this.deps.onProgress({ attemptId: input.attemptId, step, ...extra });
    const attempt: Attempt = { abort: new AbortController() };
    this.attempts.set(input.attemptId, attempt);
    const existing = input.reconnectId ? this.deps.endpoints.record(input.reconnectId) : undefined;
    let explain = (error: unknown): unknown => error;
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
      checkGrant(provider, input);
      const extraScopes = input.extraScopes ?? [];
      assertScopesAllowed(provider, input.grant, input.scopes, extraScopes);
      // Everything the person asked for: the catalogue's scopes, then the ones typed by hand.
      const asked = [...input.scopes, ...extraScopes];
      explain = (error) => explainConnectFailure(provider, input, error);
      // Until the vendor accepts it, a typed password is only the request's own secret (and a
      // short wrong one must not become [redacted] everywhere).
      this.deps.secrets.addTyped(input.password);

      const params = { ...(existing?.params ?? {}), ...input.params };
      if (input.grant === 'password' && input.username) params.username = input.username;
      // A (re)connect is an authorization: it binds the connection to the endpoints in force now.
      const environment = existing?.environment ?? this.deps.environment;
      const config = await this.deps.endpoints.tokenConfig(
        { appId: app.id, params, providerId: provider.id, environment },
        provider,
      );

      const { tokens, stateReturned, password } = await this.obtainTokens(input, {
        config,
        asked,
        attempt,
        existing,
        ...(app.redirectPort !== undefined ? { redirectPort: app.redirectPort } : {}),
        progress,
      });
      this.deps.secrets.add(
        tokens.accessToken,
        tokens.refreshToken,
        input.password,
        ...withheldSecrets(tokens, config.params),
      );

      progress('storing');
      const now = this.deps.now();
      // What was really asked for: the chosen scopes plus required ones and the refresh scope.
      const requestedScopes = scopeFor(provider, input.grant, asked)?.split(' ') ?? [];
      // Typed scopes outside the catalogue, kept so the detail can mark them.
      const typed = extraScopes.filter((name) => !provider.scopes.some((scope) => scope.name === name));
      const keepsPassword = Boolean(input.keepPassword && input.grant === 'password');
      const base = this.recordBefore(input, existing, {
        appId: app.id,
        provider,
        requestedScopes,
        extraScopes: typed,
        params,
        keepsPassword,
        now,
      });
      delete base.origins;
      // A reconnect starts from the new grant's answer, not the old refresh token.
      const applied = applyTokens(provider, { ...base, grantedScopes: [] }, undefined, tokens, {
        now,
        ...(keepsPassword && password ? { keepPassword: password } : {}),
      });
      const apiBase = applied.record.apiBaseUrl ?? config.endpoints.apiBase;
      applied.record.origins = originsOf({ ...config.endpoints, ...(apiBase ? { apiBase } : {}) });
      const moved = originChanges(existing?.origins, applied.record.origins);
      if (!stateReturned) {
        applied.events.push({
          at: new Date(now).toISOString(),
          kind: 'warning',
          summary: `${provider.name} did not send back the state value; the sign-in was accepted because PKCE ties the code to this attempt.`,
          data: { warning: 'state_not_returned' },
        });
      }
      await this.deps.keeper.save(
        applied,
        {
          kind: existing ? 'reconnected' : 'connected',
          summary: `${existing ? 'Reconnected' : 'Connected'} to ${provider.name} with the ${input.grant.replace('_', ' ')} grant.${moved.length > 0 ? ` Its secrets now go to new addresses (${moved.join('; ')}).` : ''}`,
          data: {
            grant: input.grant,
            requested: asked,
            granted: applied.record.grantedScopes,
            origins: destinationsOf(applied.record.origins),
          },
        },
        { keepUnsavedInMemory: false },
      );
      progress('done');
      return applied.record;
    } catch (caught) {
      const error = explain(caught);
      const data = toErrorData(error);
      progress(data.code === 'AUTHORIZATION_CANCELLED' ? 'cancelled' : 'failed', { error: data });
      if (existing)
        this.deps.history.write(existing.id, { kind: 'error', summary: 'Reconnecting failed.', error: data });
      throw error;
    } finally {
      clearTimeout(attempt.stalledTimer);
      this.attempts.delete(input.attemptId);
    }
  }

  /** The grant's own exchange: the browser's sign-in, the app's credentials, or the password. */
  private async obtainTokens(
    input: ConnectInput,
    step: {
      config: TokenEndpointConfig;
      asked: string[];
      attempt: Attempt;
      existing: ConnectionRecord | undefined;
      redirectPort?: number;
      progress: (step: ConnectStep, extra?: Partial<ConnectProgress>) => void;
    },
  ): Promise<{ tokens: TokenSet; stateReturned: boolean; password: string | undefined }> {
    const { config, asked, attempt, progress } = step;
    if (input.grant === 'authorization_code') {
      const result = await authorize(config, {
        browser: this.deps.browser,
        scopes: asked,
        ...(step.redirectPort !== undefined ? { port: step.redirectPort } : {}),
        ...(this.deps.authorizationTimeoutMs !== undefined
          ? { timeoutMs: this.deps.authorizationTimeoutMs }
          : {}),
        signal: attempt.abort.signal,
        ...(this.deps.language ? { language: this.deps.language } : {}),
        // A refused callback (no or wrong state) is shown while the wait goes on, not only at the timeout.
        onRefusedCallback: (error) => progress('waiting_for_browser', { error }),
        onProgress: (event) => {
          clearTimeout(attempt.stalledTimer);
          if (event.step === 'waiting_for_browser') {
            attempt.authorizationUrl = event.authorizationUrl;
            // A vendor page that shows an error (unknown application, redirect URI not registered)
            // never comes back: say so after a short while instead of only at the timeout.
            attempt.stalledTimer = setTimeout(
              () => progress('waiting_for_browser', { stalled: true }),
              this.deps.signInStalledMs ?? 25_000,
            );
          }
          progress(event.step);
        },
      });
      return { tokens: result.tokens, stateReturned: result.stateReturned, password: input.password };
    }
    if (input.grant === 'client_credentials') {
      progress('requesting_token');
      return {
        tokens: await clientCredentialsGrant(config, asked),
        stateReturned: true,
        password: input.password,
      };
    }
    // The typed password, or the kept one a reconnect left blank.
    const password = input.password || (await this.keptPassword(step.existing, input));
    if (!input.username || !password) {
      throw new AppError({
        code: 'INVALID_INPUT',
        message: 'Enter the account name and password.',
        params: { field: 'password' },
      });
    }
    progress('requesting_token');
    return {
      tokens: await passwordGrant(config, input.username, password, asked),
      stateReturned: true,
      password,
    };
  }

  /** The record the new tokens are applied to: the existing one made again, or a new one. */
  private recordBefore(
    input: ConnectInput,
    existing: ConnectionRecord | undefined,
    made: {
      appId: string;
      provider: ProviderDefinition;
      requestedScopes: string[];
      extraScopes: string[];
      params: Record<string, string>;
      keepsPassword: boolean;
      now: number;
    },
  ): ConnectionRecord {
    const { appId, provider, requestedScopes, extraScopes, params, keepsPassword, now } = made;
    const label = input.label.trim();
    if (existing) {
      return {
        ...existing,
        ...(label ? { label } : {}),
        appId,
        grant: input.grant,
        requestedScopes,
        extraScopes,
        params,
        keepsPassword,
      };
    }
    return {
      id: randomUUID(),
      providerId: provider.id,
      appId,
      label: label || provider.name,
      grant: input.grant,
      environment: this.deps.environment,
      requestedScopes,
      extraScopes,
      grantedScopes: [],
      scopesSource: 'request',
      hasRefreshToken: false,
      createdAt: now,
      state: 'connected',
      lastRefreshFailed: false,
      params,
      keepsPassword,
    };
  }

  /**
   * Reconnecting a connection whose password is kept, with the password field left blank and
   * "Keep the password" still ticked: the kept one is used (the person was told blank means keep).
   */
  private async keptPassword(existing: ConnectionRecord | undefined, input: ConnectInput): Promise<string> {
    if (!existing?.keepsPassword || !input.keepPassword || input.grant !== 'password') return '';
    const secrets = await this.deps.keeper.secretsOf(existing.id);
    return secrets?.password ?? '';
  }

  cancel(attemptId: string): boolean {
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
}

export function checkGrant(provider: ProviderDefinition, input: Pick<ConnectInput, 'grant'>): void {
  if (!provider.grants.includes(input.grant)) {
    throw new AppError({
      code: 'GRANT_NOT_SUPPORTED',
      message: `${provider.name} does not offer this way of connecting.`,
      detail: `grant ${input.grant} not in ${provider.grants.join(', ')}`,
      params: { grant: input.grant },
    });
  }
}
