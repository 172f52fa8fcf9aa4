import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverProvider, discoveryTargets } from '../../../src/main/oauth';
import { AppError } from '../../../src/shared/errors';
import { json, startTinyServer, type TinyServer } from './tiny-server';

let server: TinyServer;
let metadata: Record<string, unknown> = {};
beforeAll(async () => {
  server = await startTinyServer((req, res) => {
    if (req.url === '/.well-known/oauth-authorization-server/tenant') return json(res, 200, metadata);
    if (req.url === '/oidc/.well-known/openid-configuration')
      return json(res, 200, { ...metadata, issuer: `${server.url}/oidc` });
    return json(res, 404, { error: 'not_found' });
  });
});
afterAll(() => server.close());

describe('discoveryTargets', () => {
  it('reads an issuer or a metadata document URL', () => {
    expect(discoveryTargets('https://as.example/tenant').map((t) => [t.issuer.href, t.algorithm])).toEqual([
      ['https://as.example/tenant', 'oauth2'],
      ['https://as.example/tenant', 'oidc'],
    ]);
    expect(
      discoveryTargets('https://as.example/.well-known/oauth-authorization-server/t1')[0]?.issuer.href,
    ).toBe('https://as.example/t1');
    expect(discoveryTargets('https://as.example/t1/.well-known/openid-configuration')[0]).toMatchObject({
      algorithm: 'oidc',
    });
    expect(discoveryTargets('https://as.example/t1/.well-known/oauth-authorization-server')[0]).toMatchObject(
      {
        documentUrl: 'https://as.example/t1/.well-known/oauth-authorization-server',
      },
    );
  });
});

describe('discoverProvider', () => {
  it('drafts a definition from RFC 8414 metadata at an issuer URL', async () => {
    metadata = {
      issuer: `${server.url}/tenant`,
      authorization_endpoint: `${server.url}/tenant/authorize`,
      token_endpoint: `${server.url}/tenant/token`,
      revocation_endpoint: `${server.url}/tenant/revoke`,
      grant_types_supported: [
        'authorization_code',
        'refresh_token',
        'urn:ietf:params:oauth:grant-type:device_code',
      ],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt'],
      scopes_supported: ['openid', 'offline_access', 'orders.read'],
    };
    const { definition } = await discoverProvider(`${server.url}/tenant`);
    expect(definition.issuer).toBe(`${server.url}/tenant`);
    expect(definition.grants).toEqual(['authorization_code', 'refresh_token']);
    expect(definition.tokenRequest.clientAuth).toBe('client_secret_post');
    expect(definition.authorizationCode).toMatchObject({
      pkce: 'required',
      redirectMatch: 'any-loopback-port',
    });
    expect(definition.scopes.map((s) => s.name)).toEqual(['openid', 'offline_access', 'orders.read']);
    // openid and offline_access pre-selected (a refresh token comes back); the rest is a choice.
    expect(definition.scopes.filter((s) => s.default).map((s) => s.name)).toEqual([
      'openid',
      'offline_access',
    ]);
    // Named after the issuer's path and host, never the port.
    expect(definition.name).toBe('Tenant (127.0.0.1)');
    expect(definition.name).not.toContain(new URL(server.url).port);
    expect(definition.refreshScope).toBe('offline_access');
    expect(definition.endpoints.revocation).toBe(`${server.url}/tenant/revoke`);
  });

  it("takes the provider's name from its metadata where the server gives one", async () => {
    metadata = {
      issuer: `${server.url}/tenant`,
      token_endpoint: `${server.url}/tenant/token`,
      service_name: 'Acme Identity',
    };
    const { definition } = await discoverProvider(`${server.url}/tenant`);
    expect(definition.name).toBe('Acme Identity');
    expect(definition.id).toBe('acme-identity');
  });

  it('falls back to OpenID discovery', async () => {
    metadata = {
      authorization_endpoint: `${server.url}/oidc/authorize`,
      token_endpoint: `${server.url}/oidc/token`,
    };
    const { definition } = await discoverProvider(`${server.url}/oidc`);
    expect(definition.grants).toEqual(['authorization_code', 'refresh_token']);
    expect(definition.tokenRequest.clientAuth).toBe('client_secret_basic');
  });

  it('a document whose issuer is not the one asked for → ISSUER_MISMATCH', async () => {
    metadata = { issuer: 'https://impostor.example', token_endpoint: 'https://impostor.example/token' };
    const error = await discoverProvider(`${server.url}/tenant`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('ISSUER_MISMATCH');
  });

  it('plain http outside loopback → INSECURE_URL', async () => {
    await expect(discoverProvider('http://as.example/')).rejects.toMatchObject({ code: 'INSECURE_URL' });
  });
});
