import type { SandboxDescriptor, SandboxVendorId } from '../../shared/sandbox-descriptor';
import type { EndpointOverrides } from './resolve-provider';

/**
 * When POS Connect runs against the sandbox, each built-in provider's endpoints are replaced by
 * the sandbox's, read from its descriptor (GET /.well-known/sandbox). PowerEPOS keeps taking its
 * API base from each token, as in production; the sandbox's tokens announce the sandbox's URI.
 */

export const BUILTIN_SANDBOX_IDS = ['sumup', 'sumup-pos-pro', 'taptouch', 'powerepos', 'chimpy'] as const;
export type BuiltinSandboxId = (typeof BUILTIN_SANDBOX_IDS)[number];

export function sandboxEndpointOverrides(
  descriptor: SandboxDescriptor,
): Record<BuiltinSandboxId, EndpointOverrides> {
  const out = {} as Record<BuiltinSandboxId, EndpointOverrides>;
  for (const id of BUILTIN_SANDBOX_IDS) out[id] = vendorOverrides(descriptor, id);
  return out;
}

/** One vendor's overrides (also usable for the generic provider). */
export function vendorOverrides(descriptor: SandboxDescriptor, id: SandboxVendorId): EndpointOverrides {
  const vendor = descriptor.vendors[id];
  const override: EndpointOverrides = { token: vendor.token_endpoint };
  if (vendor.authorization_endpoint !== undefined) override.authorization = vendor.authorization_endpoint;
  if (vendor.revocation_endpoint !== undefined) override.revocation = vendor.revocation_endpoint;
  if (id !== 'powerepos') override.apiBase = vendor.api_base_url;
  return override;
}
