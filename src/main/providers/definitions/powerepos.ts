import type { ProviderDefinitionInput } from '../../../shared/providers/provider-schema';

const PAGE = 'shared/seeds/003_025a4e39b82ca5f0.txt (PowerEPOS, "Provider Developer Onboarding")';

export const powerepos: ProviderDefinitionInput = {
  id: 'powerepos',
  name: 'PowerEPOS',
  builtin: true,
  sources: [PAGE],
  assumptions: [
    'The JWT claim that holds the service URI ("AuthServerClaims.Service") is named "service".',
    'The refresh token lifetime is not documented; none is tracked.',
    "The test call GET /status under the service URI is the sandbox's; DES endpoints are not on the page.",
    'The service URI is only trusted on the vendor\'s own domain (powerepos.cloud, where its token endpoint is); the page\'s example "https://example.service.uri/" is a placeholder.',
  ],
  endpoints: { token: 'https://auth.powerepos.cloud/authorisation/token' },
  grants: ['password', 'refresh_token'],
  tokenRequest: { encoding: 'form', clientAuth: 'client_secret_post' },
  extraParams: [
    {
      name: 'org_id',
      label: 'Organisation code',
      help: 'The unique code of the organisation you connect to; ask the organisation for it.',
      level: 'connection',
      sendWith: ['password'],
    },
  ],
  scopes: [
    {
      name: 'des',
      default: true,
      required: true,
      description: 'Data Exchange Service (DES). Not for sales or configuration.',
    },
    {
      name: 'offline_access',
      default: true,
      description: 'A refresh token, so the connection renews without the service account password.',
    },
  ],
  refreshScope: 'offline_access',
  // "expires_in": 28800 in the page's example.
  lifetimes: { accessTokenSeconds: 28800, refreshTokenSeconds: null },
  refreshToken: { issued: 'with-refresh-scope', rotates: 'sometimes', singleUse: false },
  accessTokenFormat: 'jwt',
  // The JWT's service claim is authoritative and may change; the response's svc is the fallback.
  apiBase: {
    from: 'token',
    claim: 'service',
    responseField: 'svc',
    allowedHosts: ['powerepos.cloud', '*.powerepos.cloud'],
  },
  testCalls: [
    {
      id: 'status',
      label: 'Service status',
      method: 'GET',
      path: '/status',
      scope: 'des',
      source: 'assumed',
    },
  ],
};
