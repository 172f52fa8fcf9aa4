import type { ProviderDefinitionInput } from '../../../shared/providers/provider-schema';

const PAGE = 'shared/seeds/002_2b27a948505c8e78.txt (Chimpy POS, "Authentication & Authorization")';

export const chimpy: ProviderDefinitionInput = {
  id: 'chimpy',
  name: 'Chimpy POS',
  builtin: true,
  sources: [PAGE],
  assumptions: [
    'Token lifetimes are not documented; expires_in from each response is used.',
    "No client secret is shown in the page's requests; the client sends only its client_id.",
    "The test call GET /api/v2/stores is the sandbox's; the page only shows /api/v2/... .",
    'The page writes https://{{AUTHORIZATION_SERVICE_URI}} and https://{{POS_API_URI}}, so each is a host: a host or a full https URL is accepted and kept as https://host (plain http only for 127.0.0.1 or localhost in sandbox mode).',
    'The page does not say whether refresh tokens rotate: a new one is kept when it comes back, else the old one.',
  ],
  endpoints: { token: '{authorization_service_uri}/oauth/token' },
  grants: ['password', 'refresh_token'],
  tokenRequest: { encoding: 'json', clientAuth: 'none' },
  extraParams: [
    {
      name: 'authorization_service_uri',
      label: 'Authorization service URI',
      help: "Your tenant's authorization service host, e.g. auth.example.chimpy.app (a full https:// URL works too)",
      level: 'app',
      isUrl: true,
    },
    {
      name: 'audience',
      label: 'Audience',
      help: 'The AUTH_AUDIENCE Chimpy gave you.',
      level: 'app',
      sendWith: ['password', 'refresh_token'],
    },
    {
      name: 'pos_api_uri',
      label: 'PoS API URI',
      help: "Your tenant's PoS API host, e.g. pos.example.chimpy.app (a full https:// URL works too)",
      level: 'app',
      isUrl: true,
    },
  ],
  scopes: [
    {
      name: 'offline_access',
      default: true,
      description: 'A refresh token for sliding sessions, so the connection renews without the password.',
    },
  ],
  refreshScope: 'offline_access',
  lifetimes: { accessTokenSeconds: null, refreshTokenSeconds: null },
  refreshToken: { singleUse: false },
  apiBase: { from: 'configured', url: '{pos_api_uri}' },
  testCalls: [{ id: 'stores', label: 'Stores', method: 'GET', path: '/api/v2/stores', source: 'assumed' }],
};
