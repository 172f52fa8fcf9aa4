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
    'Feature-level scopes (payments, payment_instruments) may be asked for with client credentials: the page says that flow gives no merchant data but "can still process payments".',
    'The page\'s example asks for "customers", which its scope table does not list: it can be asked for as an extra scope, marked as not in the vendor\'s list.',
    "The loopback port 47811 is POS Connect's own choice (SumUp needs an exact redirect URI, so the port is fixed): register http://127.0.0.1:47811/callback, or change the port in the provider app.",
    'The access token format is not documented; JWT claims are shown only when a token happens to be one.',
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
  // "Access Level" column: client credentials have "no access to merchant-specific data".
  accessLevels: {
    merchant: ['authorization_code', 'refresh_token'],
    feature: ['authorization_code', 'client_credentials', 'refresh_token'],
  },
  scopes: [
    {
      name: 'transactions.history',
      accessLevel: 'merchant',
      default: true,
      description: 'View transactions and transaction history for the merchant user.',
    },
    {
      name: 'user.app-settings',
      accessLevel: 'merchant',
      default: true,
      description: 'View and modify SumUp mobile app settings for the merchant user.',
    },
    {
      name: 'user.profile_readonly',
      accessLevel: 'merchant',
      default: true,
      description: 'View profile details of the merchant user.',
    },
    {
      name: 'user.profile',
      accessLevel: 'merchant',
      description: 'Modify profile details of the merchant user.',
    },
    {
      name: 'user.subaccounts',
      accessLevel: 'merchant',
      description: 'View and modify sub-account profiles for the merchant user.',
    },
    {
      name: 'user.payout-settings',
      accessLevel: 'merchant',
      description: 'View and modify payout settings for the merchant user.',
    },
    {
      name: 'products',
      accessLevel: 'merchant',
      description:
        "View and modify products, shelves, prices, and VAT rates in the merchant's product store.",
    },
    {
      name: 'payments',
      accessLevel: 'feature',
      needsApproval: true,
      description: 'Create and process payment checkouts. Requires manual verification by SumUp.',
    },
    {
      name: 'payment_instruments',
      accessLevel: 'feature',
      needsApproval: true,
      description: 'Save customers and tokenize their payment cards. Requires manual verification by SumUp.',
    },
  ],
  // expires_in 3599 in the page's example responses.
  lifetimes: { accessTokenSeconds: 3599, refreshTokenSeconds: null },
  // "may also return a new refresh token ... If the response does not include a new refresh_token,
  // continue using the one you already have"; "This flow does not return a refresh token".
  refreshToken: { singleUse: false, notIssuedFor: ['client_credentials'] },
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
