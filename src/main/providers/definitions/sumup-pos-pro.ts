import type { ProviderDefinitionInput } from '../../../shared/providers/provider-schema';

const PAGE = 'shared/seeds/000_00cf6d41362f4d85.txt (SumUp POS Pro, ex-Tiller, "Oauth2.0")';

export const sumupPosPro: ProviderDefinitionInput = {
  id: 'sumup-pos-pro',
  name: 'SumUp POS Pro',
  builtin: true,
  sources: [PAGE],
  assumptions: [
    'The page names both /login and /oauth2/authorize; the authorization request goes to /oauth2/authorize with the same parameters.',
    'The page shows no state parameter; one is sent anyway and must come back. Without PKCE (the page has none) a callback without state cannot be tied to this sign-in, so it is refused, and the wait ends with a timeout that says state was missing.',
    'The page does not say whether refresh tokens rotate: a new one is kept when it comes back, else the old one (the sandbox sends none back).',
    'The API host https://api.tiller.systems is not on the page (only oauth.api.tiller.systems is); it is derived from the OAuth host. Override it in the settings if it is wrong.',
    'The API test call GET /api/v1/orders is not on the page; it needs order/read (a default scope).',
    'The loopback port 47812 is POS Connect\'s own choice (the callback URL "MUST be the same one you set"): register http://127.0.0.1:47812/callback, or change the port in the provider app.',
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
  refreshToken: { singleUse: false },
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
