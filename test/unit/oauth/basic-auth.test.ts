import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestToken } from '../../../src/main/oauth';
import { json, startTinyServer, type TinyServer } from './tiny-server';
import { testProvider } from './provider-fixture';

/**
 * RFC 6749 §2.3.1: client_id and client_secret are application/x-www-form-urlencoded BEFORE being
 * joined with ':' and base64-encoded. oauth4webapi's ClientSecretBasic does this; check it with
 * the characters that break naive implementations.
 */

let server: TinyServer;
beforeAll(async () => {
  server = await startTinyServer((_req, res) =>
    json(res, 200, { access_token: 'at-abcdefgh', token_type: 'bearer' }),
  );
});
afterAll(() => server.close());

const formEncode = (value: string): string => new URLSearchParams({ v: value }).toString().slice(2);

describe('client_secret_basic', () => {
  it.each([
    ['plain', 'client', 'secret'],
    ['colon, percent, plus, space', 'my:client id', 'p%ss+word :x'],
    ['non-ASCII', 'clïent-ß', 'sécret-日本'],
  ])('%s', async (_name, clientId, clientSecret) => {
    const provider = testProvider({ tokenRequest: { encoding: 'form', clientAuth: 'client_secret_basic' } });
    await requestToken(
      { provider, endpoints: { token: `${server.url}/token` }, client: { clientId, clientSecret } },
      { grant: 'client_credentials' },
    );
    const req = server.requests.at(-1);
    const header = req?.headers.authorization ?? '';
    expect(header.startsWith('Basic ')).toBe(true);
    const decoded = Buffer.from(header.slice(6), 'base64').toString('latin1');
    const [user, pass, ...rest] = decoded.split(':');
    expect(rest).toEqual([]);
    expect(user).toBe(
      formEncode(clientId).replace(/[-_.!~*'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    );
    expect(decodeURIComponent((user ?? '').replace(/\+/g, ' '))).toBe(clientId);
    expect(decodeURIComponent((pass ?? '').replace(/\+/g, ' '))).toBe(clientSecret);
    expect(req?.body.toString('utf8')).not.toContain('client_secret');
    expect(req?.body.toString('utf8')).not.toContain('client_id');
  });

  it('a public client (no secret) sends only client_id', async () => {
    const provider = testProvider({ tokenRequest: { encoding: 'form', clientAuth: 'client_secret_basic' } });
    await requestToken(
      { provider, endpoints: { token: `${server.url}/token` }, client: { clientId: 'pub' } },
      { grant: 'client_credentials' },
    );
    const req = server.requests.at(-1);
    expect(req?.headers.authorization).toBeUndefined();
    expect(req?.body.toString('utf8')).toBe('grant_type=client_credentials&client_id=pub');
  });
});
