import * as oauth from 'oauth4webapi';
import { oauthError, scrubError } from './errors';
import { mapLibraryError } from './token-response';
import {
  authorizationServerFor,
  clientAuthFor,
  destinationsFor,
  libraryOptions,
  vendorFetch,
  type TokenEndpointConfig,
} from './token-request';

/**
 * Token revocation (RFC 7009) for providers with a revocation endpoint, through oauth4webapi's
 * revocationRequest / processRevocationResponse, with the same client authentication, encoding,
 * deadline and size cap as token requests. A 200 means revoked (or already invalid, §2.2).
 */
export async function revokeToken(
  config: TokenEndpointConfig,
  token: string,
  tokenTypeHint?: 'access_token' | 'refresh_token',
): Promise<void> {
  const { provider, endpoints, client } = config;
  if (endpoints.revocation === undefined) {
    throw oauthError('GRANT_NOT_SUPPORTED', `${provider.id} has no revocation endpoint`, {
      params: { grant: 'revocation' },
    });
  }
  const secrets = [token, client.clientSecret ?? ''];
  const as = authorizationServerFor(provider, endpoints);
  const libClient: oauth.Client = { client_id: client.clientId };
  const options = libraryOptions(
    endpoints.revocation,
    vendorFetch(provider, config.http, secrets, destinationsFor(config)),
  );
  try {
    const response = await oauth.revocationRequest(as, libClient, clientAuthFor(provider, client), token, {
      ...options,
      ...(tokenTypeHint ? { additionalParameters: { token_type_hint: tokenTypeHint } } : {}),
    });
    if (response.status === 429)
      throw oauthError('RATE_LIMITED', 'revocation endpoint: HTTP 429', { secrets });
    if (response.status >= 500)
      throw oauthError('SERVER_ERROR', `revocation endpoint: HTTP ${response.status}`, { secrets });
    await oauth.processRevocationResponse(response);
  } catch (error) {
    throw scrubError(mapLibraryError(error, 'revocation endpoint', secrets), secrets);
  }
}
