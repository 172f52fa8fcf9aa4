import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestToken, type TokenEndpointConfig } from '../../../src/main/oauth';
import { BUILTIN_PROVIDERS } from '../../../src/main/providers/definitions';
import type { ProviderDefinition } from '../../../src/shared/providers/provider-schema';
import { parseWithTemplates } from './provider-fixture';
import { json, startTinyServer, type TinyServer } from './tiny-server';

/** The exact bytes each vendor encoding puts on the wire, seen by a real HTTP server. */

function builtin(id: string): ProviderDefinition {
  const input = BUILTIN_PROVIDERS.find((p) => p.id === id);
  if (!input) throw new Error(id);
  return parseWithTemplates(input);
}

let server: TinyServer;
beforeAll(async () => {
  server = await startTinyServer((_req, res) =>
    json(res, 200, { access_token: 'at-1234567890', token_type: 'Bearer', expires_in: 60 }),
  );
});
afterAll(() => server.close());

function config(provider: ProviderDefinition, extra: Partial<TokenEndpointConfig> = {}): TokenEndpointConfig {
  return {
    provider,
    endpoints: { token: `${server.url}/oauth2/token` },
    client: { clientId: 'client 1', clientSecret: 'sec+ret/é' },
    ...extra,
  };
}

const last = () => {
  const req = server.requests.at(-1);
  if (!req) throw new Error('no request');
  return req;
};

describe('vendor encodings', () => {
  it('form (SumUp): an x-www-form-urlencoded body with client_secret_post', async () => {
    await requestToken(config(builtin('sumup')), { grant: 'client_credentials', scopes: ['payments'] });
    const req = last();
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/oauth2/token');
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8');
    expect(req.body.toString('utf8')).toBe(
      'scope=payments&grant_type=client_credentials&client_id=client+1&client_secret=sec%2Bret%2F%C3%A9',
    );
    expect(req.headers.authorization).toBeUndefined();
  });

  it('query (SumUp POS Pro): every parameter, secret and refresh token included, in the URL of an empty POST', async () => {
    await requestToken(config(builtin('sumup-pos-pro')), { grant: 'refresh_token', refreshToken: 'rt/1+2' });
    const req = last();
    expect(req.method).toBe('POST');
    expect(req.body.length).toBe(0);
    expect(req.headers['content-length']).toBe('0');
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8');
    expect(req.url).toBe(
      '/oauth2/token?refresh_token=rt%2F1%2B2&grant_type=refresh_token&client_id=client+1&client_secret=sec%2Bret%2F%C3%A9',
    );
  });

  it('json (Chimpy): a JSON object with audience, scope offline_access and no secret (clientAuth none)', async () => {
    const chimpy = builtin('chimpy');
    const params = { authorization_service_uri: server.url, audience: 'https://pos.example/api' };
    await requestToken(config(chimpy, { params }), {
      grant: 'password',
      username: 'u@shop',
      password: 'p w"d',
      scopes: ['offline_access'],
    });
    const req = last();
    expect(req.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req.body.toString('utf8'))).toEqual({
      audience: 'https://pos.example/api',
      username: 'u@shop',
      password: 'p w"d',
      scope: 'offline_access',
      grant_type: 'password',
      client_id: 'client 1',
    });
    expect(req.body.toString('utf8')).toBe(
      '{"audience":"https://pos.example/api","username":"u@shop","password":"p w\\"d","scope":"offline_access","grant_type":"password","client_id":"client 1"}',
    );
  });

  it('multipart (Taptouch): one form-data part per parameter', async () => {
    await requestToken(config(builtin('taptouch')), {
      grant: 'client_credentials',
      scopes: ['integration.order'],
    });
    const req = last();
    const type = req.headers['content-type'] ?? '';
    const boundary = /^multipart\/form-data; boundary=(.+)$/.exec(type)?.[1];
    expect(boundary).toBeDefined();
    const parsed = await new Request('http://x/', {
      method: 'POST',
      body: new Uint8Array(req.body),
      headers: { 'content-type': type },
    }).formData();
    expect([...parsed.entries()]).toEqual([
      ['scope', 'integration.order'],
      ['grant_type', 'client_credentials'],
      ['client_id', 'client 1'],
      ['client_secret', 'sec+ret/é'],
    ]);
    const text = req.body.toString('utf8');
    expect(text).toContain(
      `--${boundary}\r\nContent-Disposition: form-data; name="client_secret"\r\n\r\nsec+ret/é\r\n`,
    );
    expect(text.endsWith(`--${boundary}--\r\n`) || text.endsWith(`--${boundary}--`)).toBe(true);
  });

  it('PowerEPOS: form body with org_id, "des offline_access" and the client secret', async () => {
    await requestToken(config(builtin('powerepos'), { params: { org_id: 'ORG-42' } }), {
      grant: 'password',
      username: 'svc',
      password: 'pw',
      scopes: ['des', 'offline_access'],
    });
    expect(last().body.toString('utf8')).toBe(
      'org_id=ORG-42&username=svc&password=pw&scope=des+offline_access&grant_type=password&client_id=client+1&client_secret=sec%2Bret%2F%C3%A9',
    );
  });

  it('PowerEPOS refresh: no org_id (sendWith is password only), no scope (scopeOnRefresh false)', async () => {
    await requestToken(config(builtin('powerepos'), { params: { org_id: 'ORG-42' } }), {
      grant: 'refresh_token',
      refreshToken: 'rt-1',
    });
    expect(last().body.toString('utf8')).toBe(
      'refresh_token=rt-1&grant_type=refresh_token&client_id=client+1&client_secret=sec%2Bret%2F%C3%A9',
    );
  });

  it('a missing required extra parameter is refused before anything is sent', async () => {
    const before = server.requests.length;
    await expect(
      requestToken(config(builtin('powerepos')), { grant: 'password', username: 'svc', password: 'pw' }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    expect(server.requests.length).toBe(before);
  });

  it('a grant the provider does not list is refused (GRANT_NOT_SUPPORTED)', async () => {
    await expect(
      requestToken(
        config(builtin('chimpy'), { params: { authorization_service_uri: server.url, audience: 'a' } }),
        { grant: 'client_credentials' },
      ),
    ).rejects.toMatchObject({
      code: 'GRANT_NOT_SUPPORTED',
    });
  });
});
