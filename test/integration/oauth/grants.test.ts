import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authorize,
  callProtectedResource,
  classifyBearerFailure,
  decodeJwtUnverified,
  discoverProvider,
  requestToken,
  revokeToken,
  type AuthorizationProgress,
  type TokenEndpointConfig,
} from '../../../src/main/oauth';
import { resolveProviderEndpoints } from '../../../src/main/providers/resolve-provider';
import {
  appError,
  expectNoSecret,
  freePort,
  openSandbox,
  registerClient,
  SandboxBrowser,
  sandboxConfig,
  tokenRequestCounts,
  type Sandbox,
} from './helpers';

/** Every grant of every vendor against the sandbox, over real loopback HTTP. */

let sb: Sandbox;
beforeAll(async () => {
  sb = await openSandbox();
});
afterAll(() => sb.close());

async function fixedPortClient(vendor: 'sumup' | 'sumup-pos-pro' | 'taptouch', secret = true) {
  const port = await freePort();
  const client = await registerClient(sb, vendor, {
    secret,
    redirectUris: [`http://127.0.0.1:${port}/callback`],
  });
  return { port, client };
}

describe('SumUp', () => {
  it('authorization code (fixed port, state) then refresh; the API accepts the token', async () => {
    const { port, client } = await fixedPortClient('sumup');
    const config = sandboxConfig(sb, 'sumup', client);
    const steps: AuthorizationProgress['step'][] = [];
    const browser = new SandboxBrowser('approve');
    const result = await authorize(config, {
      browser,
      port,
      scopes: ['user.profile_readonly'],
      onProgress: (e) => steps.push(e.step),
    });
    expect(steps).toEqual(['waiting_for_browser', 'exchanging_code']);
    expect(result.redirectUri).toBe(`http://127.0.0.1:${port}/callback`);
    expect(browser.visits[0]?.status).toBe(200);
    const url = new URL(browser.authorizationUrl ?? '');
    expect(url.searchParams.get('state')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.has('code_challenge')).toBe(false); // pkce: unsupported
    expect(result.tokens.refreshToken).toBeDefined();
    expect(result.tokens.tokenType).toBe('bearer');

    const api = sb.d.vendors.sumup;
    const res = await callProtectedResource(
      result.tokens.accessToken,
      'GET',
      `${api.api_base_url}${api.test_call.path}`,
    );
    expect(res.status).toBe(200);

    const refreshed = await requestToken(config, {
      grant: 'refresh_token',
      refreshToken: result.tokens.refreshToken ?? '',
    });
    expect(refreshed.accessToken).not.toBe(result.tokens.accessToken);
    expect((await tokenRequestCounts(sb, 'sumup')).authorization_code).toBeGreaterThanOrEqual(1);
  });

  it('client credentials: a token and no refresh token', async () => {
    const client = await registerClient(sb, 'sumup');
    const tokens = await requestToken(sandboxConfig(sb, 'sumup', client), { grant: 'client_credentials' });
    expect(tokens.accessToken).toBeTruthy();
    expect(tokens.refreshToken).toBeUndefined();
  });

  it('a revoked grant makes refresh fail with INVALID_GRANT, never retried', async () => {
    const { port, client } = await fixedPortClient('sumup');
    const config = sandboxConfig(sb, 'sumup', client);
    const { tokens } = await authorize(config, { browser: new SandboxBrowser(), port });
    await fetch(sb.d.admin.revoke, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ vendor: 'sumup', client_id: client.clientId }),
    });
    const before = (await tokenRequestCounts(sb, 'sumup')).refresh_token ?? 0;
    const error = await appError(
      requestToken(config, { grant: 'refresh_token', refreshToken: tokens.refreshToken ?? '' }),
    );
    expect(error.code).toBe('INVALID_GRANT');
    expect(error.message).toMatch(/re-authoriz/i);
    expect((await tokenRequestCounts(sb, 'sumup')).refresh_token).toBe(before + 1);
    await expectNoSecret(sb, error);
  });

  it('a wrong client secret → INVALID_CLIENT without the secret in the error', async () => {
    const client = await registerClient(sb, 'sumup');
    const wrong = `${client.clientSecret ?? ''}-wrong`;
    const error = await appError(
      requestToken(sandboxConfig(sb, 'sumup', { clientId: client.clientId, clientSecret: wrong }), {
        grant: 'client_credentials',
      }),
    );
    expect(error.code).toBe('INVALID_CLIENT');
    await expectNoSecret(sb, error, [wrong]);
  });
});

describe('SumUp POS Pro (every parameter in the query string)', () => {
  it('authorization code then refresh', async () => {
    const { port, client } = await fixedPortClient('sumup-pos-pro');
    const config = sandboxConfig(sb, 'sumup-pos-pro', client);
    const { tokens } = await authorize(config, { browser: new SandboxBrowser(), port });
    expect(tokens.refreshToken).toBeDefined();
    expect(tokens.expiresIn).toBe(3600);
    const refreshed = await requestToken(config, {
      grant: 'refresh_token',
      refreshToken: tokens.refreshToken ?? '',
    });
    expect(refreshed.accessToken).toBeTruthy();
    const api = sb.d.vendors['sumup-pos-pro'];
    expect(
      (await callProtectedResource(refreshed.accessToken, 'GET', `${api.api_base_url}${api.test_call.path}`))
        .status,
    ).toBe(200);
  });

  it('an error at the query-string token endpoint carries no secret (the URL holds client_secret and code)', async () => {
    const { client } = await fixedPortClient('sumup-pos-pro');
    const config = sandboxConfig(sb, 'sumup-pos-pro', client);
    const error = await appError(
      requestToken(config, { grant: 'refresh_token', refreshToken: 'not-a-real-refresh-token' }),
    );
    expect(error.code).toBe('INVALID_GRANT');
    await expectNoSecret(sb, error, ['not-a-real-refresh-token']);
  });
});

describe('Taptouch (multipart)', () => {
  it('authorization code with PKCE for a public client, then a single-use refresh', async () => {
    const { port, client } = await fixedPortClient('taptouch', false);
    const config = sandboxConfig(sb, 'taptouch', client);
    const browser = new SandboxBrowser();
    const { tokens } = await authorize(config, { browser, port, scopes: ['integration.store'] });
    const url = new URL(browser.authorizationUrl ?? '');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(tokens.scope).toEqual(['integration.store']);
    expect(decodeJwtUnverified(tokens.accessToken)?.claims).toBeDefined();

    const refreshed = await requestToken(config, {
      grant: 'refresh_token',
      refreshToken: tokens.refreshToken ?? '',
    });
    expect(refreshed.refreshToken).not.toBe(tokens.refreshToken);
    const reused = await appError(
      requestToken(config, { grant: 'refresh_token', refreshToken: tokens.refreshToken ?? '' }),
    );
    expect(reused.code).toBe('INVALID_GRANT');
  });

  it('authorization code for a confidential client (PKCE sent too)', async () => {
    const { port, client } = await fixedPortClient('taptouch');
    const { tokens } = await authorize(sandboxConfig(sb, 'taptouch', client), {
      browser: new SandboxBrowser(),
      port,
    });
    expect(tokens.accessToken).toBeTruthy();
  });

  it('client credentials with client_credentials-only scopes; the API checks the scope', async () => {
    const client = await registerClient(sb, 'taptouch');
    const tokens = await requestToken(sandboxConfig(sb, 'taptouch', client), {
      grant: 'client_credentials',
      scopes: ['integration.order'],
    });
    expect(tokens.scope).toEqual(['integration.order']);
    const api = sb.d.vendors.taptouch;
    const res = await callProtectedResource(
      tokens.accessToken,
      'GET',
      `${api.api_base_url}${api.test_call.path}`,
    );
    expect(res.status).toBe(403);
    const failure = await classifyBearerFailure(res);
    expect(failure?.error.code).toBe('INSUFFICIENT_SCOPE');
    expect(failure?.refreshAndRetry).toBe(false);
  });
});

describe('PowerEPOS (password with org_id, form)', () => {
  it('password grant with org_id and "des offline_access", then refresh; svc, org_id and the JWT service claim', async () => {
    const user = sb.d.vendors.powerepos.users?.[0];
    const client = await registerClient(sb, 'powerepos');
    const config = sandboxConfig(sb, 'powerepos', client, { org_id: user?.org_id ?? '' });
    const tokens = await requestToken(config, {
      grant: 'password',
      username: user?.username ?? '',
      password: user?.password ?? '',
      scopes: ['des', 'offline_access'],
    });
    expect(tokens.refreshToken).toBeDefined();
    expect(tokens.extra.org_id).toBe(user?.org_id);
    expect(typeof tokens.extra.svc).toBe('string');
    const claims = decodeJwtUnverified(tokens.accessToken)?.claims;
    expect(claims?.svc).toBe(sb.d.vendors.powerepos.api_base_url);
    const refreshed = await requestToken(config, {
      grant: 'refresh_token',
      refreshToken: tokens.refreshToken ?? '',
    });
    expect(refreshed.accessToken).toBeTruthy();
    const status = await callProtectedResource(
      refreshed.accessToken,
      'GET',
      new URL('status', String(claims?.svc)).href,
    );
    expect(status.status).toBe(200);
  });

  it('a wrong password → INVALID_GRANT, the password in no error', async () => {
    const user = sb.d.vendors.powerepos.users?.[0];
    const client = await registerClient(sb, 'powerepos');
    const config = sandboxConfig(sb, 'powerepos', client, { org_id: user?.org_id ?? '' });
    const error = await appError(
      requestToken(config, {
        grant: 'password',
        username: user?.username ?? '',
        password: 'wrong-password-123',
      }),
    );
    expect(error.code).toBe('INVALID_GRANT');
    await expectNoSecret(sb, error, ['wrong-password-123']);
  });
});

describe('Chimpy (password with audience, JSON)', () => {
  it('password grant with audience and offline_access, then refresh; the API accepts the token', async () => {
    const user = sb.d.vendors.chimpy.users?.[0];
    const client = await registerClient(sb, 'chimpy', { secret: false });
    const config = sandboxConfig(sb, 'chimpy', client, { audience: sb.d.vendors.chimpy.audience ?? '' });
    const tokens = await requestToken(config, {
      grant: 'password',
      username: user?.username ?? '',
      password: user?.password ?? '',
      scopes: ['offline_access'],
    });
    expect(tokens.refreshToken).toBeDefined();
    const refreshed = await requestToken(config, {
      grant: 'refresh_token',
      refreshToken: tokens.refreshToken ?? '',
    });
    const api = sb.d.vendors.chimpy;
    const res = await callProtectedResource(
      refreshed.accessToken,
      'GET',
      `${api.api_base_url}${api.test_call.path}`,
    );
    expect(res.status).toBe(200);
    const expired = await callProtectedResource(
      'not-a-token',
      'GET',
      `${api.api_base_url}${api.test_call.path}`,
    );
    expect(expired.status).toBe(401);
    expect((await classifyBearerFailure(expired))?.refreshAndRetry).toBe(true);
  });
});

describe('generic RFC provider (discovery, iss, PKCE, revocation)', () => {
  let config: TokenEndpointConfig;
  beforeAll(async () => {
    const generic = sb.d.vendors.generic;
    const { definition } = await discoverProvider(generic.metadata_url ?? '');
    expect(definition.issuer).toBe(generic.issuer);
    expect(definition.authorizationCode?.redirectMatch).toBe('any-loopback-port');
    expect(definition.authorizationCode?.pkce).toBe('required');
    const client = await registerClient(sb, 'generic', { redirectUris: ['http://127.0.0.1/callback'] });
    config = {
      provider: definition,
      endpoints: resolveProviderEndpoints(definition, {}, { apiBase: generic.api_base_url }),
      client,
    };
  });

  it('authorization code on an ephemeral port with iss checked, refresh, then revocation', async () => {
    const browser = new SandboxBrowser();
    const { tokens, redirectUri } = await authorize(config, { browser });
    expect(new URL(redirectUri).port).not.toBe('');
    expect(new URL(browser.callbackUrl ?? '').searchParams.get('iss')).toBe(sb.d.vendors.generic.issuer);
    const refreshed = await requestToken(config, {
      grant: 'refresh_token',
      refreshToken: tokens.refreshToken ?? '',
    });
    await revokeToken(config, refreshed.refreshToken ?? '', 'refresh_token');
    const error = await appError(
      requestToken(config, { grant: 'refresh_token', refreshToken: refreshed.refreshToken ?? '' }),
    );
    expect(error.code).toBe('INVALID_GRANT');
  });

  it('client credentials with client_secret_basic', async () => {
    expect(config.provider.tokenRequest.clientAuth).toBe('client_secret_basic');
    const tokens = await requestToken(config, { grant: 'client_credentials' });
    expect(tokens.accessToken).toBeTruthy();
  });
});
