import type { ConnectionDetail } from '../../src/shared/models';
import type { ConnectGrant } from '../../src/shared/providers/provider-schema';
import type { SandboxVendorId } from '../../src/shared/sandbox-descriptor';
import type { Harness } from './services-harness';

/** One connection made by one grant, with the API call that proves its token works. */
export interface ConnectedCase {
  name: string;
  vendor: Exclude<SandboxVendorId, 'generic'>;
  grant: ConnectGrant;
  detail: ConnectionDetail;
  testPath: string;
  /**
   * What the test call answers with a valid token: 200, except SumUp client credentials, whose
   * token carries no merchant scope, so the profile call is 403 insufficient_scope (the token
   * itself is accepted; an unknown or expired one would be 401).
   */
  testStatus: number;
}

/** Connects every vendor by each of the grants it offers for connecting, through the handlers. */
export async function connectEveryGrant(h: Harness): Promise<ConnectedCase[]> {
  const out: ConnectedCase[] = [];
  const add = async (
    name: string,
    vendor: ConnectedCase['vendor'],
    grant: ConnectGrant,
    testPath: string,
    extra: Parameters<Harness['connect']>[2] = {},
    testStatus = 200,
  ) => {
    const app = await h.addApp(vendor);
    const detail = await h.connect(app.id, grant, { label: name, ...extra });
    out.push({ name, vendor, grant, detail, testPath, testStatus });
  };
  const account = h.sandbox.d.vendors.powerepos.users?.[0];
  const chimpyUser = h.sandbox.d.vendors.chimpy.users?.[0];
  if (!account?.org_id || !chimpyUser)
    throw new Error('the sandbox descriptor lacks its PowerEPOS or Chimpy users');

  await add('SumUp by code', 'sumup', 'authorization_code', '/v0.1/me', { scopes: [] });
  await add('SumUp by client credentials', 'sumup', 'client_credentials', '/v0.1/me', { scopes: [] }, 403);
  await add('POS Pro by code', 'sumup-pos-pro', 'authorization_code', '/api/v1/orders', {
    scopes: ['order/read', 'order/write'],
  });
  await add('Taptouch by code', 'taptouch', 'authorization_code', '/integration/v1/stores', {
    scopes: ['integration.store'],
  });
  await add('Taptouch by client credentials', 'taptouch', 'client_credentials', '/integration/v1/stores', {
    scopes: ['integration.store', 'integration.order'],
  });
  await add('PowerEPOS by password', 'powerepos', 'password', '/status', {
    username: account.username,
    password: account.password,
    params: { org_id: account.org_id },
    scopes: ['des', 'offline_access'],
  });
  await add('Chimpy by password, kept', 'chimpy', 'password', '/api/v2/stores', {
    username: chimpyUser.username,
    password: chimpyUser.password,
    keepPassword: true,
    scopes: ['offline_access'],
  });
  return out;
}
