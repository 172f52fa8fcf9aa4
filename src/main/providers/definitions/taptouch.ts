import type { ProviderDefinitionInput } from '../../../shared/providers/provider-schema';

const PAGE = 'shared/seeds/004_d26f96c710a2cc65.txt (Taptouch, "Authorization")';

export const taptouch: ProviderDefinitionInput = {
  id: 'taptouch',
  name: 'Taptouch',
  builtin: true,
  sources: [PAGE],
  assumptions: [
    '"The base of the URI must match" is read as: the registered redirect URI is a prefix of the one sent, port included, so the loopback port is fixed.',
    'PKCE (S256) is sent for every authorization code request; the page says it is supported for public clients.',
    "Requests are sent as multipart/form-data, as in the page's curl -F examples.",
    'The 4-day refresh window is taken to restart with each new refresh token.',
  ],
  endpoints: {
    authorization: 'https://api.taptouch.net/auth/v2/authorize',
    token: 'https://api.taptouch.net/auth/v2/token',
  },
  grants: ['authorization_code', 'client_credentials', 'refresh_token'],
  tokenRequest: { encoding: 'multipart', clientAuth: 'client_secret_post' },
  authorizationCode: {
    pkce: 'supported',
    stateRequired: false,
    redirectMatch: 'prefix',
    defaultPort: 47813,
    callbackPath: '/callback',
  },
  scopes: [
    {
      name: 'integration.store',
      default: true,
      grants: ['authorization_code', 'client_credentials'],
      description: 'Permission to the Store API.',
    },
    {
      name: 'integration.order',
      grants: ['client_credentials'],
      description: 'Permission to the Order API.',
    },
    {
      name: 'integration.inventory',
      grants: ['client_credentials'],
      description: 'Permission to the Inventory API.',
    },
  ],
  // expires_in 172800 ("your token will last 2 days"); "you can refresh your token within 4 days".
  lifetimes: { accessTokenSeconds: 172800, refreshTokenSeconds: 4 * 24 * 3600 },
  refreshToken: { issued: 'always', rotates: 'always', singleUse: true, slidingWindow: true },
  accessTokenFormat: 'jwt',
  apiBase: { from: 'fixed', url: 'https://api.taptouch.net' },
  testCalls: [
    {
      id: 'stores',
      label: 'Stores',
      method: 'GET',
      path: '/integration/v1/stores',
      scope: 'integration.store',
      source: PAGE,
    },
  ],
};
