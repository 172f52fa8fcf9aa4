import { timingSafeEqual } from 'node:crypto';
import * as oauth from 'oauth4webapi';
import type { AppError } from '../../shared/errors';
import type { AppErrorData } from '../../shared/errors';
import type { Language } from '../../shared/models';
import { oauthError, providerError } from './errors';
import { startLoopbackListener, type CallbackVerdict } from './loopback-listener';
import { authorizationServerFor, requestToken, scopeFor, type TokenEndpointConfig } from './token-request';
import type { TokenSet } from './token-response';

/**
 * The authorization code grant for a native app (RFC 8252): the system browser, a loopback
 * redirect on 127.0.0.1, PKCE S256 (RFC 7636), state, and iss where known (RFC 9207). PKCE, state
 * and callback validation are oauth4webapi's (generateRandomCodeVerifier,
 * calculatePKCECodeChallenge, generateRandomState, validateAuthResponse).
 *
 * The code is exchanged exactly once. If that exchange fails for any reason (including no answer
 * at all), the error is surfaced and a new authorization is needed: the code may already be spent.
 */

/** The system browser, as a port: main implements it with shell.openExternal, tests with fetch. */
export interface BrowserPort {
  open(url: string): Promise<void>;
}

export type AuthorizationProgress =
  | { step: 'waiting_for_browser'; authorizationUrl: string; redirectUri: string }
  | { step: 'exchanging_code' };

export interface AuthorizeOptions {
  browser: BrowserPort;
  scopes?: string[];
  /** The provider app's redirect port (fixed-port providers); default authorizationCode.defaultPort. */
  port?: number;
  /** How long to wait for the browser. Default 5 minutes. */
  timeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (event: AuthorizationProgress) => void;
  /** A refused callback (wrong state, wrong issuer): reported, and the wait goes on. */
  onRefusedCallback?: (error: AppErrorData) => void;
  /** The app's language, for the page the browser shows after the redirect. */
  language?: () => Language;
}

export interface AuthorizationResult {
  tokens: TokenSet;
  redirectUri: string;
  /** false: the vendor did not echo state and the callback was accepted on PKCE alone. */
  stateReturned: boolean;
  /** The scope parameter sent in the authorization request. */
  requestedScope?: string;
}

export interface AuthorizationRequest {
  url: string;
  state: string;
  codeVerifier?: string;
  redirectUri: string;
  scope?: string;
}

/** The listener port for a provider: fixed for exact/prefix redirect matching, ephemeral otherwise. */
export function listenerPortFor(config: TokenEndpointConfig, port?: number): number {
  const ac = config.provider.authorizationCode;
  if (!ac || ac.redirectMatch === 'any-loopback-port') return 0;
  const chosen = port ?? ac.defaultPort;
  if (chosen === undefined)
    throw oauthError('INVALID_PROVIDER', 'a fixed redirect port is needed but none is configured', {
      params: { field: 'redirectPort' },
    });
  return chosen;
}

/** Build the authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3) for a redirect URI. */
export async function buildAuthorizationRequest(
  config: TokenEndpointConfig,
  redirectUri: string,
  scopes?: string[],
  state: string = oauth.generateRandomState(),
): Promise<AuthorizationRequest> {
  const { provider, endpoints } = config;
  const ac = provider.authorizationCode;
  if (
    !provider.grants.includes('authorization_code') ||
    ac === undefined ||
    endpoints.authorization === undefined
  ) {
    throw oauthError('GRANT_NOT_SUPPORTED', `${provider.id} has no authorization code grant`, {
      params: { grant: 'authorization_code' },
    });
  }
  const url = new URL(endpoints.authorization);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', config.client.clientId);
  url.searchParams.set('redirect_uri', redirectUri);
  const scope = scopeFor(provider, 'authorization_code', scopes);
  if (scope !== undefined) url.searchParams.set('scope', scope);
  // OpenID Connect Core §11: offline_access is ignored unless consent is prompted, so a stock
  // server would send no refresh token and the connection could never renew itself.
  const scopeTokens = scope?.split(' ') ?? [];
  if (
    scopeTokens.includes('offline_access') &&
    scopeTokens.includes('openid') &&
    !url.searchParams.has('prompt')
  )
    url.searchParams.set('prompt', 'consent');
  url.searchParams.set('state', state);
  let codeVerifier: string | undefined;
  if (ac.pkce !== 'unsupported') {
    codeVerifier = oauth.generateRandomCodeVerifier();
    url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));
    url.searchParams.set('code_challenge_method', 'S256');
  }
  for (const [name, value] of Object.entries(ac.extraAuthorizationParams)) url.searchParams.set(name, value);
  return {
    url: url.href,
    state,
    redirectUri,
    ...(codeVerifier ? { codeVerifier } : {}),
    ...(scope ? { scope } : {}),
  };
}

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Whether a callback without state may be accepted: only where the definition says the vendor may
 * not echo it (stateRequired: false) and PKCE is sent, so the code is bound to this sign-in's
 * verifier (a code injected from another sign-in fails at the token endpoint). The listener is
 * one-shot and per attempt, so this is only ever for the one pending request.
 */
export function acceptsMissingState(config: TokenEndpointConfig): boolean {
  const ac = config.provider.authorizationCode;
  return ac !== undefined && !ac.stateRequired && ac.pkce !== 'unsupported';
}

/**
 * Judge one callback: state first (ours, constant-time: missing — unless acceptsMissingState —,
 * repeated or wrong → refused, the wait goes on), then oauth4webapi's validateAuthResponse (iss per
 * RFC 9207, error responses).
 */
export function judgeCallback(
  config: TokenEndpointConfig,
  expectedState: string,
  params: URLSearchParams,
): CallbackVerdict<URLSearchParams> {
  const states = params.getAll('state');
  const refuse = (
    code: 'STATE_MISMATCH' | 'ISSUER_MISMATCH' | 'INVALID_REQUEST',
    detail: string,
  ): { refuse: AppError } => ({
    refuse: oauthError(code, `callback refused: ${detail}`),
  });
  const stateless = states.length === 0 && acceptsMissingState(config);
  if (states.length === 0 && !stateless)
    return refuse(
      'STATE_MISMATCH',
      'state missing (the provider did not send back the state it was given; this provider requires it)',
    );
  // Only a code can be accepted without state: an error answer without it could come from any page
  // and would end the person's sign-in.
  if (stateless && params.has('error')) return refuse('STATE_MISMATCH', 'error answer without state');
  if (states.length > 1) return refuse('STATE_MISMATCH', 'state repeated');
  if (!stateless && !sameString(states[0] ?? '', expectedState))
    return refuse('STATE_MISMATCH', 'state does not match');
  const as = authorizationServerFor(config.provider, config.endpoints);
  try {
    const validated = oauth.validateAuthResponse(
      as,
      { client_id: config.client.clientId },
      params,
      stateless ? oauth.expectNoState : expectedState,
    );
    const codes = validated.getAll('code');
    if (codes.length !== 1 || codes[0] === '')
      return refuse('INVALID_REQUEST', codes.length > 1 ? 'code repeated' : 'no code');
    return { accept: validated };
  } catch (error) {
    if (error instanceof oauth.AuthorizationResponseError) {
      return {
        fail: providerError(error.error, error.error_description, { where: 'authorization response' }),
      };
    }
    const message = error instanceof Error ? error.message : String(error);
    if (/"iss"/.test(message))
      return refuse(
        'ISSUER_MISMATCH',
        message.includes('missing') ? 'iss missing' : "iss does not match the provider's issuer",
      );
    return refuse('INVALID_REQUEST', message.replace(/"/g, ''));
  }
}

/**
 * Run the whole flow: listen, open the browser, wait for one valid callback (or timeout/cancel),
 * exchange the code once. The listener is closed in `finally`, whatever happens.
 */
export async function authorize(
  config: TokenEndpointConfig,
  options: AuthorizeOptions,
): Promise<AuthorizationResult> {
  const ac = config.provider.authorizationCode;
  if (ac === undefined)
    throw oauthError('GRANT_NOT_SUPPORTED', `${config.provider.id} has no authorization code grant`, {
      params: { grant: 'authorization_code' },
    });
  const expectedState = oauth.generateRandomState();
  const listener = await startLoopbackListener<URLSearchParams>({
    port: listenerPortFor(config, options.port),
    callbackPath: ac.callbackPath,
    judge: (params) => judgeCallback(config, expectedState, params),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.language ? { language: options.language } : {}),
    ...(options.onRefusedCallback
      ? { onRefused: (e: AppError) => options.onRefusedCallback?.(e.toData()) }
      : {}),
  });
  try {
    const request = await buildAuthorizationRequest(
      config,
      listener.redirectUri,
      options.scopes,
      expectedState,
    );
    options.onProgress?.({
      step: 'waiting_for_browser',
      authorizationUrl: request.url,
      redirectUri: request.redirectUri,
    });
    const openFailure = options.browser.open(request.url).then(
      () => new Promise<never>(() => undefined),
      () => Promise.reject(oauthError('INTERNAL', 'the system browser could not be opened')),
    );
    const callbackParameters = await Promise.race([listener.result, openFailure]);
    await listener.close();
    options.onProgress?.({ step: 'exchanging_code' });
    const tokens = await requestToken(
      { ...config, http: { ...config.http, ...(options.signal ? { signal: options.signal } : {}) } },
      {
        grant: 'authorization_code',
        callbackParameters,
        redirectUri: request.redirectUri,
        ...(request.codeVerifier ? { codeVerifier: request.codeVerifier } : {}),
      },
    );
    return {
      tokens,
      redirectUri: request.redirectUri,
      stateReturned: callbackParameters.has('state'),
      ...(request.scope ? { requestedScope: request.scope } : {}),
    };
  } finally {
    await listener.close();
  }
}
