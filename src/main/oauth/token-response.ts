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
 *   accepts DPoP, which POS Connect does not do;
 * - bounds on every field kept: token strings, scope and kept fields have a maximum length, and
 *   `expires_in` is clamped to MAX_EXPIRES_IN_SECONDS (the first line of defence; the keep-alive
 *   policy clamps again);
 * - strict metadata: only the standard fields (RFC 6749 §5.1, OIDC's id_token) and the fields the
 *   provider definition says the app uses (PowerEPOS's `svc`) are kept. Everything else may be a
 *   secret (`session_secret`, a nested `data.access_token`): its values are dropped, its names are
 *   listed, and its string values are handed to the caller to register for redaction.
 */

export interface TokenSet {
  accessToken: string;
  /** Lower-cased ("bearer"). */
  tokenType: string;
  /** Seconds, as returned (a numeric string is converted), clamped to MAX_EXPIRES_IN_SECONDS. */
  expiresIn?: number;
  /** What the vendor announced when it had to be clamped or rounded (for the history's warning). */
  expiresInAnnounced?: number;
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
  /** The non-standard fields the provider definition uses (PowerEPOS's svc), bounded strings. */
  extra: Record<string, string>;
  /**
   * What may be shown and stored of the response: token_type, expires_in, scope and the kept
   * fields as sent, tokens as masked previews, and the names (never the values) of the fields
   * withheld.
   */
  metadata: Record<string, unknown>;
  /** String values of withheld fields: unknown, so treated as secrets (registered for redaction). */
  withheldValues: string[];
}

/** Longest token string accepted (a JWT with many claims stays far below). */
export const MAX_TOKEN_LENGTH = 16_384;
/** Longest scope string and kept field accepted. */
export const MAX_FIELD_LENGTH = 4_096;
/** expires_in above this (one year) is clamped: no vendor documents more. */
export const MAX_EXPIRES_IN_SECONDS = 365 * 24 * 3600;
/** Withheld string values shorter than this are not worth registering as secrets ("true", "eu"). */
const WITHHELD_SECRET_FLOOR = 8;

/** The raw outcome of one token request, before processing. */
export interface TokenHttpResponse {
  grant: GrantType;
  response: Response;
  receivedAt: number;
  /** Secrets sent with the request: never echoed in an error. */
  secrets: string[];
}

const TOKEN_FIELDS = ['access_token', 'refresh_token', 'id_token'];
const PLAIN_STANDARD_FIELDS = ['token_type', 'expires_in', 'scope'];

function isHtml(contentType: string | null, text: string): boolean {
  return (contentType ?? '').toLowerCase().includes('text/html') || text.trimStart().startsWith('<');
}

function stringLeaves(value: unknown, out: string[]): string[] {
  if (typeof value === 'string') {
    if (value.length >= WITHHELD_SECRET_FLOOR) out.push(value);
  } else if (Array.isArray(value)) value.forEach((item) => stringLeaves(item, out));
  else if (value !== null && typeof value === 'object')
    Object.values(value).forEach((v) => stringLeaves(v, out));
  return out;
}

/**
 * The withheld values to register as secrets, minus those the user entered as parameters (a
 * PowerEPOS response echoes the org_id typed in the connect form: a name, not a secret).
 */
export function withheldSecrets(
  tokens: Pick<TokenSet, 'withheldValues'>,
  params: Record<string, string> = {},
): string[] {
  const entered = new Set(Object.values(params));
  return tokens.withheldValues.filter((value) => !entered.has(value));
}

/**
 * The response split into what may be kept (standard fields, tokens masked, the `keep` fields
 * as bounded strings) and what is withheld (everything else: names listed, values handed back as
 * secrets).
 */
export function splitTokenBody(
  body: Record<string, unknown>,
  keep: readonly string[] = [],
): { metadata: Record<string, unknown>; extra: Record<string, string>; withheldValues: string[] } {
  const metadata: Record<string, unknown> = {};
  const extra: Record<string, string> = {};
  const withheld: string[] = [];
  const withheldValues: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (TOKEN_FIELDS.includes(key) && typeof value === 'string') metadata[key] = maskToken(value);
    else if (PLAIN_STANDARD_FIELDS.includes(key) && (typeof value === 'string' || typeof value === 'number'))
      metadata[key] = value;
    else if (keep.includes(key) && typeof value === 'string' && value.length <= MAX_FIELD_LENGTH) {
      metadata[key] = value;
      extra[key] = value;
    } else {
      withheld.push(key.slice(0, 64));
      stringLeaves(value, withheldValues);
    }
  }
  if (withheld.length > 0) metadata.withheld = withheld.slice(0, 50);
  return { metadata, extra, withheldValues };
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
    json.expires_in = Math.min(Math.floor(json.expires_in as number), MAX_EXPIRES_IN_SECONDS) || 1;
  }
  for (const field of TOKEN_FIELDS) {
    const value = json[field];
    if (typeof value === 'string' && value.length > MAX_TOKEN_LENGTH)
      throw bad(field, `is longer than ${MAX_TOKEN_LENGTH} characters`);
  }
  if (typeof json.scope === 'string' && json.scope.length > MAX_FIELD_LENGTH)
    throw bad('scope', `is longer than ${MAX_FIELD_LENGTH} characters`);
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
  /** Non-standard fields the provider definition uses (PowerEPOS: svc); all others are withheld. */
  keep: readonly string[] = [],
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

  const announcedExpiresIn = Number(body.expires_in);
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
  const { metadata, extra, withheldValues } = splitTokenBody(body, keep);
  const tokens: TokenSet = {
    accessToken: result.access_token,
    tokenType: result.token_type,
    receivedAt,
    status,
    extra,
    metadata,
    withheldValues,
  };
  if (typeof result.expires_in === 'number') {
    tokens.expiresIn = result.expires_in;
    tokens.expiresAt = receivedAt + result.expires_in * 1000;
    if (Number.isFinite(announcedExpiresIn) && announcedExpiresIn !== result.expires_in)
      tokens.expiresInAnnounced = announcedExpiresIn;
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
