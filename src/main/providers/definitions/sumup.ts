import type { ProviderDefinitionInput } from '../../../shared/providers/provider-schema';

const PAGE = 'shared/seeds/001_6926177b98722099.txt (SumUp, "OAuth 2.0")';

export const sumup: ProviderDefinitionInput = {
  id: 'sumup',
  name: 'SumUp',
  builtin: true,
  sources: [PAGE],
  assumptions: [
    'The page documents no refresh-token lifetime; none is tracked.',
    'The page documents no revocation endpoint; disconnect only deletes the local secrets.',
    'The page does not mention PKCE; it is not sent (confidential client with a secret).',
    'The API test call GET /v0.1/me needs user.profile_readonly (a default scope).',
  ],
  endpoints: { authorization: 'https://api.sumup.com/authorize', token: 'https://api.sumup.com/token' },
  grants: ['authorization_code', 'client_credentials', 'refresh_token'],
  tokenRequest: { encoding: 'form', clientAuth: 'client_secret_post' },
  authorizationCode: {
    pkce: 'unsupported',
    stateRequired: true,
    // "Register the exact redirect URIs your application uses".
    redirectMatch: 'exact',
    defaultPort: 47811,
    callbackPath: '/callback',
  },
  scopes: [
    {
      name: 'transactions.history',
      default: true,
      description: 'View transactions and transaction history for the merchant user.',
    },
    {
      name: 'user.app-settings',
      default: true,
      description: 'View and modify SumUp mobile app settings for the merchant user.',
    },
    {
      name: 'user.profile_readonly',
      default: true,
      description: 'View profile details of the merchant user.',
    },
    { name: 'user.profile', description: 'Modify profile details of the merchant user.' },
    { name: 'user.subaccounts', description: 'View and modify sub-account profiles for the merchant user.' },
    { name: 'user.payout-settings', description: 'View and modify payout settings for the merchant user.' },
    {
      name: 'products',
      description:
        "View and modify products, shelves, prices, and VAT rates in the merchant's product store.",
    },
    {
      name: 'payments',
      needsApproval: true,
      description: 'Create and process payment checkouts. Requires manual verification by SumUp.',
    },
    {
      name: 'payment_instruments',
      needsApproval: true,
      description: 'Save customers and tokenize their payment cards. Requires manual verification by SumUp.',
    },
  ],
  // expires_in 3599 in the page's example responses.
  lifetimes: { accessTokenSeconds: 3599, refreshTokenSeconds: null },
  refreshToken: {
    issued: 'always',
    rotates: 'sometimes',
    singleUse: false,
    notIssuedFor: ['client_credentials'],
  },
  accessTokenFormat: 'opaque',
  apiBase: { from: 'fixed', url: 'https://api.sumup.com' },
  testCalls: [
    {
      id: 'me',
      label: 'Merchant profile',
      method: 'GET',
      path: '/v0.1/me',
      scope: 'user.profile_readonly',
      source: 'assumed',
    },
  ],
  credentialsImport: 'sumup',
};
