import type { ProviderDefinition } from './provider-schema';

/**
 * The exact redirect URI to register with a vendor: a fixed port for vendors that match the whole
 * URI, the port-less loopback form for those that accept any loopback port (RFC 8252 §7.3).
 * Shared so the wizard shows it before the provider app is saved, as main will use it.
 */
export function redirectUriFor(
  provider: Pick<ProviderDefinition, 'authorizationCode' | 'grants'>,
  port: number | undefined,
): string | undefined {
  const ac = provider.authorizationCode;
  if (!ac || !provider.grants.includes('authorization_code')) return undefined;
  if (ac.redirectMatch === 'any-loopback-port') return `http://127.0.0.1${ac.callbackPath}`;
  const chosen = port ?? ac.defaultPort;
  return chosen === undefined ? undefined : `http://127.0.0.1:${chosen}${ac.callbackPath}`;
}
