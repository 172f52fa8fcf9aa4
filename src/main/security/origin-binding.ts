import { AppError } from '../../shared/errors';
import type { EnvironmentName } from '../../shared/models';

/**
 * A secret goes only where it was issued. When a connection is made, the origins its secrets may
 * reach (token endpoint, revocation endpoint, API) are recorded with it; every request that
 * carries a secret is checked against that record by the HTTP layer (oauth/http.ts), whatever
 * config.json, an endpoint override or a provider definition says later. Moving a connection to
 * another host takes a re-authorization, which records the new origins.
 */

export interface SecretOrigins {
  token: string;
  revocation?: string;
  api?: string;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

function originOf(url: string): string {
  return new URL(url).origin;
}

/** The origins of the endpoints a connection uses now. */
export function originsOf(endpoints: {
  token: string;
  revocation?: string;
  apiBase?: string;
}): SecretOrigins {
  const origins: SecretOrigins = { token: originOf(endpoints.token) };
  if (endpoints.revocation !== undefined) origins.revocation = originOf(endpoints.revocation);
  if (endpoints.apiBase !== undefined) origins.api = originOf(endpoints.apiBase);
  return origins;
}

/** Every origin the connection's secrets may reach, for the HTTP layer. */
export function destinationsOf(origins: SecretOrigins): string[] {
  return [...new Set([origins.token, origins.revocation, origins.api].filter((o): o is string => !!o))];
}

/** Host names of the origins that differ between two bindings ("old → new"), for history lines. */
export function originChanges(before: SecretOrigins | undefined, after: SecretOrigins): string[] {
  if (!before) return [];
  const out: string[] = [];
  for (const key of ['token', 'revocation', 'api'] as const) {
    if (before[key] !== after[key])
      out.push(`${key}: ${before[key] ?? '(none)'} → ${after[key] ?? '(none)'}`);
  }
  return out;
}

/**
 * Throws ORIGIN_NOT_ALLOWED unless `url` is on one of the bound origins. `destinations`
 * undefined means the caller bound nothing: a request carrying a secret is then refused too.
 */
export function assertDestination(url: string, destinations: readonly string[] | undefined): void {
  let origin: string;
  try {
    origin = originOf(url);
  } catch {
    origin = '(not a URL)';
  }
  if (destinations?.includes(origin)) return;
  const host = origin.replace(/^[a-z]+:\/\//, '');
  throw new AppError({
    code: 'ORIGIN_NOT_ALLOWED',
    message: `POS Connect did not send this connection's sign-in to ${host}: the connection was authorized for another address. If the provider's address really changed, reconnect to authorize the new one.`,
    detail: destinations
      ? `request to ${origin} refused: the connection's secrets are bound to ${destinations.join(', ')}`
      : `request to ${origin} refused: no origin binding was given for a request carrying a secret`,
    params: { host },
  });
}

/** Whether a host matches a rule's patterns: "vendor.example" exactly, "*.vendor.example" any subdomain. */
export function hostMatches(host: string, patterns: readonly string[]): boolean {
  const name = host.toLowerCase();
  return patterns.some((pattern) => {
    const p = pattern.toLowerCase();
    return p.startsWith('*.') ? name.endsWith(p.slice(1)) && name.length > p.length - 1 : name === p;
  });
}

/**
 * A token-announced API base (PowerEPOS's service URI, a custom provider's apiBase.from=token),
 * checked before it may receive a bearer token: https on a host the definition allows; plain
 * http only on loopback, and loopback only for a connection made against the sandbox.
 */
export function checkAnnouncedApiBase(
  value: string,
  allowedHosts: readonly string[],
  environment: EnvironmentName,
): { ok: true; url: string } | { ok: false; error: AppError } {
  const refuse = (why: string) => ({
    ok: false as const,
    error: new AppError({
      code: 'ORIGIN_NOT_ALLOWED',
      message:
        'The provider announced a service address POS Connect does not send tokens to, so it was ignored. If this persists, export a report for support.',
      detail: `announced API base ${safeOrigin(value)} refused: ${why}`,
      params: { host: safeOrigin(value).replace(/^[a-z]+:\/\//, '') },
    }),
  });
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return refuse('not a URL');
  }
  if (url.username !== '' || url.password !== '') return refuse('user-info is not allowed');
  const loopback = LOOPBACK_HOSTS.has(url.hostname);
  if (loopback) {
    if (environment !== 'sandbox') return refuse('loopback addresses are only accepted in sandbox mode');
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return refuse(`scheme ${url.protocol}`);
    return { ok: true, url: url.href };
  }
  if (url.protocol !== 'https:') return refuse(`scheme ${url.protocol} (https is required)`);
  if (!hostMatches(url.hostname, allowedHosts))
    return refuse(`host ${url.hostname} is not one of ${allowedHosts.join(', ')}`);
  return { ok: true, url: url.href };
}

function safeOrigin(value: string): string {
  try {
    return new URL(value).origin;
  } catch {
    return '(not a URL)';
  }
}
