import * as oauth from 'oauth4webapi';
import type { AppError } from '../../shared/errors';
import { oauthError } from './errors';
import { createBoundedFetch, type HttpOptions } from './http';
import { envelopeError, readStatusEnvelope } from './status-envelope';
import { redactUrl, truncateRedacted } from '../security/redact';

/**
 * The API side (RFC 6750). Tokens travel only in the Authorization header: API calls go through
 * oauth4webapi's protectedResourceRequest, which sets it and refuses to take one from the caller.
 * The WWW-Authenticate parser is oauth4webapi's too: it is internal to the library and surfaces
 * only as the `cause` of a WWWAuthenticateChallengeError, so parseBearerChallenge hands the
 * response to protectedResourceRequest through a customFetch that returns it, and reads the cause.
 *
 * 401 invalid_token (or a 401 without an error code, RFC 6750 §3.1) → the caller may refresh once
 * and retry; 403 insufficient_scope → never (a new token has the same scopes).
 */

export interface BearerChallenge {
  error?: string;
  errorDescription?: string;
  /** Scopes the resource needs (insufficient_scope). */
  scope?: string[];
  realm?: string;
}

const NOWHERE = new URL('https://challenge.invalid/');

/** Every challenge of a response's WWW-Authenticate header, parsed by oauth4webapi. */
export async function parseChallenges(response: Response): Promise<oauth.WWWAuthenticateChallenge[]> {
  if (!response.headers.has('www-authenticate')) return [];
  const echo = new Response(null, {
    status: response.status === 200 ? 401 : response.status,
    headers: { 'www-authenticate': response.headers.get('www-authenticate') ?? '' },
  });
  try {
    await oauth.protectedResourceRequest('parse-only', 'GET', NOWHERE, undefined, undefined, {
      [oauth.customFetch]: async () => echo,
    });
  } catch (error) {
    if (error instanceof oauth.WWWAuthenticateChallengeError) return [...error.cause];
  }
  return [];
}

/** The Bearer challenge of a response, if any. */
export async function parseBearerChallenge(response: Response): Promise<BearerChallenge | undefined> {
  const bearer = (await parseChallenges(response)).find((c) => c.scheme === 'bearer');
  if (bearer === undefined) return undefined;
  const p = bearer.parameters;
  const out: BearerChallenge = {};
  if (p.error !== undefined) out.error = p.error;
  if (p.error_description !== undefined) out.errorDescription = p.error_description;
  if (p.scope !== undefined) out.scope = p.scope.split(' ').filter((s) => s !== '');
  if (p.realm !== undefined) out.realm = p.realm;
  return out;
}

export interface BearerFailure {
  error: AppError;
  /** 401 invalid_token: refresh the token once and retry the call. Never for 403. */
  refreshAndRetry: boolean;
  challenge?: BearerChallenge;
}

/** How much of a vendor's error_description a detail keeps. */
const DESCRIPTION_LIMIT = 300;

/**
 * What a failed API answer means: a 401/403 by its Bearer challenge, and with the provider's
 * 'status-ack' envelope (Taptouch) by the envelope, whatever the status; undefined otherwise.
 * `secrets` (the access token sent) are removed from the vendor's error_description before it is
 * cut: cut first, a token straddling the limit would leave its prefix, which no later redaction
 * of the whole token can recognise.
 */
export async function classifyBearerFailure(
  response: Response,
  envelope: 'oauth' | 'status-ack' = 'oauth',
  secrets: Iterable<string | undefined> = [],
): Promise<BearerFailure | undefined> {
  if (envelope === 'status-ack') {
    const fromEnvelope = await classifyEnvelope(response);
    if (fromEnvelope) return fromEnvelope;
  }
  if (response.status !== 401 && response.status !== 403) return undefined;
  const challenge = await parseBearerChallenge(response);
  const description = challenge?.errorDescription
    ? truncateRedacted(challenge.errorDescription, DESCRIPTION_LIMIT, secrets)
    : undefined;
  const detail = `API HTTP ${response.status}${challenge?.error ? `: error=${challenge.error}` : ''}${description ? `; error_description=${description}` : ''}`;
  const base = challenge ? { challenge } : {};
  if (challenge?.error === 'insufficient_scope' || response.status === 403) {
    const scope = challenge?.scope?.join(' ');
    return {
      error: oauthError('INSUFFICIENT_SCOPE', detail, scope ? { params: { scope } } : {}),
      refreshAndRetry: false,
      ...base,
    };
  }
  if (challenge?.error === 'invalid_request') {
    return { error: oauthError('INVALID_REQUEST', detail), refreshAndRetry: false, ...base };
  }
  return { error: oauthError('INVALID_TOKEN', detail), refreshAndRetry: true, ...base };
}

async function classifyEnvelope(response: Response): Promise<BearerFailure | undefined> {
  let body: unknown;
  try {
    body = JSON.parse(await response.clone().text());
  } catch {
    return undefined;
  }
  const parsed = readStatusEnvelope(body);
  const error = parsed
    ? envelopeError(parsed, { status: response.status, where: 'API', side: 'api' })
    : undefined;
  if (!error) return undefined;
  return { error, refreshAndRetry: error.code === 'INVALID_TOKEN' };
}

export interface ApiCallOptions extends HttpOptions {
  /** The origins the connection's secrets are bound to: the call is refused anywhere else. */
  destinations: readonly string[];
  headers?: Record<string, string>;
  body?: string;
}

/**
 * One API call with the access token in the Authorization header, with deadline, size cap and no
 * redirects (the token must not follow a redirect). Resolves with the buffered response whatever
 * its status (a test call shows 4xx answers too); rejects on transport errors.
 */
export async function callProtectedResource(
  accessToken: string,
  method: string,
  url: string,
  options: ApiCallOptions,
): Promise<Response> {
  const target = new URL(url);
  const fetchFn = createBoundedFetch({
    ...options,
    secrets: () => [accessToken],
    destinations: options.destinations,
  });
  const headers = new Headers(options.headers);
  headers.delete('authorization');
  try {
    return await oauth.protectedResourceRequest(accessToken, method, target, headers, options.body, {
      // The library's body type is fetch's BodyInit under every lib setting; ours is RequestInit's.
      [oauth.customFetch]: (url, init) => fetchFn(url, init as RequestInit),
      [oauth.allowInsecureRequests]: target.protocol === 'http:',
    });
  } catch (error) {
    if (error instanceof oauth.WWWAuthenticateChallengeError) return error.response;
    if (error instanceof oauth.OperationProcessingError) {
      throw oauthError('INSECURE_URL', `API call refused: ${redactUrl(target)} (${error.message})`);
    }
    throw error;
  }
}
