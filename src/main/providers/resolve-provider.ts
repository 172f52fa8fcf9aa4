import { AppError } from '../../shared/errors';
import type { EndpointOverride } from '../../shared/models';
import type { ProviderDefinition } from '../../shared/providers/provider-schema';
import { redactUrl } from '../security/redact';

/**
 * The endpoints a provider definition means for one provider app: {placeholders} filled from the
 * app's parameters (Chimpy: '{authorization_service_uri}/oauth/token'), overrides applied (a
 * staging environment, the sandbox), and every URL checked: https only, plain http only for
 * loopback (127.0.0.1, [::1], localhost).
 */

export interface ResolvedEndpoints {
  authorization?: string;
  token: string;
  revocation?: string;
  /** Absent when the API base comes from each token (PowerEPOS). */
  apiBase?: string;
}

export type EndpointOverrides = EndpointOverride;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

export function isLoopbackUrl(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname);
}

function insecure(name: string, url: string, why: string): AppError {
  return new AppError({
    code: 'INSECURE_URL',
    message:
      'This address is not secure: POS Connect only uses https:// addresses (plain http only on this computer, 127.0.0.1 or localhost). Correct the address in the settings.',
    detail: `${name} endpoint ${redactUrl(url)}: ${why}`,
    params: { field: name },
  });
}

/** Parse and check one endpoint URL: https, or http on loopback only. */
export function checkEndpointUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AppError({
      code: 'INVALID_INPUT',
      message: `The ${name} address is not a valid URL. Correct it in the provider settings.`,
      detail: `${name} endpoint is not a URL: ${redactUrl(value).slice(0, 200)}`,
      params: { field: name },
    });
  }
  if (url.protocol === 'https:') return url.href;
  if (url.protocol === 'http:') {
    if (isLoopbackUrl(url)) return url.href;
    throw insecure(name, value, 'plain http is only allowed for 127.0.0.1, [::1] or localhost');
  }
  throw insecure(name, value, `scheme ${url.protocol} is not allowed`);
}

/**
 * A tenant address entered by a person (Chimpy's {{AUTHORIZATION_SERVICE_URI}} is a host in the
 * vendor's page): a bare host becomes https://host; a full URL is kept. Plain http only for
 * loopback, and only when `allowLoopbackHttp` (sandbox mode). No trailing slash.
 */
export function normaliseTenantUrl(name: string, value: string, allowLoopbackHttp: boolean): string {
  const text = value.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  const checked = checkEndpointUrl(name, withScheme);
  const url = new URL(checked);
  if (url.protocol === 'http:' && !allowLoopbackHttp)
    throw insecure(name, checked, 'plain http is only allowed for loopback addresses in sandbox mode');
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new AppError({
      code: 'INVALID_INPUT',
      message: `Enter the ${name} as a host name or an https:// address without query or credentials.`,
      detail: `${name} has a query, fragment or credentials`,
      params: { field: name },
    });
  }
  return url.href.replace(/\/+$/, '');
}

/** Fill {placeholders}; a parameter's trailing slash is dropped so '{base}/path' has one slash. */
export function fillPlaceholders(template: string, params: Record<string, string>, field: string): string {
  return template.replace(/\{([a-z][a-z0-9_]*)\}/g, (_match, name: string) => {
    const value = params[name]?.trim();
    if (value === undefined || value === '') {
      throw new AppError({
        code: 'INVALID_INPUT',
        message: `The provider app is missing "${name}", needed for the ${field} address. Enter it in the provider app settings.`,
        detail: `placeholder {${name}} in the ${field} endpoint has no value`,
        params: { field: name },
      });
    }
    return value.replace(/\/+$/, '');
  });
}

/**
 * The effective endpoints for a definition, the provider app's params and optional overrides.
 * Throws AppError INSECURE_URL (non-https, non-loopback) or INVALID_INPUT (missing placeholder,
 * not a URL).
 */
export function resolveProviderEndpoints(
  definition: ProviderDefinition,
  params: Record<string, string> = {},
  overrides: EndpointOverrides = {},
): ResolvedEndpoints {
  const pick = (name: keyof EndpointOverrides, template: string | undefined): string | undefined => {
    const chosen = overrides[name]?.trim() ? overrides[name] : template;
    if (chosen === undefined) return undefined;
    return checkEndpointUrl(name, fillPlaceholders(chosen, params, name));
  };
  const apiTemplate = definition.apiBase.from === 'token' ? undefined : definition.apiBase.url;
  const token = pick('token', definition.endpoints.token);
  if (token === undefined)
    throw new AppError({
      code: 'INVALID_PROVIDER',
      message: 'The provider has no token endpoint. Add one in the provider settings.',
      params: { field: 'endpoints.token' },
    });
  const resolved: ResolvedEndpoints = { token };
  const authorization = pick('authorization', definition.endpoints.authorization);
  const revocation = pick('revocation', definition.endpoints.revocation);
  const apiBase = pick('apiBase', apiTemplate);
  if (authorization !== undefined) resolved.authorization = authorization;
  if (revocation !== undefined) resolved.revocation = revocation;
  if (apiBase !== undefined) resolved.apiBase = apiBase;
  return resolved;
}
