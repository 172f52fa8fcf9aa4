import type { ConnectGrant } from './providers/provider-schema';

/**
 * How a connection gets its next access token without a person, in one place: the token keeper
 * decides with it, and every screen (detail, health check, overview) words it from it.
 * - refresh_token: it sends its refresh token;
 * - credentials: client credentials ask again with the provider app's ID and secret (RFC 6749 §4.4
 *   issues no refresh token, and needs none);
 * - kept_password: the password grant signs in again with the password kept in the keychain;
 * - none: it cannot; a person reconnects before the access token expires.
 */
export type RenewalKind = 'refresh_token' | 'credentials' | 'kept_password' | 'none';

export function renewalKind(connection: {
  hasRefreshToken: boolean;
  grant: ConnectGrant | 'refresh_token';
  keepsPassword?: boolean;
}): RenewalKind {
  if (connection.hasRefreshToken) return 'refresh_token';
  if (connection.grant === 'client_credentials') return 'credentials';
  if (connection.keepsPassword) return 'kept_password';
  return 'none';
}
