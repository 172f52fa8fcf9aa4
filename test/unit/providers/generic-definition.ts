import type { ProviderDefinitionInput } from '../../../src/shared/providers/provider-schema';

/** A fresh, valid custom provider definition as a user would paste it (mutable per test). */
export function generic(): ProviderDefinitionInput & {
  endpoints: { authorization: string; token: string };
  authorizationCode: NonNullable<ProviderDefinitionInput['authorizationCode']>;
} {
  return {
    id: 'my-pos',
    name: 'My POS',
    endpoints: {
      authorization: 'https://auth.vendor.example/oauth/authorize',
      token: 'https://auth.vendor.example/oauth/token',
    },
    grants: ['authorization_code', 'refresh_token'],
    tokenRequest: { encoding: 'form', clientAuth: 'client_secret_basic' },
    authorizationCode: { pkce: 'required', redirectMatch: 'any-loopback-port', callbackPath: '/callback' },
    lifetimes: { accessTokenSeconds: 3600, refreshTokenSeconds: null },
    refreshToken: { singleUse: false },
    apiBase: { from: 'fixed', url: 'https://api.vendor.example/v1' },
  };
}
