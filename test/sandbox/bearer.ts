import type { RequestContext, SandboxState } from './context';
import type { SandboxVendorId } from '../../src/shared/sandbox-descriptor';
import { BearerError } from './errors';
import type { AccessTokenRecord } from './store';

/**
 * Checks the bearer token of an API request (RFC 6750). Only the Authorization header is accepted;
 * the scheme is case-insensitive (Taptouch's own example sends "bearer"). Failures carry the
 * WWW-Authenticate challenge RFC 6750 §3 describes.
 */
export function requireBearer(
  state: SandboxState,
  ctx: RequestContext,
  vendor: SandboxVendorId,
  scope?: string,
): AccessTokenRecord {
  const realm = vendor;
  const header = ctx.req.headers.authorization;
  if (header === undefined) {
    if (ctx.query.params.has('access_token') || ctx.body.params.has('access_token')) {
      throw new BearerError(
        realm,
        'invalid_request',
        'Send the access token in the Authorization header, not as a parameter.',
      );
    }
    throw new BearerError(realm, undefined, 'An access token is required.');
  }
  const match = /^bearer +([A-Za-z0-9\-._~+/]+=*)$/i.exec(header.trim());
  if (match === null)
    throw new BearerError(realm, 'invalid_request', 'The Authorization header is not "Bearer <token>".');
  const token = match[1] ?? '';
  state.secrets.record('access_token', vendor, token);

  const record = state.store.accessToken(token);
  if (record === undefined || record.vendor !== vendor)
    throw new BearerError(realm, 'invalid_token', 'The access token is unknown.');
  const grant = state.store.grant(record.grant_id);
  if (grant === undefined || grant.revoked)
    throw new BearerError(realm, 'invalid_token', 'The access token has been revoked.');
  if (record.expires_at <= state.clock.now())
    throw new BearerError(realm, 'invalid_token', 'The access token has expired.');
  if (scope !== undefined && !record.scopes.includes(scope)) {
    throw new BearerError(realm, 'insufficient_scope', `This call needs the ${scope} scope.`, scope);
  }
  return record;
}
