import type { SaveAppInput } from '../../shared/models';
import type { SandboxClient, SandboxDescriptor } from '../../shared/sandbox-descriptor';
import { BUILTIN_SANDBOX_IDS } from '../providers/resolve-sandbox';

/**
 * In sandbox mode every built-in vendor gets a provider app from the sandbox's own registrations
 * (GET /.well-known/sandbox), so a newcomer chooses a vendor and signs in without typing a client
 * ID: the sandbox's confidential client where there is one (SumUp's vetted one), its registered
 * redirect port, and Chimpy's tenant URIs and audience.
 */
export function sandboxProviderApps(descriptor: SandboxDescriptor): SaveAppInput[] {
  return BUILTIN_SANDBOX_IDS.flatMap((id) => {
    // A sandbox of another version may not describe every vendor.
    const vendor = descriptor.vendors[id] as SandboxDescriptor['vendors'][typeof id] | undefined;
    const client = vendor ? pickClient(vendor.clients) : undefined;
    if (!vendor) return [];
    if (!client) return [];
    const port = client.redirect_uris
      .map((uri) => {
        try {
          return new URL(uri).port;
        } catch {
          return '';
        }
      })
      .find((p) => p !== '');
    const params: Record<string, string> = {};
    if (id === 'chimpy') {
      // The sandbox's tenant: its token endpoint is {authorization_service_uri}/oauth/token, as the
      // definition writes it, and its API base is the PoS API URI.
      params.authorization_service_uri = vendor.token_endpoint.replace(/\/oauth\/token$/, '');
      params.pos_api_uri = vendor.api_base_url;
      if (vendor.audience) params.audience = vendor.audience;
    }
    const app: SaveAppInput = {
      providerId: id,
      label: `${vendor.name} (sandbox)`,
      clientId: client.client_id,
      ...(client.client_secret ? { clientSecret: client.client_secret } : {}),
      ...(port ? { redirectPort: Number(port) } : {}),
      params,
    };
    return [app];
  });
}

function pickClient(clients: SandboxClient[]): SandboxClient | undefined {
  return (
    clients.find((c) => c.client_secret !== undefined && c.vetted !== false) ??
    clients.find((c) => c.client_secret !== undefined) ??
    clients[0]
  );
}
