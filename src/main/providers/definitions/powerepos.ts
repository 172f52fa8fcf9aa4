import type { ProviderDefinitionInput } from '../../../shared/providers/provider-schema';

const PAGE = 'shared/seeds/003_025a4e39b82ca5f0.txt (PowerEPOS, "Provider Developer Onboarding")';

export const powerepos: ProviderDefinitionInput = {
  id: 'powerepos',
  name: 'PowerEPOS',
  builtin: true,
  sources: [
    PAGE,
    'PowerEPOS AuthServerClaims (public API reference, as read in issue 13): Service = "svc", OrganisationCode = "org_id".',
  ],
  assumptions: [
    "The refresh request carries no org_id (the page shows only the password request); the org_id in every answer is still checked against the connection's.",
    'The page does not say whether refresh tokens rotate: a new one is kept when it comes back, else the old one.',
    'The refresh token lifetime is not documented; none is tracked.',
    "The test call GET /status under the service URI is the sandbox's; DES endpoints are not on the page.",
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
  refreshToken: { singleUse: false },
  // AuthServerClaims.Service (claim "svc") is authoritative and may change; the response's svc is the fallback.
  apiBase: { from: 'token', claim: 'svc', responseField: 'svc' },
  // "org_id": "<Organisation Code that you requested the token for>" (also the OrganisationCode claim).
  echoedParams: [{ param: 'org_id', responseField: 'org_id', claim: 'org_id' }],
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
