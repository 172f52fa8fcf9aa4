import type { ServerResponse } from 'node:http';
import type { JWTPayload } from 'jose';
import type { BodyKind, ParsedBody } from './body';
import type { ClientRecord } from './clients';
import type { SandboxState } from './context';
import type { SandboxVendorId } from '../../src/shared/sandbox-descriptor';
import { OAuthError } from './errors';
import { isValidCodeVerifier, verifyS256 } from './pkce';
import { randomToken } from './random';
import { sendJson } from './respond';
import type { Grant, RefreshTokenRecord } from './store';

/** Token endpoint steps every vendor shares: scope parsing, code redemption, refresh, issuing. */

/** Splits a scope parameter (RFC 6749 §3.3); null when absent or empty. */
export function parseScope(value: string | undefined): string[] | null {
  if (value === undefined) return null;
  const names = value.split(' ').filter((name) => name !== '');
  return names.length === 0 ? null : [...new Set(names)];
}

/** Rejects what RFC 6749 §3.2 forbids: a parameter sent more than once. */
export function rejectDuplicates(duplicates: string[]): void {
  if (duplicates.length > 0)
    throw new OAuthError('invalid_request', `Parameters sent more than once: ${duplicates.join(', ')}.`);
}

export function requireParam(params: Map<string, string>, name: string): string {
  const value = params.get(name);
  if (value === undefined || value === '') throw new OAuthError('invalid_request', `${name} is missing.`);
  return value;
}

/** A refresh may narrow the scope but never widen it (RFC 6749 §6). */
export function narrowScopes(grant: Grant, requested: string[] | null): string[] {
  if (requested === null) return grant.scopes;
  const extra = requested.filter((name) => !grant.scopes.includes(name));
  if (extra.length > 0)
    throw new OAuthError(
      'invalid_scope',
      `Not granted originally, cannot be added on refresh: ${extra.join(' ')}.`,
    );
  return requested;
}

/**
 * Redeems an authorization code (RFC 6749 §4.1.3) and creates the grant. A code is single-use: the
 * first presentation burns it, and a second one revokes every token issued from it (§4.1.2).
 */
export function redeemCode(
  state: SandboxState,
  vendor: SandboxVendorId,
  client: ClientRecord,
  params: Map<string, string>,
): Grant {
  const value = requireParam(params, 'code');
  const verifier = params.get('code_verifier');
  state.secrets.record('authorization_code', vendor, value);
  state.secrets.record('code_verifier', vendor, verifier);

  const code = state.store.code(value);
  if (code === undefined || code.vendor !== vendor)
    throw new OAuthError('invalid_grant', 'Unknown authorization code.');
  if (code.used) {
    if (code.grant_id !== undefined) state.store.revokeGrant(code.grant_id);
    throw new OAuthError(
      'invalid_grant',
      'The authorization code was already used; the tokens issued from it are revoked.',
    );
  }
  code.used = true;
  if (code.expires_at <= state.clock.now())
    throw new OAuthError('invalid_grant', 'The authorization code has expired.');
  if (code.client_id !== client.client_id)
    throw new OAuthError('invalid_grant', 'The authorization code was issued to another client.');
  // RFC 6749 §4.1.3: redirect_uri must be identical to the one in the authorization request.
  if (params.get('redirect_uri') !== code.redirect_uri) {
    throw new OAuthError(
      'invalid_grant',
      'redirect_uri does not match the one used in the authorization request.',
    );
  }
  if (code.code_challenge !== undefined) {
    if (verifier === undefined)
      throw new OAuthError(
        'invalid_grant',
        'code_verifier is missing (PKCE was used in the authorization request).',
      );
    if (!isValidCodeVerifier(verifier) || !verifyS256(verifier, code.code_challenge)) {
      throw new OAuthError('invalid_grant', 'code_verifier does not match the code_challenge.');
    }
  } else if (verifier !== undefined) {
    // RFC 9700 §2.1.1: a verifier without a challenge is a PKCE downgrade attempt.
    throw new OAuthError(
      'invalid_grant',
      'code_verifier sent, but the authorization request had no code_challenge.',
    );
  }
  const grant = state.store.createGrant(vendor, client.client_id, code.subject, code.scopes);
  code.grant_id = grant.id;
  return grant;
}

/**
 * Checks a presented refresh token. A spent one (rotated away, or single-use and used) is reuse:
 * the whole grant is revoked (RFC 9700 §4.14.2) and the answer is invalid_grant.
 */
export function takeRefreshToken(
  state: SandboxState,
  vendor: SandboxVendorId,
  client: ClientRecord,
  params: Map<string, string>,
): { grant: Grant; record: RefreshTokenRecord } {
  const value = requireParam(params, 'refresh_token');
  state.secrets.record('refresh_token', vendor, value);
  const record = state.store.refreshToken(value);
  if (record === undefined || record.vendor !== vendor)
    throw new OAuthError('invalid_grant', 'Unknown refresh token.');
  if (record.client_id !== client.client_id)
    throw new OAuthError('invalid_grant', 'The refresh token was issued to another client.');
  const grant = state.store.grant(record.grant_id);
  if (grant === undefined || grant.revoked)
    throw new OAuthError('invalid_grant', 'The refresh token has been revoked; authorize again.');
  if (record.spent) {
    state.store.revokeGrant(grant.id);
    throw new OAuthError(
      'invalid_grant',
      'The refresh token was already used; every token of this authorization is now revoked.',
    );
  }
  if (record.expires_at !== null && record.expires_at <= state.clock.now()) {
    throw new OAuthError('invalid_grant', 'The refresh token has expired; authorize again.');
  }
  grant.refreshes += 1;
  return { grant, record };
}

export interface MintOptions {
  grant: Grant;
  scopes: string[];
  lifetimeSeconds: number;
  /** Claims for a JWT access token; absent: an opaque token. */
  jwtClaims?: JWTPayload;
  attributes?: Record<string, string>;
}

/** Mints and stores an access token (opaque, or a JWT signed by the sandbox key). */
export async function mintAccessToken(state: SandboxState, options: MintOptions): Promise<string> {
  const { grant, scopes, lifetimeSeconds } = options;
  const token =
    options.jwtClaims === undefined
      ? randomToken('sbx_at_', 32)
      : await state.signer.sign(options.jwtClaims, state.clock.nowSeconds(), lifetimeSeconds);
  state.store.addAccessToken({
    token,
    vendor: grant.vendor,
    grant_id: grant.id,
    client_id: grant.client_id,
    scopes,
    expires_at: state.clock.now() + lifetimeSeconds * 1000,
    attributes: options.attributes ?? {},
  });
  return token;
}

/**
 * The answer to a code exchange for vendors with opaque tokens: an access token for the code's
 * scopes and a refresh token (null lifetime: the vendor documents none), with the scope echoed.
 */
export async function answerCodeWithOpaqueTokens(
  state: SandboxState,
  res: ServerResponse,
  grant: Grant,
  lifetimes: { accessSeconds: number; refreshSeconds: number | null },
): Promise<void> {
  const accessToken = await mintAccessToken(state, {
    grant,
    scopes: grant.scopes,
    lifetimeSeconds: lifetimes.accessSeconds,
  });
  const refresh = state.store.issueRefreshToken(grant, lifetimes.refreshSeconds);
  sendTokenResponse(res, {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: lifetimes.accessSeconds,
    refresh_token: refresh.token,
    scope: grant.scopes.join(' '),
  });
}

/** Writes a successful token response (RFC 6749 §5.1), omitting absent fields. */
export function sendTokenResponse(
  res: ServerResponse,
  fields: Record<string, string | number | undefined>,
): void {
  const body: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) body[name] = value;
  sendJson(res, 200, body);
}

/** Reads grant_type and refuses grants the vendor does not support. */
export function requireGrantType(params: Map<string, string>, supported: readonly string[]): string {
  const grantType = requireParam(params, 'grant_type');
  if (!supported.includes(grantType)) {
    throw new OAuthError(
      'unsupported_grant_type',
      `grant_type ${grantType} is not supported here; use one of: ${supported.join(', ')}.`,
    );
  }
  return grantType;
}

/**
 * The token request's parameters from the body, if the body is one of the encodings the vendor
 * takes; otherwise a clear invalid_request naming the encoding to use.
 */
export function bodyParams(
  body: ParsedBody,
  accepted: readonly BodyKind[],
  hint: string,
): Map<string, string> {
  if (body.kind === 'none') return body.params;
  if (body.kind === 'malformed')
    throw new OAuthError('invalid_request', `The request body could not be parsed. ${hint}`);
  if (!accepted.includes(body.kind))
    throw new OAuthError('invalid_request', `Unsupported Content-Type "${body.mediaType}". ${hint}`);
  rejectDuplicates(body.duplicates);
  return body.params;
}
