import { describe, expect, it } from 'vitest';
import { buildAuthorizationRequest } from '../../../src/main/oauth/authorization-code';
import type { TokenEndpointConfig } from '../../../src/main/oauth/token-request';
import { testProvider } from './provider-fixture';

function configWith(scopes: string[]): TokenEndpointConfig {
  const provider = testProvider({
    grants: ['authorization_code', 'refresh_token'],
    endpoints: { token: 'https://as.example/token', authorization: 'https://as.example/authorize' },
    authorizationCode: {
      pkce: 'required',
      stateRequired: true,
      redirectMatch: 'any-loopback-port',
      callbackPath: '/callback',
    },
    scopes: scopes.map((name) => ({ name, default: false, description: '' })),
  });
  return {
    provider,
    endpoints: { token: 'https://as.example/token', authorization: 'https://as.example/authorize' },
    client: { clientId: 'c1' },
    params: {},
  };
}

describe('the authorization request', () => {
  it('prompts for consent when an OpenID Connect server is asked for offline_access (else no refresh token comes back)', async () => {
    const request = await buildAuthorizationRequest(
      configWith(['openid', 'offline_access']),
      'http://127.0.0.1:5000/callback',
      ['openid', 'offline_access'],
    );
    const url = new URL(request.url);
    expect(url.searchParams.get('scope')).toBe('openid offline_access');
    expect(url.searchParams.get('prompt')).toBe('consent');
  });

  it('does not prompt when offline_access is not asked for, or the server is not OpenID Connect', async () => {
    for (const scopes of [['openid'], ['offline_access', 'orders.read']]) {
      const request = await buildAuthorizationRequest(
        configWith(scopes),
        'http://127.0.0.1:5000/callback',
        scopes,
      );
      expect(new URL(request.url).searchParams.has('prompt')).toBe(false);
    }
  });
});
