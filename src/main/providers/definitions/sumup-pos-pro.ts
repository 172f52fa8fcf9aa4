import type { ProviderDefinitionInput } from '../../../shared/providers/provider-schema';

const PAGE = 'shared/seeds/000_00cf6d41362f4d85.txt (SumUp POS Pro, ex-Tiller, "Oauth2.0")';

export const sumupPosPro: ProviderDefinitionInput = {
  id: 'sumup-pos-pro',
  name: 'SumUp POS Pro',
  builtin: true,
  sources: [PAGE],
  assumptions: [
    'The page names both /login and /oauth2/authorize; the authorization request goes to /oauth2/authorize with the same parameters.',
    'The page shows no state parameter; one is sent anyway and checked when it comes back.',
    'Refresh tokens are assumed not to rotate; a new one is kept if it comes back.',
    'The API test call GET /api/v1/orders needs order/read (a default scope).',
  ],
  endpoints: {
    authorization: 'https://oauth.api.tiller.systems/oauth2/authorize',
    token: 'https://oauth.api.tiller.systems/oauth2/token',
  },
  grants: ['authorization_code', 'refresh_token'],
  // Every token parameter, client_secret and code included, goes in the query string.
  tokenRequest: { encoding: 'query', clientAuth: 'client_secret_post' },
  authorizationCode: {
    pkce: 'unsupported',
    stateRequired: false,
    // "It MUST be the same one you set in your tech configuration".
    redirectMatch: 'exact',
    defaultPort: 47812,
    callbackPath: '/callback',
  },
  scopes: [
    {
      name: 'order/write',
      default: true,
      description: 'Order API: create and change orders (enabled by default).',
    },
    { name: 'order/read', default: true, description: 'Order API: read orders (enabled by default).' },
    {
      name: 'purchase-request/write',
      default: true,
      description: 'Purchase Request API (enabled by default).',
    },
    {
      name: 'store/read',
      needsApproval: true,
      description: 'Store API. Enabled by SumUp POS Pro support on request.',
    },
    {
      name: 'location/read',
      needsApproval: true,
      description: 'Location API. Enabled by SumUp POS Pro support on request.',
    },
    {
      name: 'catalog/read',
      needsApproval: true,
      description: 'Catalog API. Enabled by SumUp POS Pro support on request.',
    },
  ],
  // "an access_token that expires in 60 minutes and a refresh_token that expires in 60 days".
  lifetimes: { accessTokenSeconds: 3600, refreshTokenSeconds: 60 * 24 * 3600 },
  refreshToken: { issued: 'always', rotates: 'sometimes', singleUse: false },
  accessTokenFormat: 'opaque',
  apiBase: { from: 'fixed', url: 'https://api.tiller.systems' },
  testCalls: [
    {
      id: 'orders',
      label: 'Orders',
      method: 'GET',
      path: '/api/v1/orders',
      scope: 'order/read',
      source: 'assumed',
    },
  ],
};
