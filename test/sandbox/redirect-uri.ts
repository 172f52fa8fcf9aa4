/**
 * How a vendor compares the redirect_uri it receives with the registered ones.
 * - exact: SumUp ("register the exact redirect URIs") and SumUp POS Pro ("MUST be the same one").
 * - prefix: Taptouch ("the base of the URI must match"), read as: the registered URI is a prefix of
 *   the sent one and both have the same origin, port included.
 * - loopback-any-port: the generic provider, RFC 8252 §7.3: for http://127.0.0.1 or http://[::1]
 *   the port is ignored, everything else must match exactly.
 */
export type RedirectMatch = 'exact' | 'prefix' | 'loopback-any-port';

function parse(uri: string): URL | undefined {
  try {
    return new URL(uri);
  } catch {
    return undefined;
  }
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]']);

export function redirectUriMatches(mode: RedirectMatch, registered: string, sent: string): boolean {
  const sentUrl = parse(sent);
  if (sentUrl === undefined || sentUrl.hash !== '') return false; // RFC 6749 §3.1.2: no fragment
  switch (mode) {
    case 'exact':
      return registered === sent;
    case 'prefix': {
      const registeredUrl = parse(registered);
      return (
        registeredUrl !== undefined && registeredUrl.origin === sentUrl.origin && sent.startsWith(registered)
      );
    }
    case 'loopback-any-port': {
      const registeredUrl = parse(registered);
      if (registeredUrl === undefined) return false;
      if (registeredUrl.protocol === 'http:' && LOOPBACK_HOSTS.has(registeredUrl.hostname)) {
        return (
          sentUrl.protocol === 'http:' &&
          sentUrl.hostname === registeredUrl.hostname &&
          sentUrl.pathname === registeredUrl.pathname &&
          sentUrl.search === registeredUrl.search
        );
      }
      return registered === sent;
    }
  }
}
