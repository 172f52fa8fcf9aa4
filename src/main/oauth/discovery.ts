import * as oauth from 'oauth4webapi';
import {
  GRANT_TYPES,
  validateProviderDefinition,
  type GrantType,
  type ProviderDefinition,
  type ProviderDefinitionInput,
} from '../../shared/providers/provider-schema';
import { checkEndpointUrl } from '../providers/resolve-provider';
import { redactUrl } from '../security/redact';
import { oauthError } from './errors';
import { createBoundedFetch, type HttpOptions } from './http';
import { mapLibraryError } from './token-response';

/**
 * Authorization server metadata (RFC 8414) or OpenID Connect discovery, through oauth4webapi's
 * discoveryRequest / processDiscoveryResponse (which checks that the document's issuer is the one
 * asked for), turned into a draft provider definition a person then reviews and completes.
 */

export interface DiscoveryResult {
  metadata: oauth.AuthorizationServer;
  /** The draft as entered in the provider form. */
  draft: ProviderDefinitionInput;
  /** The draft after schema validation (defaults filled). */
  definition: ProviderDefinition;
  /** The metadata document actually read. */
  metadataUrl: string;
}

interface Target {
  issuer: URL;
  algorithm: 'oauth2' | 'oidc';
  /** A document at a non-standard place: fetched as is. */
  documentUrl?: string;
}

const OIDC = '/.well-known/openid-configuration';
const OAUTH = '/.well-known/oauth-authorization-server';

/** Where to look, for an issuer URL or a metadata document URL. */
export function discoveryTargets(input: string): Target[] {
  const url = new URL(input);
  url.hash = '';
  const path = url.pathname;
  if (path.startsWith(OAUTH)) {
    // RFC 8414 §3.1: the well-known segment is inserted before the issuer's path.
    return [{ issuer: new URL(url.origin + (path.slice(OAUTH.length) || '/')), algorithm: 'oauth2' }];
  }
  if (path.endsWith(OIDC)) {
    return [{ issuer: new URL(url.origin + (path.slice(0, -OIDC.length) || '/')), algorithm: 'oidc' }];
  }
  const wellKnown = path.indexOf('/.well-known/');
  if (wellKnown >= 0) {
    return [
      {
        issuer: new URL(url.origin + (path.slice(0, wellKnown) || '/')),
        algorithm: 'oauth2',
        documentUrl: url.href,
      },
    ];
  }
  return [
    { issuer: url, algorithm: 'oauth2' },
    { issuer: url, algorithm: 'oidc' },
  ];
}

async function fetchMetadata(
  target: Target,
  http: HttpOptions | undefined,
): Promise<{ metadata: oauth.AuthorizationServer; url: string }> {
  let requested = '';
  const bounded = createBoundedFetch(http);
  const fetchFn = (url: string, init: RequestInit): Promise<Response> => {
    requested = target.documentUrl ?? url;
    return bounded(requested, init);
  };
  const response = await oauth.discoveryRequest(target.issuer, {
    algorithm: target.algorithm,
    [oauth.customFetch]: fetchFn,
    [oauth.allowInsecureRequests]: target.issuer.protocol === 'http:',
  });
  if (response.status === 429) throw oauthError('RATE_LIMITED', `metadata ${requested}: HTTP 429`);
  if (response.status >= 500)
    throw oauthError('SERVER_ERROR', `metadata ${requested}: HTTP ${response.status}`);
  if (response.status !== 200)
    throw oauthError('NOT_FOUND', `metadata ${requested}: HTTP ${response.status}`, {
      params: { situation: 'discovery', url: redactUrl(requested) },
    });
  try {
    return { metadata: await oauth.processDiscoveryResponse(target.issuer, response), url: requested };
  } catch (error) {
    if (error instanceof oauth.OperationProcessingError && error.code === oauth.JSON_ATTRIBUTE_COMPARISON) {
      throw oauthError('ISSUER_MISMATCH', `metadata ${requested}: its issuer is not ${target.issuer.href}`);
    }
    throw mapLibraryError(error, `metadata ${requested}`, []);
  }
}

/**
 * A name a person recognises: the metadata's own name where the server gives one (a non-standard
 * but common `service_name`), else the issuer's path (a realm, a tenant) and host, never the port.
 */
function providerName(metadata: Record<string, unknown>, issuer: URL): string {
  const named = metadata.service_name ?? metadata.name;
  if (typeof named === 'string' && named.trim() !== '' && named.length <= 100) return named.trim();
  const segment = issuer.pathname.split('/').filter(Boolean).pop();
  if (!segment) return issuer.hostname;
  let title = segment;
  try {
    title = decodeURIComponent(segment);
  } catch {
    // A malformed escape stays as written.
  }
  title = title.replace(/[-_]+/g, ' ');
  return `${title.charAt(0).toUpperCase()}${title.slice(1)} (${issuer.hostname})`;
}

function slug(host: string): string {
  const id = host
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 41);
  return id.length >= 2 ? id : `provider-${id}`;
}

/** Draft a provider definition from metadata (any-loopback-port redirects, RFC 8252 §7.3). */
export function draftFromMetadata(
  metadata: oauth.AuthorizationServer,
  metadataUrl: string,
): ProviderDefinitionInput {
  const issuer = new URL(metadata.issuer);
  const assumptions: string[] = [];
  const str = (value: unknown): string | undefined =>
    typeof value === 'string' && value !== '' ? value : undefined;
  const list = (value: unknown): string[] | undefined =>
    Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;

  const advertised = list(metadata.grant_types_supported);
  let grants: GrantType[];
  if (advertised) {
    grants = GRANT_TYPES.filter((g) => advertised.includes(g));
  } else {
    grants = ['authorization_code', 'refresh_token'];
    assumptions.push(
      'grant_types_supported is absent: authorization_code (the RFC 8414 default) and refresh_token are assumed.',
    );
  }
  const authorizationEndpoint = str(metadata.authorization_endpoint);
  if (!authorizationEndpoint) grants = grants.filter((g) => g !== 'authorization_code');
  if (grants.length === 0) grants = ['client_credentials'];

  const methods = list(metadata.token_endpoint_auth_methods_supported);
  let clientAuth: 'client_secret_basic' | 'client_secret_post' | 'none' = 'client_secret_basic';
  if (methods) {
    if (methods.includes('client_secret_basic')) clientAuth = 'client_secret_basic';
    else if (methods.includes('client_secret_post')) clientAuth = 'client_secret_post';
    else if (methods.includes('none')) clientAuth = 'none';
  } else {
    assumptions.push(
      'token_endpoint_auth_methods_supported is absent: client_secret_basic (the RFC 8414 default) is used.',
    );
  }

  const challenge = list(metadata.code_challenge_methods_supported);
  const pkce: 'required' | 'supported' = challenge?.includes('S256') ? 'required' : 'supported';
  if (!challenge?.includes('S256'))
    assumptions.push(
      'S256 is not advertised in code_challenge_methods_supported; PKCE is sent anyway (servers ignore unknown parameters).',
    );

  const scopeNames = list(metadata.scopes_supported) ?? [];
  const refreshScope = scopeNames.includes('offline_access') ? 'offline_access' : undefined;
  const revocation = str(metadata.revocation_endpoint);
  const token = str(metadata.token_endpoint);
  if (token === undefined)
    throw oauthError('INVALID_PROVIDER', `metadata ${metadataUrl} has no token_endpoint`, {
      params: { field: 'endpoints.token' },
    });
  assumptions.push(
    'Token lifetimes and refresh-token rules are not in the metadata; expires_in from each response is used.',
  );
  assumptions.push("The API base URL is a guess (the issuer's origin); change it to the API you call.");

  const name = providerName(metadata, issuer);
  return {
    id: slug(name),
    name,
    builtin: false,
    sources: [metadataUrl],
    assumptions,
    endpoints: {
      token,
      ...(authorizationEndpoint ? { authorization: authorizationEndpoint } : {}),
      ...(revocation ? { revocation } : {}),
    },
    issuer: metadata.issuer,
    grants,
    tokenRequest: { encoding: 'form', clientAuth },
    ...(grants.includes('authorization_code')
      ? {
          authorizationCode: {
            pkce,
            stateRequired: true,
            redirectMatch: 'any-loopback-port' as const,
            callbackPath: '/callback',
          },
        }
      : {}),
    // openid (and offline_access, so that a refresh token comes back) are what a person connecting
    // to an OpenID Connect server wants; every other scope is theirs to choose.
    scopes: scopeNames.map((scope) => ({
      name: scope,
      default: scope === 'openid' || scope === 'offline_access',
      description: '',
    })),
    ...(refreshScope ? { refreshScope } : {}),
    lifetimes: { accessTokenSeconds: null, refreshTokenSeconds: null },
    refreshToken: { singleUse: false },
    apiBase: { from: 'configured', url: issuer.origin },
  };
}

/** Discover the metadata at an issuer or metadata URL and draft a provider definition. */
export async function discoverProvider(input: string, http?: HttpOptions): Promise<DiscoveryResult> {
  checkEndpointUrl('metadata', input);
  const targets = discoveryTargets(input);
  let lastError: unknown;
  for (const target of targets) {
    try {
      const { metadata, url } = await fetchMetadata(target, http);
      const draft = draftFromMetadata(metadata, url);
      const checked = validateProviderDefinition(draft);
      if (!checked.ok) {
        throw oauthError(
          'INVALID_PROVIDER',
          `draft from ${url}: ${checked.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
        );
      }
      return { metadata, draft, definition: checked.value, metadataUrl: url };
    } catch (error) {
      lastError = error;
      if (!(error instanceof Error && 'code' in error && error.code === 'NOT_FOUND')) throw error;
    }
  }
  throw lastError;
}
