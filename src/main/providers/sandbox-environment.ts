import { AppError } from '../../shared/errors';
import type { EndpointOverride } from '../../shared/models';
import type { SandboxDescriptor } from '../../shared/sandbox-descriptor';
import { isLoopbackUrl } from './resolve-provider';
import { BUILTIN_SANDBOX_IDS, vendorOverrides } from './resolve-sandbox';

/**
 * The app started against the local sandbox (POS_CONNECT_SANDBOX=http://127.0.0.1:N or
 * --sandbox=URL): the built-in vendors' URLs are replaced by the sandbox's, read from its
 * descriptor. Only a loopback sandbox is accepted: it stands in for vendors, so it must be local.
 */
export async function loadSandboxEnvironment(
  baseUrl: string,
): Promise<{ url: string; overrides: Record<string, EndpointOverride>; descriptor: SandboxDescriptor }> {
  const url = new URL(baseUrl);
  if (!isLoopbackUrl(url)) {
    throw new AppError({
      code: 'INSECURE_URL',
      message: 'The sandbox must run on this computer (127.0.0.1).',
      detail: `sandbox ${url.origin}`,
    });
  }
  const response = await fetch(new URL('/.well-known/sandbox', url), { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) {
    throw new AppError({
      code: 'NETWORK',
      message: 'The sandbox did not answer. Start it with npm run sandbox.',
      detail: `HTTP ${response.status}`,
    });
  }
  const descriptor = (await response.json()) as SandboxDescriptor;
  const overrides = Object.fromEntries(
    BUILTIN_SANDBOX_IDS.map((id) => [id, vendorOverrides(descriptor, id)]),
  );
  return { url: url.origin, overrides, descriptor };
}

/** The sandbox URL the app was asked to use, from the environment or the command line. */
export function requestedSandboxUrl(argv: readonly string[], env: NodeJS.ProcessEnv): string | undefined {
  const flag = argv.find((arg) => arg.startsWith('--sandbox='));
  return flag ? flag.slice('--sandbox='.length) : env.POS_CONNECT_SANDBOX || undefined;
}
