import * as oauth from 'oauth4webapi';
import type { GrantType, ProviderDefinition } from '../../shared/providers/provider-schema';
import type { ResolvedEndpoints } from '../providers/resolve-provider';
import { reencodeRequest } from './encodings';
import { oauthError, scrubError } from './errors';
import { createBoundedFetch, type ExchangeRecord, type FetchFn, type HttpOptions } from './http';
import { processTokenResponse, type TokenHttpResponse, type TokenSet } from './token-response';

/**
 * Token requests for the four grants, built with oauth4webapi's grant functions and re-encoded for
 * the vendor through its `customFetch` hook. What differs per vendor is read from the provider
 * definition (encoding, client authentication, extra parameters, scope rules), never from its name.
 *
 * A request is sent exactly once: nothing here retries. An authorization code or a single-use
 * refresh token whose exchange got no answer may already be spent, so the caller must surface the
 * error (and, for a code, start a new authorization).
 */

export interface ClientCredentials {
  clientId: string;
  /** Absent for public clients (PKCE); client authentication is then `none`. */
  clientSecret?: string;
}

export interface TokenEndpointConfig {
  provider: ProviderDefinition;
  endpoints: ResolvedEndpoints;
  client: ClientCredentials;
  /** Values for the provider's extraParams (app-level and connection-level merged). */
  params?: Record<string, string>;
  http?: HttpOptions;
}

export type TokenGrantInput =
  | {
      grant: 'authorization_code';
      /** From validateCallback() (oauth4webapi's validateAuthResponse). */
      callbackParameters: URLSearchParams;
      redirectUri: string;
      codeVerifier?: string;
    }
  | { grant: 'client_credentials'; scopes?: string[] }
  | { grant: 'password'; username: string; password: string; scopes?: string[] }
  | { grant: 'refresh_token'; refreshToken: string; scopes?: string[] };

/** The library's view of the provider: only the fields its functions read. */
export function authorizationServerFor(
  provider: ProviderDefinition,
  endpoints: ResolvedEndpoints,
): oauth.AuthorizationServer {
  const issuer = provider.issuer ?? new URL(endpoints.authorization ?? endpoints.token).origin;
  return {
    issuer,
    token_endpoint: endpoints.token,
    ...(endpoints.authorization !== undefined ? { authorization_endpoint: endpoints.authorization } : {}),
    ...(endpoints.revocation !== undefined ? { revocation_endpoint: endpoints.revocation } : {}),
    // RFC 9207: with a known issuer, authorization responses must carry iss.
    ...(provider.issuer !== undefined ? { authorization_response_iss_parameter_supported: true } : {}),
  };
}

/**
 * Client authentication per provider.tokenRequest.clientAuth. ClientSecretBasic form-urlencodes id
 * and secret before base64 (RFC 6749 §2.3.1), as the RFC asks. Without a secret the client is
 * public and only sends client_id.
 */
export function clientAuthFor(provider: ProviderDefinition, client: ClientCredentials): oauth.ClientAuth {
  const secret = client.clientSecret;
  if (provider.tokenRequest.clientAuth === 'none' || secret === undefined || secret === '')
    return oauth.None();
  return provider.tokenRequest.clientAuth === 'client_secret_basic'
    ? oauth.ClientSecretBasic(secret)
    : oauth.ClientSecretPost(secret);
}

/**
 * The scope parameter for a grant: the requested scopes, plus required scopes (scope.required)
 * that apply to the grant, plus the refresh scope (offline_access) when the grant can yield a
 * refresh token and the person cannot choose it (it is not in the catalogue; when it is, as for
 * Chimpy and PowerEPOS, it is sent only when chosen). Order kept, duplicates dropped; undefined
 * when empty.
 */
export function scopeFor(
  provider: ProviderDefinition,
  grant: GrantType,
  requested: readonly string[] = [],
): string | undefined {
  const out: string[] = [];
  const add = (name: string): void => {
    if (name !== '' && !out.includes(name)) out.push(name);
  };
  requested.forEach(add);
  for (const scope of provider.scopes) {
    if (scope.required && (scope.grants === undefined || scope.grants.includes(grant))) add(scope.name);
  }
  const refreshable =
    provider.grants.includes('refresh_token') && !provider.refreshToken.notIssuedFor.includes(grant);
  const chosenByPerson = provider.scopes.some((scope) => scope.name === provider.refreshScope);
  if (provider.refreshScope !== undefined && refreshable && grant !== 'refresh_token' && !chosenByPerson)
    add(provider.refreshScope);
  return out.length > 0 ? out.join(' ') : undefined;
}

/** provider.extraParams whose sendWith includes the grant, with their values; missing required → error. */
export function extraParamsFor(
  provider: ProviderDefinition,
  grant: GrantType,
  values: Record<string, string> = {},
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const param of provider.extraParams) {
    if (!param.sendWith?.includes(grant)) continue;
    const value = values[param.name]?.trim();
    if (value === undefined || value === '') {
      if (param.required) {
        throw oauthError(
          'INVALID_INPUT',
          `extra parameter "${param.name}" is required for the ${grant} grant`,
          { params: { field: param.label } },
        );
      }
      continue;
    }
    out[param.name] = value;
  }
  return out;
}

function secretsOf(client: ClientCredentials, input: TokenGrantInput): string[] {
  const out: string[] = [];
  if (client.clientSecret) out.push(client.clientSecret);
  switch (input.grant) {
    case 'authorization_code': {
      const code = input.callbackParameters.get('code');
      if (code) out.push(code);
      if (input.codeVerifier) out.push(input.codeVerifier);
      break;
    }
    case 'password':
      out.push(input.password);
      break;
    case 'refresh_token':
      out.push(input.refreshToken);
      break;
    case 'client_credentials':
      break;
  }
  return out;
}

/** The fetch handed to oauth4webapi for one request: vendor encoding, deadline, cap, no redirects. */
export function vendorFetch(
  provider: ProviderDefinition,
  http: HttpOptions | undefined,
  secrets: string[],
  onExchange?: (record: ExchangeRecord) => void,
): FetchFn {
  return createBoundedFetch({
    ...http,
    transform: (url, init) => reencodeRequest(provider.tokenRequest.encoding, url, init),
    secrets: () => secrets,
    ...(onExchange ? { onExchange } : {}),
  });
}

/** Options every library request gets: our fetch, and plain http allowed only for loopback. */
export function libraryOptions(
  url: string,
  fetchFn: FetchFn,
): { [oauth.customFetch]: FetchFn; [oauth.allowInsecureRequests]: boolean } {
  // resolve-provider already refused http for anything but loopback; the library's own https
  // check is relaxed only in that case (sandbox, tests).
  return { [oauth.customFetch]: fetchFn, [oauth.allowInsecureRequests]: new URL(url).protocol === 'http:' };
}

/**
 * Send one token request (the "request" half of the pair). Resolves with the raw, buffered
 * response whatever its status; rejects with an AppError for transport failures (NETWORK,
 * TIMEOUT, RESPONSE_TOO_LARGE, UNEXPECTED_REDIRECT, AUTHORIZATION_CANCELLED) and bad input.
 */
export async function sendTokenRequest(
  config: TokenEndpointConfig,
  input: TokenGrantInput,
): Promise<TokenHttpResponse> {
  const { provider, endpoints, client } = config;
  const secrets = secretsOf(client, input);
  if (!provider.grants.includes(input.grant)) {
    throw oauthError('GRANT_NOT_SUPPORTED', `${provider.id} does not list the ${input.grant} grant`, {
      params: { grant: input.grant },
    });
  }
  const as = authorizationServerFor(provider, endpoints);
  const libClient: oauth.Client = { client_id: client.clientId };
  const auth = clientAuthFor(provider, client);
  let record: ExchangeRecord | undefined;
  const options = libraryOptions(
    endpoints.token,
    vendorFetch(provider, config.http, secrets, (r) => (record = r)),
  );
  const extra = extraParamsFor(provider, input.grant, config.params);
  try {
    let response: Response;
    switch (input.grant) {
      case 'authorization_code': {
        const additionalParameters = new URLSearchParams(extra);
        response = await oauth.authorizationCodeGrantRequest(
          as,
          libClient,
          auth,
          input.callbackParameters,
          input.redirectUri,
          input.codeVerifier ?? oauth.nopkce,
          {
            ...options,
            additionalParameters,
          },
        );
        break;
      }
      case 'client_credentials': {
        const parameters = new URLSearchParams(extra);
        const scope = scopeFor(provider, 'client_credentials', input.scopes);
        if (scope !== undefined) parameters.set('scope', scope);
        response = await oauth.clientCredentialsGrantRequest(as, libClient, auth, parameters, options);
        break;
      }
      case 'password': {
        const parameters = new URLSearchParams(extra);
        parameters.set('username', input.username);
        parameters.set('password', input.password);
        const scope = scopeFor(provider, 'password', input.scopes);
        if (scope !== undefined) parameters.set('scope', scope);
        response = await oauth.genericTokenEndpointRequest(
          as,
          libClient,
          auth,
          'password',
          parameters,
          options,
        );
        break;
      }
      case 'refresh_token': {
        const additionalParameters = new URLSearchParams(extra);
        if (provider.tokenRequest.scopeOnRefresh) {
          const scope = scopeFor(provider, 'refresh_token', input.scopes);
          if (scope !== undefined) additionalParameters.set('scope', scope);
        }
        response = await oauth.refreshTokenGrantRequest(as, libClient, auth, input.refreshToken, {
          ...options,
          additionalParameters,
        });
        break;
      }
    }
    return { grant: input.grant, response, receivedAt: record?.receivedAt ?? Date.now(), secrets };
  } catch (error) {
    if (error instanceof oauth.OperationProcessingError || error instanceof TypeError) {
      throw oauthError('INVALID_INPUT', `token request not sent: ${error.message}`, { secrets });
    }
    throw scrubError(error, secrets);
  }
}

/** Process a response from sendTokenRequest (the "process" half of the pair). */
export async function processTokenEndpointResponse(
  config: TokenEndpointConfig,
  raw: TokenHttpResponse,
): Promise<TokenSet> {
  const as = authorizationServerFor(config.provider, config.endpoints);
  try {
    return await processTokenResponse(
      as,
      { client_id: config.client.clientId },
      raw,
      config.provider.errorEnvelope,
    );
  } catch (error) {
    throw scrubError(error, raw.secrets);
  }
}

/** Send and process one token request: the TokenSet, or an AppError. Never retried. */
export async function requestToken(config: TokenEndpointConfig, input: TokenGrantInput): Promise<TokenSet> {
  return processTokenEndpointResponse(config, await sendTokenRequest(config, input));
}

export const clientCredentialsGrant = (config: TokenEndpointConfig, scopes?: string[]): Promise<TokenSet> =>
  requestToken(config, { grant: 'client_credentials', ...(scopes ? { scopes } : {}) });

export const passwordGrant = (
  config: TokenEndpointConfig,
  username: string,
  password: string,
  scopes?: string[],
): Promise<TokenSet> =>
  requestToken(config, { grant: 'password', username, password, ...(scopes ? { scopes } : {}) });

export const refreshTokenGrant = (
  config: TokenEndpointConfig,
  refreshToken: string,
  scopes?: string[],
): Promise<TokenSet> =>
  requestToken(config, { grant: 'refresh_token', refreshToken, ...(scopes ? { scopes } : {}) });
