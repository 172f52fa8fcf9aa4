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
    'The page marks state "(optional)" and its callback example carries only ?code=: state is sent, and a callback without it is accepted for the one pending sign-in because PKCE binds the code to it; the history records a warning.',
    'The scope table says integration.inventory is for client credentials only, but the authorization-code example response grants it: it may be asked for with both, flagged in the wizard.',
    'Error answers use the {"status":{"ack":false,"errors":[{"code","message"}]}} envelope of Taptouch\'s API pages; the error codes are not documented, so an error whose code or message says the token expired or was revoked (or invalid_token / unauthorized) is read as "sign in again" at the token endpoint, and as "renew once, then sign in again" on the API (revoked: sign in again at once).',
    'The loopback port 47813 is POS Connect\'s own choice ("the base of the URI must match" the registered one): register http://127.0.0.1:47813/callback, or change the port in the provider app.',
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
      grants: ['authorization_code', 'client_credentials'],
      description: 'Permission to the Inventory API.',
      sourceConflict:
        "The vendor's table says credentials only; its example grants it with the authorization code.",
    },
  ],
  // expires_in 172800 ("your token will last 2 days"); "you can refresh your token within 4 days".
  lifetimes: { accessTokenSeconds: 172800, refreshTokenSeconds: 4 * 24 * 3600 },
  // "The refresh token can only be used once."
  refreshToken: { singleUse: true, slidingWindow: true },
  errorEnvelope: 'status-ack',
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
