import * as oauth from 'oauth4webapi';
import { AppError } from '../../shared/errors';
import type { GrantType } from '../../shared/providers/provider-schema';
import { oauthError, parseRetryAfter, providerError } from './errors';
import { maskToken } from './jwt';
import { envelopeError, readStatusEnvelope } from './status-envelope';

/**
 * Token endpoint responses (RFC 6749 §5.1 and §5.2) turned into a TokenSet or a typed error.
 *
 * oauth4webapi's process*Response functions do the RFC checks (JSON object, non-empty
 * access_token, token_type, expires_in, refresh_token and scope types, OAuth error bodies). Around
 * them, this module adds what a desktop client facing five vendors needs:
 * - before: 429 (Retry-After), HTML pages, 5xx and non-JSON bodies become their own errors, as
 *   the library would report them all as one "not conform" error;
 * - one rule of our own: `expires_in` must be positive (the library accepts 0, which would
 *   schedule a refresh loop) and, when it is a string, all digits ("3600" is accepted, a few
 *   servers send one; "3600s" is not — the library's parseFloat would accept it);
 * - token_type must be bearer in any case ("Bearer" in every vendor page); the library also
 *   accepts DPoP, which POS Connect does not do.
 */

export interface TokenSet {
  accessToken: string;
  /** Lower-cased ("bearer"). */
  tokenType: string;
  /** Seconds, as returned (a numeric string is converted). */
  expiresIn?: number;
  /** Epoch ms: receivedAt + expiresIn, from the LOCAL clock at receipt, never the server's Date. */
  expiresAt?: number;
  refreshToken?: string;
  /** The granted scope as returned, split on spaces; absent when the response had none. */
  scope?: string[];
  /** Epoch ms, local clock, when the response arrived. */
  receivedAt: number;
  /** HTTP status of the token response. */
  status: number;
  /** The server's Date header as epoch ms, for clock-skew diagnostics only. */
  serverDate?: number;
  /** Non-standard response fields (PowerEPOS svc and org_id, ...). */
  extra: Record<string, unknown>;
  /** The response JSON with access_token, refresh_token and id_token masked (diagnostics view). */
  redactedBody: Record<string, unknown>;
}

/** The raw outcome of one token request, before processing. */
export interface TokenHttpResponse {
  grant: GrantType;
  response: Response;
  receivedAt: number;
  /** Secrets sent with the request: never echoed in an error. */
  secrets: string[];
}

const STANDARD_FIELDS = new Set([
  'access_token',
  'token_type',
  'expires_in',
  'refresh_token',
  'scope',
  'id_token',
]);
const TOKEN_FIELDS = ['access_token', 'refresh_token', 'id_token'];

function isHtml(contentType: string | null, text: string): boolean {
  return (contentType ?? '').toLowerCase().includes('text/html') || text.trimStart().startsWith('<');
}

/** A JSON object's copy with token values replaced by masked previews. */
export function redactTokenBody(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    out[key] = TOKEN_FIELDS.includes(key) && typeof value === 'string' ? maskToken(value) : value;
  }
  return out;
}

/** Which field the library complained about ('"response" body "expires_in" property ...'). */
function libraryField(message: string): string | undefined {
  return /body "([^"]+)" property/.exec(message)?.[1];
}

/** Checks of our own on the raw JSON object (see module comment); the library does the rest. */
function checkExtraRules(json: Record<string, unknown>, where: string): void {
  const bad = (field: string, why: string): AppError =>
    oauthError('INVALID_TOKEN_RESPONSE', `${where}: "${field}" ${why}`, { params: { field } });
  const expiresIn = json.expires_in;
  if (expiresIn !== undefined) {
    if (typeof expiresIn === 'string') {
      if (!/^\d+$/.test(expiresIn.trim()))
        throw bad('expires_in', 'is a string that is not a whole number of seconds');
      json.expires_in = Number.parseInt(expiresIn.trim(), 10);
    } else if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn)) {
      throw bad('expires_in', `must be a number (got ${expiresIn === null ? 'null' : typeof expiresIn})`);
    }
    if ((json.expires_in as number) <= 0) throw bad('expires_in', 'must be positive');
  }
  if (
    json.token_type !== undefined &&
    typeof json.token_type === 'string' &&
    json.token_type.toLowerCase() !== 'bearer'
  ) {
    throw bad('token_type', `must be "bearer" (got "${json.token_type.slice(0, 40)}")`);
  }
}

type Processor = (
  as: oauth.AuthorizationServer,
  client: oauth.Client,
  response: Response,
) => Promise<oauth.TokenEndpointResponse>;

const PROCESSORS: Record<GrantType, Processor> = {
  authorization_code: (as, client, response) => oauth.processAuthorizationCodeResponse(as, client, response),
  client_credentials: (as, client, response) => oauth.processClientCredentialsResponse(as, client, response),
  password: (as, client, response) => oauth.processGenericTokenEndpointResponse(as, client, response),
  refresh_token: (as, client, response) => oauth.processRefreshTokenResponse(as, client, response),
};

/**
 * A token endpoint Response (already buffered by http.ts) as a TokenSet, or a typed AppError.
 * `as` and `client` are the library's views of the provider and client.
 */
export async function processTokenResponse(
  as: oauth.AuthorizationServer,
  client: oauth.Client,
  raw: TokenHttpResponse,
  /** The provider's errorEnvelope: 'status-ack' also reads Taptouch's {status:{ack,errors}}. */
  envelope: 'oauth' | 'status-ack' = 'oauth',
): Promise<TokenSet> {
  const { response, secrets, grant } = raw;
  const where = `token endpoint (${grant})`;
  const status = response.status;
  const text = await response.clone().text();
  const contentType = response.headers.get('content-type');

  if (status === 429) {
    const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
    throw oauthError(
      'RATE_LIMITED',
      `${where}: HTTP 429${retryAfter !== undefined ? `, Retry-After ${retryAfter} s` : ''}`,
      {
        ...(retryAfter !== undefined
          ? { retryAfterSeconds: retryAfter, params: { seconds: retryAfter } }
          : {}),
        secrets,
      },
    );
  }
  // An HTML page (a proxy's 502, a login or maintenance page) says more than its status code.
  if (isHtml(contentType, text)) {
    throw oauthError(
      'HTML_RESPONSE',
      `${where}: HTTP ${status}, Content-Type ${contentType ?? 'none'}, body is an HTML page`,
      { secrets },
    );
  }
  if (status >= 500) {
    const error = /"error"\s*:\s*"([\w.-]{1,64})"/.exec(text)?.[1];
    throw oauthError('SERVER_ERROR', `${where}: HTTP ${status}${error ? ` (error=${error})` : ''}`, {
      secrets,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw oauthError(
      'NOT_JSON',
      `${where}: HTTP ${status}, Content-Type ${contentType ?? 'none'}, body (${text.length} chars) is not valid JSON`,
      { secrets },
    );
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw oauthError(
      'INVALID_TOKEN_RESPONSE',
      `${where}: HTTP ${status}, the body is JSON but not an object`,
      { params: { field: '(body)' }, secrets },
    );
  }
  const body = json as Record<string, unknown>;
  // An OAuth error body wins; otherwise a failed vendor envelope says what went wrong.
  const failed =
    envelope === 'status-ack' && typeof body.error !== 'string' ? readStatusEnvelope(body) : undefined;
  const fromEnvelope = failed ? envelopeError(failed, { status, where, side: 'token', secrets }) : undefined;
  if (fromEnvelope) throw fromEnvelope;
  if (status >= 400 || typeof body.error === 'string') {
    // RFC 6749 §5.2. The library reads these too, but only with an application/json content type
    // and after WWW-Authenticate challenges (a 401 invalid_client often carries "Basic"); the body
    // is the more precise source, so it is read first.
    if (typeof body.error === 'string' && body.error.length > 0) {
      const description = typeof body.error_description === 'string' ? body.error_description : undefined;
      throw providerError(body.error, description, { status, where, secrets });
    }
    if (status === 401)
      throw oauthError('INVALID_CLIENT', `${where}: HTTP 401 without an error body`, { secrets });
    throw oauthError('PROVIDER_ERROR', `${where}: HTTP ${status} without an OAuth error body`, { secrets });
  }
  if (status !== 200) {
    throw oauthError('INVALID_TOKEN_RESPONSE', `${where}: HTTP ${status}, expected 200`, {
      params: { field: '(status)' },
      secrets,
    });
  }

  checkExtraRules(body, where);
  // Hand the library a fresh response carrying the (possibly normalised) JSON.
  const headers = new Headers(response.headers);
  headers.set('content-type', 'application/json');
  const normalised = new Response(JSON.stringify(body), { status, headers });
  let result: oauth.TokenEndpointResponse;
  try {
    result = await PROCESSORS[grant](as, client, normalised);
  } catch (error) {
    throw mapLibraryError(error, where, secrets);
  }

  const receivedAt = raw.receivedAt;
  const dateHeader = response.headers.get('date');
  const serverDate = dateHeader ? Date.parse(dateHeader) : Number.NaN;
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) if (!STANDARD_FIELDS.has(key)) extra[key] = value;
  const tokens: TokenSet = {
    accessToken: result.access_token,
    tokenType: result.token_type,
    receivedAt,
    status,
    extra,
    redactedBody: redactTokenBody(body),
  };
  if (typeof result.expires_in === 'number') {
    tokens.expiresIn = result.expires_in;
    tokens.expiresAt = receivedAt + result.expires_in * 1000;
  }
  if (typeof result.refresh_token === 'string') tokens.refreshToken = result.refresh_token;
  if (typeof result.scope === 'string') tokens.scope = result.scope.split(' ').filter((s) => s.length > 0);
  if (!Number.isNaN(serverDate)) tokens.serverDate = serverDate;
  return tokens;
}

/** An error thrown by oauth4webapi while processing a response, as an AppError. */
export function mapLibraryError(
  error: unknown,
  where: string,
  secrets: Iterable<string | undefined>,
): unknown {
  if (error instanceof AppError) return error;
  if (error instanceof oauth.ResponseBodyError) {
    return providerError(error.error, error.error_description, { status: error.status, where, secrets });
  }
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    const schemes = error.cause.map((c) => c.scheme).join(', ');
    return oauthError(
      error.status === 401 ? 'INVALID_CLIENT' : 'PROVIDER_ERROR',
      `${where}: HTTP ${error.status} with a WWW-Authenticate challenge (${schemes})`,
      { secrets },
    );
  }
  if (error instanceof oauth.UnsupportedOperationError) {
    return oauthError('INVALID_TOKEN_RESPONSE', `${where}: ${error.message}`, {
      params: { field: 'token_type' },
      secrets,
    });
  }
  if (error instanceof oauth.OperationProcessingError) {
    if (error.code === oauth.PARSE_ERROR)
      return oauthError('NOT_JSON', `${where}: ${error.message}`, { secrets });
    if (error.code === oauth.RESPONSE_IS_NOT_JSON)
      return oauthError('NOT_JSON', `${where}: ${error.message}`, { secrets });
    if (error.code === oauth.RESPONSE_IS_NOT_CONFORM)
      return oauthError('PROVIDER_ERROR', `${where}: ${error.message}`, { secrets });
    const field = libraryField(error.message) ?? '(body)';
    return oauthError('INVALID_TOKEN_RESPONSE', `${where}: ${error.message}`, { params: { field }, secrets });
  }
  if (error instanceof TypeError) {
    const field = libraryField(error.message) ?? '(body)';
    return oauthError('INVALID_TOKEN_RESPONSE', `${where}: ${error.message}`, { params: { field }, secrets });
  }
  return oauthError('INTERNAL', `${where}: ${error instanceof Error ? error.name : typeof error}`, {
    secrets,
  });
}
