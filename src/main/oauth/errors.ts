import { AppError, type ErrorCode } from '../../shared/errors';
import { redactText, truncateRedacted } from '../security/redact';

/**
 * Every failure of the OAuth engine as an AppError: a code, a sentence for a shop manager (what
 * happened, what to do) and a technical detail for support. Messages live here, in one table.
 * No message or detail may carry a secret: details are built from status codes, protocol error
 * codes and redacted URLs only, and provider-supplied text goes through redactText first.
 */

type Params = Record<string, string | number>;

const MESSAGES: Partial<Record<ErrorCode, (p: Params) => string>> = {
  INVALID_GRANT: () =>
    'The provider no longer accepts this sign-in: the authorization has expired or was revoked. Reconnect the account to authorize POS Connect again (re-authorization needed).',
  INVALID_CLIENT: () =>
    "The provider did not accept POS Connect's client ID or client secret. Check both in the provider app settings, then try again.",
  INVALID_SCOPE: () =>
    'The provider refused one or more of the requested permissions (scopes). Remove the scopes it does not allow, or ask the provider to enable them, then try again.',
  ACCESS_DENIED: () =>
    'Access was declined at the provider, so the account was not connected. Try again and approve the request in the browser.',
  UNAUTHORIZED_CLIENT: () =>
    "This client is not allowed to connect this way at the provider. Check the client's settings with the provider, or choose another way to connect.",
  UNSUPPORTED_GRANT_TYPE: () =>
    'The provider does not support this way of connecting for this client. Choose another way to connect, or check the provider app settings.',
  INVALID_REQUEST: () =>
    'The provider rejected the request as incomplete or incorrect. Check the provider app settings (redirect URI, parameters) and try again; if it persists, export a report for support.',
  PROVIDER_ERROR: () =>
    'The provider answered with an error. Try again; if it keeps happening, export a report for support.',
  STATE_MISMATCH: () =>
    'The answer from the browser did not belong to this connection attempt and was ignored. Finish signing in in the browser window POS Connect opened, or start again.',
  ISSUER_MISMATCH: () =>
    'The answer from the browser came from a different sign-in service than expected and was ignored. Start the connection again from POS Connect.',
  AUTHORIZATION_TIMEOUT: () =>
    "The vendor's sign-in page never sent the browser back to POS Connect, so it stopped waiting. The vendor's page may show why (an unknown application, a redirect URI that is not registered): check the provider app's settings, then start again.",
  AUTHORIZATION_CANCELLED: () => 'The connection attempt was cancelled. Start it again when you are ready.',
  PORT_IN_USE: (p) =>
    `POS Connect could not receive the sign-in answer because port ${p.port ?? '?'} on this computer is already in use. Close the program using port ${p.port ?? '?'} (or another POS Connect window) and try again, or change the redirect port in the provider app settings.`,
  NETWORK: () =>
    "POS Connect could not reach the provider. Check the internet connection and the provider's address, then try again.",
  TIMEOUT: (p) =>
    `The provider did not answer within ${p.seconds ?? 'the allowed'} seconds. Try again in a moment; if it keeps happening, the provider may be having problems.`,
  RATE_LIMITED: (p) =>
    p.seconds !== undefined
      ? `The provider received too many requests and asked POS Connect to wait ${p.seconds} seconds. Try again after that.`
      : 'The provider received too many requests. Wait a minute and try again.',
  SERVER_ERROR: () =>
    'The provider is having problems right now (server error). Try again later; nothing needs to change on your side.',
  NOT_JSON: () =>
    "The provider answered with something POS Connect could not read. Check the provider's addresses in the settings; if they are right, try again later.",
  HTML_RESPONSE: () =>
    "The provider answered with a web page instead of data, which usually means a wrong address or a maintenance page. Check the provider's addresses in the settings, or try again later.",
  INVALID_TOKEN_RESPONSE: (p) =>
    `The provider's answer was incomplete or incorrect (field "${p.field ?? 'unknown'}"), so no connection was made. Try again; if it keeps happening, export a report for support.`,
  RESPONSE_TOO_LARGE: () =>
    "The provider sent a far larger answer than expected, so POS Connect stopped reading it. Check the provider's addresses in the settings; if they are right, export a report for support.",
  UNEXPECTED_REDIRECT: () =>
    "The provider tried to send POS Connect to another address, which it does not follow for security. Check the provider's addresses in the settings.",
  INSECURE_URL: () =>
    'This address is not secure: POS Connect only uses https:// addresses (plain http only on this computer, 127.0.0.1 or localhost). Correct the address in the settings.',
  ORIGIN_NOT_ALLOWED: (p) =>
    `POS Connect did not send this connection's sign-in to ${p.host ?? 'that address'}: the connection was authorized for another address. If the provider's address really changed, reconnect to authorize the new one.`,
  INVALID_TOKEN: () =>
    'The provider did not accept the access token (it has expired or was revoked). POS Connect will renew it; if that fails, reconnect the account.',
  INSUFFICIENT_SCOPE: (p) =>
    `The connection does not have the permission this call needs${p.scope ? ` (${p.scope})` : ''}. Reconnect the account and grant that permission.`,
  INVALID_INPUT: (p) =>
    `Some information is missing or incorrect${p.field ? ` (${p.field})` : ''}. Check it and try again.`,
  NOT_FOUND: (p) =>
    p.situation === 'discovery'
      ? `This URL has no discovery document (${p.url ?? 'nothing at its .well-known addresses'}). Check the issuer URL, or describe the provider's endpoints by hand.`
      : 'Nothing was found at this address. Check the URL and try again.',
  INTERNAL: () =>
    'Something went wrong inside POS Connect. Try again; if it keeps happening, export a report for support.',
  GRANT_NOT_SUPPORTED: () =>
    'This provider does not support this way of connecting. Choose another way to connect.',
  NEEDS_REAUTHORIZATION: () =>
    'The provider no longer accepts this connection (its authorization was revoked or has expired). Reconnect the account to sign in again.',
  PARAM_MISMATCH: (p) =>
    `The provider issued a token for another ${p.field ?? 'account'} ("${p.got ?? '?'}") than the one asked for ("${p.expected ?? '?'}"), so nothing was saved. Check it and connect again.`,
  INVALID_PROVIDER: () =>
    "The provider's description is incomplete or incorrect. Check it in the provider settings.",
};

/** Build an AppError for the engine. `detail` and `secrets`: see redaction rules above. */
export function oauthError(
  code: ErrorCode,
  detail?: string,
  extra: { params?: Params; retryAfterSeconds?: number; secrets?: Iterable<string | undefined> } = {},
): AppError {
  const params = extra.params ?? {};
  const make = MESSAGES[code];
  const message = make
    ? make(params)
    : 'Something went wrong while connecting. Try again; if it keeps happening, export a report for support.';
  return new AppError({
    code,
    message: redactText(message, extra.secrets ?? []),
    ...(detail !== undefined ? { detail: redactText(detail, extra.secrets ?? []) } : {}),
    ...(extra.params !== undefined ? { params: extra.params } : {}),
    ...(extra.retryAfterSeconds !== undefined ? { retryAfterSeconds: extra.retryAfterSeconds } : {}),
  });
}

/** RFC 6749 §4.1.2.1 and §5.2 error codes to ours; anything else is PROVIDER_ERROR. */
const PROTOCOL_CODES: Record<string, ErrorCode> = {
  invalid_grant: 'INVALID_GRANT',
  invalid_client: 'INVALID_CLIENT',
  invalid_scope: 'INVALID_SCOPE',
  access_denied: 'ACCESS_DENIED',
  unauthorized_client: 'UNAUTHORIZED_CLIENT',
  unsupported_grant_type: 'UNSUPPORTED_GRANT_TYPE',
  invalid_request: 'INVALID_REQUEST',
};

/** An OAuth error response (token endpoint body or authorization callback) as an AppError. */
export function providerError(
  error: string,
  description: string | undefined,
  context: { status?: number; where: string; secrets?: Iterable<string | undefined> },
): AppError {
  const code = PROTOCOL_CODES[error] ?? 'PROVIDER_ERROR';
  const parts = [`${context.where}: error=${error.slice(0, 100)}`];
  // Redacted before it is cut: a cut must never leave the beginning of a secret behind.
  const reason = description ? truncateRedacted(description, 500, context.secrets ?? []) : undefined;
  if (reason) parts.push(`error_description=${reason}`);
  if (context.status !== undefined) parts.push(`HTTP ${context.status}`);
  return oauthError(code, parts.join('; '), {
    // The vendor's own words are shown next to the message, not only under "Technical details".
    params: { error: error.slice(0, 100), ...(reason ? { vendorReason: reason } : {}) },
    ...(context.secrets ? { secrets: context.secrets } : {}),
  });
}

/** Copy of an AppError with message and detail scrubbed of the given secrets (last line of defence). */
export function scrubError(error: unknown, secrets: Iterable<string | undefined>): unknown {
  if (!(error instanceof AppError)) return error;
  const list = [...secrets];
  const data = error.toData();
  return new AppError({
    ...data,
    message: redactText(data.message, list),
    ...(data.detail !== undefined ? { detail: redactText(data.detail, list) } : {}),
  });
}

/**
 * Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP-date, as whole seconds from `now`
 * (never negative); undefined when absent or unreadable.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number.parseInt(text, 10);
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}
