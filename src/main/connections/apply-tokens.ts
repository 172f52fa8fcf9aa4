import { AppError } from '../../shared/errors';
import type { HistoryEvent } from '../../shared/models';
import type { ProviderDefinition } from '../../shared/providers/provider-schema';
import { decodeJwtUnverified } from '../oauth/jwt';
import type { TokenSet } from '../oauth/token-response';
import { checkAnnouncedApiBase } from '../security/origin-binding';
import type { ConnectionRecord, ConnectionSecrets } from '../ports';
import { clampLifetimeSeconds } from './refresh-policy';

/**
 * What a token response changes: the secrets to store, the metadata to keep and the history lines
 * to write. Pure, so every vendor rule (keep the old refresh token, read PowerEPOS's service URI
 * from the JWT, record granted against requested scopes) is tested without a server.
 */

export interface AppliedTokens {
  record: ConnectionRecord;
  secrets: ConnectionSecrets;
  events: HistoryEvent[];
}

/** A value a token announces: its JWT claim first (authoritative), then a token-response field. */
function announced(
  tokens: TokenSet,
  claim: string | undefined,
  field: string | undefined,
): string | undefined {
  const claims = claim !== undefined ? decodeJwtUnverified(tokens.accessToken)?.claims : undefined;
  const fromClaim = claim !== undefined ? claims?.[claim] : undefined;
  if (typeof fromClaim === 'string' && fromClaim !== '' && fromClaim.length <= 2048) return fromClaim;
  const fromResponse = field !== undefined ? tokens.extra[field] : undefined;
  return typeof fromResponse === 'string' && fromResponse !== '' ? fromResponse : undefined;
}

/** PowerEPOS announces its service URI in each token: the JWT claim wins, the response's svc is the fallback. */
export function apiBaseFromToken(provider: ProviderDefinition, tokens: TokenSet): string | undefined {
  if (provider.apiBase.from !== 'token') return undefined;
  return announced(tokens, provider.apiBase.claim, provider.apiBase.responseField);
}

/**
 * provider.echoedParams: a token for another organisation than the one asked for (PowerEPOS
 * org_id) is refused before anything is stored. A value the vendor does not echo is not checked.
 */
export function checkEchoedParams(
  provider: ProviderDefinition,
  params: Record<string, string>,
  tokens: TokenSet,
): void {
  for (const echo of provider.echoedParams) {
    const expected = params[echo.param]?.trim();
    if (expected === undefined || expected === '') continue;
    const got = announced(tokens, echo.claim, echo.responseField);
    if (got === undefined || got === expected) continue;
    throw new AppError({
      code: 'PARAM_MISMATCH',
      message: `${provider.name} issued a token for ${echo.param} "${got}", not the "${expected}" asked for, so nothing was saved. Check the ${echo.param} and connect again.`,
      detail: `${echo.param}: asked for ${JSON.stringify(expected)}, token answer says ${JSON.stringify(got)}`,
      params: { field: echo.param, expected, got: got.slice(0, 100) },
    });
  }
}

export function applyTokens(
  provider: ProviderDefinition,
  record: ConnectionRecord,
  previous: ConnectionSecrets | undefined,
  tokens: TokenSet,
  options: { now: number; keepPassword?: string },
): AppliedTokens {
  checkEchoedParams(provider, record.params, tokens);
  const iso = new Date(options.now).toISOString();
  const events: HistoryEvent[] = [];

  // RFC 6749 §6: a refresh may or may not return a new refresh token; keep the old one when not,
  // unless it was single-use (Taptouch): it is spent, so keeping it would only fail later.
  const spentWithoutSuccessor =
    provider.refreshToken.singleUse &&
    previous?.refreshToken !== undefined &&
    tokens.refreshToken === undefined;
  const refreshToken = spentWithoutSuccessor ? undefined : (tokens.refreshToken ?? previous?.refreshToken);
  if (spentWithoutSuccessor) {
    events.push({
      at: iso,
      kind: 'warning',
      summary:
        'The provider renewed the access token without a new refresh token; its refresh tokens are single-use, so this connection will need signing in again when the access token expires.',
      data: { warning: 'single_use_spent' },
    });
  }
  const newRefreshToken = tokens.refreshToken !== undefined && tokens.refreshToken !== previous?.refreshToken;
  const lifetime = provider.lifetimes.refreshTokenSeconds;
  let refreshTokenExpiresAt = record.refreshTokenExpiresAt;
  if (refreshToken === undefined) refreshTokenExpiresAt = undefined;
  else if (
    lifetime !== null &&
    (newRefreshToken || provider.refreshToken.slidingWindow || refreshTokenExpiresAt === undefined)
  ) {
    refreshTokenExpiresAt = options.now + lifetime * 1000;
  }

  // Granted scopes: as the response says (RFC 6749 §5.1), else what was asked for.
  const granted =
    tokens.scope ??
    (record.grantedScopes.length > 0 && record.scopesSource === 'response'
      ? record.grantedScopes
      : record.requestedScopes);
  const scopesSource = tokens.scope
    ? 'response'
    : record.scopesSource === 'response' && record.grantedScopes.length > 0
      ? 'response'
      : 'request';
  const before = new Set(record.grantedScopes);
  const after = new Set(granted);
  if (
    record.grantedScopes.length > 0 &&
    (before.size !== after.size || [...after].some((scope) => !before.has(scope)))
  ) {
    events.push({
      at: iso,
      kind: 'scope_changed',
      summary: 'The scopes granted to this connection changed.',
      data: { before: [...before], after: [...after] },
    });
  }

  let apiBaseUrl = record.apiBaseUrl;
  let announced = apiBaseFromToken(provider, tokens);
  if (announced !== undefined && provider.apiBase.from === 'token') {
    // Checked before it can receive a bearer token; a refused one is ignored (the new tokens are
    // still kept: a rotated refresh token must not be lost to a bad service URI).
    const checked = checkAnnouncedApiBase(announced, provider.apiBase.allowedHosts, record.environment);
    if (checked.ok) announced = checked.url;
    else {
      events.push({
        at: iso,
        kind: 'error',
        summary:
          'The provider announced a service address POS Connect does not send tokens to; it was ignored.',
        error: checked.error.toData(),
      });
      announced = undefined;
    }
  }
  // The same address written with or without a trailing slash (records from before the check
  // normalised it) is no move.
  const sameAddress = (a: string, b: string | undefined) =>
    b !== undefined && a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
  if (announced !== undefined && !sameAddress(announced, record.apiBaseUrl)) {
    if (record.apiBaseUrl !== undefined) {
      events.push({
        at: iso,
        kind: 'service_uri_changed',
        summary: 'The provider moved this connection to another service address.',
        data: { before: record.apiBaseUrl, after: announced },
      });
    }
    apiBaseUrl = announced;
  }

  // Expiry from the local clock at receipt (options.now is taken when the response is handled),
  // never from the server's Date header; the documented lifetime when expires_in is absent.
  // A lifetime outside the sane range (0, 1e20, Infinity) is clamped so no date overflows and the
  // refresh policy never sees nonsense; the history says what the vendor sent.
  const announcedLifetime = tokens.expiresIn ?? provider.lifetimes.accessTokenSeconds ?? undefined;
  let accessTokenExpiresAt: number | undefined;
  if (announcedLifetime !== undefined) {
    const lifetime = clampLifetimeSeconds(announcedLifetime);
    // The token response already bounded expires_in (first line of defence); the vendor's own
    // figure is what the warning names.
    const announcedByVendor = tokens.expiresInAnnounced ?? announcedLifetime;
    if (lifetime.clamped || tokens.expiresInAnnounced !== undefined) {
      events.push({
        at: iso,
        kind: 'warning',
        summary: `The provider announced an access token lifetime of ${String(announcedByVendor)} s; POS Connect uses ${lifetime.seconds} s.`,
        data: { announcedSeconds: String(announcedByVendor), usedSeconds: lifetime.seconds },
      });
    }
    accessTokenExpiresAt = options.now + lifetime.seconds * 1000;
  }

  const next: ConnectionRecord = {
    ...record,
    grantedScopes: [...granted],
    scopesSource,
    hasRefreshToken: refreshToken !== undefined,
    state: 'connected',
    lastRefreshFailed: false,
    // The app's clock, like the expiry: their difference is the lifetime the refresh policy uses.
    lastTokenResponse: { at: options.now, status: tokens.status, body: tokens.metadata },
  };
  delete next.stateReason;
  if (accessTokenExpiresAt !== undefined) next.accessTokenExpiresAt = accessTokenExpiresAt;
  else delete next.accessTokenExpiresAt;
  if (refreshTokenExpiresAt !== undefined) next.refreshTokenExpiresAt = refreshTokenExpiresAt;
  else delete next.refreshTokenExpiresAt;
  if (apiBaseUrl !== undefined) next.apiBaseUrl = apiBaseUrl;
  // A checked move within the vendor's allowed hosts moves the connection's API origin with it.
  if (next.origins && apiBaseUrl !== undefined)
    next.origins = { ...next.origins, api: new URL(apiBaseUrl).origin };

  const secrets: ConnectionSecrets = { accessToken: tokens.accessToken };
  if (refreshToken !== undefined) secrets.refreshToken = refreshToken;
  const password = options.keepPassword ?? previous?.password;
  if (password !== undefined && record.keepsPassword) secrets.password = password;
  return { record: next, secrets, events };
}
