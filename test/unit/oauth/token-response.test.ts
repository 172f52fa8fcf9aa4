import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestToken, type TokenEndpointConfig } from '../../../src/main/oauth';
import { AppError } from '../../../src/shared/errors';
import { testProvider } from './provider-fixture';
import { startTinyServer, type TinyServer } from './tiny-server';

/** Each bad token-endpoint answer → its typed error; each good one → the TokenSet. */

type Reply = { status?: number; body: string; headers?: Record<string, string> };
let reply: Reply = { body: '{}' };
let server: TinyServer;

const SECRET = 'client-secret-XYZ-987';
const PASSWORD = 'hunter2-password';

beforeAll(async () => {
  server = await startTinyServer((_req, res: ServerResponse) => {
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
    res.end(reply.body);
  });
});
afterAll(() => server.close());

const config = (): TokenEndpointConfig => ({
  provider: testProvider(),
  endpoints: { token: `${server.url}/token` },
  client: { clientId: 'cid', clientSecret: SECRET },
});

const send = (r: Reply) => {
  reply = r;
  return requestToken(config(), { grant: 'password', username: 'svc', password: PASSWORD });
};

const j = (value: unknown): string => JSON.stringify(value);

async function failure(r: Reply): Promise<AppError> {
  const error: unknown = await send(r).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  const appError = error as AppError;
  const text = JSON.stringify({ ...appError.toData(), message: appError.message });
  expect(text).not.toContain(SECRET);
  expect(text).not.toContain(PASSWORD);
  return appError;
}

describe('token response validation (RFC 6749 §5.1)', () => {
  it.each<[string, Reply, string, string | undefined]>([
    ['not JSON', { body: 'access_token=abc' }, 'NOT_JSON', undefined],
    ['truncated JSON', { body: '{"access_token":"abc","token_type":"Bear' }, 'NOT_JSON', undefined],
    [
      'an HTML page (content type)',
      { body: 'Service page', headers: { 'content-type': 'text/html' } },
      'HTML_RESPONSE',
      undefined,
    ],
    ['an HTML page (body starts with <)', { body: '  <!doctype html><p>hi' }, 'HTML_RESPONSE', undefined],
    ['a JSON array', { body: '[1]' }, 'INVALID_TOKEN_RESPONSE', '(body)'],
    ['a JSON string', { body: '"x"' }, 'INVALID_TOKEN_RESPONSE', '(body)'],
    ['no access_token', { body: j({ token_type: 'bearer' }) }, 'INVALID_TOKEN_RESPONSE', 'access_token'],
    [
      'empty access_token',
      { body: j({ access_token: '', token_type: 'bearer' }) },
      'INVALID_TOKEN_RESPONSE',
      'access_token',
    ],
    [
      'numeric access_token',
      { body: j({ access_token: 42, token_type: 'bearer' }) },
      'INVALID_TOKEN_RESPONSE',
      'access_token',
    ],
    ['no token_type', { body: j({ access_token: 'abc' }) }, 'INVALID_TOKEN_RESPONSE', 'token_type'],
    [
      'token_type mac',
      { body: j({ access_token: 'abc', token_type: 'mac' }) },
      'INVALID_TOKEN_RESPONSE',
      'token_type',
    ],
    [
      'token_type DPoP',
      { body: j({ access_token: 'abc', token_type: 'DPoP' }) },
      'INVALID_TOKEN_RESPONSE',
      'token_type',
    ],
    [
      'expires_in 0',
      { body: j({ access_token: 'abc', token_type: 'bearer', expires_in: 0 }) },
      'INVALID_TOKEN_RESPONSE',
      'expires_in',
    ],
    [
      'negative expires_in',
      { body: j({ access_token: 'abc', token_type: 'bearer', expires_in: -5 }) },
      'INVALID_TOKEN_RESPONSE',
      'expires_in',
    ],
    [
      'expires_in "3600s"',
      { body: j({ access_token: 'abc', token_type: 'bearer', expires_in: '3600s' }) },
      'INVALID_TOKEN_RESPONSE',
      'expires_in',
    ],
    [
      'expires_in null',
      { body: j({ access_token: 'abc', token_type: 'bearer', expires_in: null }) },
      'INVALID_TOKEN_RESPONSE',
      'expires_in',
    ],
    [
      'numeric refresh_token',
      { body: j({ access_token: 'abc', token_type: 'bearer', refresh_token: 7 }) },
      'INVALID_TOKEN_RESPONSE',
      'refresh_token',
    ],
    [
      'array scope',
      { body: j({ access_token: 'abc', token_type: 'bearer', scope: ['a'] }) },
      'INVALID_TOKEN_RESPONSE',
      'scope',
    ],
  ])('%s → %s', async (_name, r, code, field) => {
    const error = await failure(r);
    expect(error.code).toBe(code);
    if (field !== undefined) expect(error.params?.field).toBe(field);
  });
});

describe('error responses (RFC 6749 §5.2) and HTTP statuses', () => {
  it.each([
    ['invalid_grant', 'INVALID_GRANT'],
    ['invalid_client', 'INVALID_CLIENT'],
    ['invalid_scope', 'INVALID_SCOPE'],
    ['access_denied', 'ACCESS_DENIED'],
    ['unauthorized_client', 'UNAUTHORIZED_CLIENT'],
    ['unsupported_grant_type', 'UNSUPPORTED_GRANT_TYPE'],
    ['invalid_request', 'INVALID_REQUEST'],
    ['slow_down_please', 'PROVIDER_ERROR'],
  ])('error=%s → %s, with error and error_description in the detail', async (error, code) => {
    const e = await failure({ status: 400, body: j({ error, error_description: 'Told you so' }) });
    expect(e.code).toBe(code);
    expect(e.detail).toContain(`error=${error}`);
    expect(e.detail).toContain('Told you so');
  });

  it('invalid_grant says re-authorization is needed', async () => {
    const e = await failure({ status: 400, body: j({ error: 'invalid_grant' }) });
    expect(e.message).toMatch(/re-authoriz/i);
  });

  it('a 401 with WWW-Authenticate: Basic and an invalid_client body → INVALID_CLIENT', async () => {
    const e = await failure({
      status: 401,
      body: j({ error: 'invalid_client' }),
      headers: { 'www-authenticate': 'Basic realm="token"' },
    });
    expect(e.code).toBe('INVALID_CLIENT');
  });

  it('an error_description echoing a secret is scrubbed', async () => {
    const e = await failure({
      status: 400,
      body: j({
        error: 'invalid_grant',
        error_description: `bad password ${PASSWORD} for client_secret=${SECRET}`,
      }),
    });
    expect(e.detail).toContain('[redacted]');
  });

  it('429 → RATE_LIMITED with Retry-After seconds', async () => {
    const e = await failure({
      status: 429,
      body: j({ error: 'slow_down' }),
      headers: { 'retry-after': '17' },
    });
    expect(e.code).toBe('RATE_LIMITED');
    expect(e.retryAfterSeconds).toBe(17);
  });

  it('429 with an HTTP-date Retry-After', async () => {
    const at = new Date(Date.now() + 120_000).toUTCString();
    const e = await failure({ status: 429, body: '', headers: { 'retry-after': at } });
    expect(e.retryAfterSeconds).toBeGreaterThan(100);
    expect(e.retryAfterSeconds).toBeLessThanOrEqual(120);
  });

  it.each([500, 502, 503])('%s → SERVER_ERROR', async (status) => {
    expect((await failure({ status, body: j({ error: 'temporarily_unavailable' }) })).code).toBe(
      'SERVER_ERROR',
    );
  });

  it('a 502 HTML page → HTML_RESPONSE', async () => {
    expect(
      (
        await failure({
          status: 502,
          body: '<html><body>Bad gateway</body></html>',
          headers: { 'content-type': 'text/html' },
        })
      ).code,
    ).toBe('HTML_RESPONSE');
  });

  it('a redirect is not followed → UNEXPECTED_REDIRECT, the Location redacted', async () => {
    const e = await failure({
      status: 302,
      body: '',
      headers: { location: `https://elsewhere.example/t?code=${PASSWORD}` },
    });
    expect(e.code).toBe('UNEXPECTED_REDIRECT');
    expect(e.detail).toContain('elsewhere.example');
    expect(server.requests.filter((r) => r.url.startsWith('/t?')).length).toBe(0);
  });
});

describe('valid responses', () => {
  it('builds the TokenSet: lower-cased bearer, expiry from the local clock, extras, masked body', async () => {
    const before = Date.now();
    const tokens = await send({
      body: j({
        access_token: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.sig-part-here',
        token_type: 'Bearer',
        expires_in: 28800,
        refresh_token: 'refresh-token-value-123',
        scope: 'des offline_access',
        svc: 'https://des.example/',
        org_id: 'ORG-1',
      }),
      headers: { date: 'Mon, 01 Jan 2024 00:00:00 GMT' },
    });
    const after = Date.now();
    expect(tokens.tokenType).toBe('bearer');
    expect(tokens.expiresIn).toBe(28800);
    expect(tokens.receivedAt).toBeGreaterThanOrEqual(before);
    expect(tokens.receivedAt).toBeLessThanOrEqual(after);
    expect(tokens.expiresAt).toBe(tokens.receivedAt + 28800 * 1000);
    expect(tokens.serverDate).toBe(Date.parse('Mon, 01 Jan 2024 00:00:00 GMT'));
    expect(tokens.scope).toEqual(['des', 'offline_access']);
    expect(tokens.refreshToken).toBe('refresh-token-value-123');
    // The fixture's API base is fixed: svc is not a field it uses, so it is withheld like org_id.
    expect(tokens.extra).toEqual({});
    expect(tokens.status).toBe(200);
    expect(JSON.stringify(tokens.metadata)).not.toContain('refresh-token-value-123');
    expect(JSON.stringify(tokens.metadata)).not.toContain('sig-part-here');
    expect(tokens.metadata.refresh_token).toBe('refr…-123 (23 chars)');
    expect(tokens.metadata.withheld).toEqual(['svc', 'org_id']);
  });

  it('keeps only standard fields and the ones the definition uses; nested tokens and unknown secrets are withheld (issue 10)', async () => {
    const provider = testProvider({
      apiBase: { from: 'token', claim: 'service', responseField: 'svc', allowedHosts: ['des.example'] },
    });
    reply = {
      body: j({
        access_token: 'access-token-value-0001',
        token_type: 'Bearer',
        expires_in: 3600,
        svc: 'https://des.example/',
        data: { access_token: 'nested-access-token-42', refresh_token: 'nested-refresh-token-42' },
        session_secret: 'session-secret-value-77',
      }),
    };
    const tokens = await requestToken(
      { ...config(), provider },
      { grant: 'password', username: 'svc', password: PASSWORD },
    );
    expect(tokens.extra).toEqual({ svc: 'https://des.example/' });
    expect(tokens.metadata).toEqual({
      access_token: 'acce…0001 (23 chars)',
      token_type: 'Bearer',
      expires_in: 3600,
      svc: 'https://des.example/',
      withheld: ['data', 'session_secret'],
    });
    const kept = JSON.stringify({ extra: tokens.extra, metadata: tokens.metadata });
    for (const secret of ['nested-access-token-42', 'nested-refresh-token-42', 'session-secret-value-77']) {
      expect(kept).not.toContain(secret);
      expect(tokens.withheldValues).toContain(secret);
    }
  });

  it('clamps a huge expires_in to one year and refuses an oversized token', async () => {
    const clamped = await send({ body: j({ access_token: 'abc', token_type: 'bearer', expires_in: 1e12 }) });
    expect(clamped.expiresIn).toBe(365 * 24 * 3600);
    const fractional = await send({
      body: j({ access_token: 'abc', token_type: 'bearer', expires_in: 59.7 }),
    });
    expect(fractional.expiresIn).toBe(59);
    const error = await failure({ body: j({ access_token: 'x'.repeat(20_000), token_type: 'bearer' }) });
    expect(error.code).toBe('INVALID_TOKEN_RESPONSE');
    expect(error.params).toEqual({ field: 'access_token' });
    const scope = await failure({
      body: j({ access_token: 'abc', token_type: 'bearer', scope: 'a '.repeat(3000) }),
    });
    expect(scope.params).toEqual({ field: 'scope' });
  });

  it('accepts "bearer" in any case and a whole-number string expires_in', async () => {
    const tokens = await send({ body: j({ access_token: 'abc', token_type: 'BEARER', expires_in: '3600' }) });
    expect(tokens.tokenType).toBe('bearer');
    expect(tokens.expiresIn).toBe(3600);
    expect(tokens.scope).toBeUndefined();
    expect(tokens.refreshToken).toBeUndefined();
  });

  it('no expires_in → no expiry', async () => {
    const tokens = await send({ body: j({ access_token: 'abc', token_type: 'bearer' }) });
    expect(tokens.expiresAt).toBeUndefined();
  });
});

describe('what the mutation run found unpinned', () => {
  it('a 401 without an error body is a client the provider does not accept', async () => {
    expect((await failure({ status: 401, body: '{}' })).code).toBe('INVALID_CLIENT');
    expect((await failure({ status: 403, body: '{}' })).code).toBe('PROVIDER_ERROR');
  });

  it('a success other than 200 is not a token response', async () => {
    const e = await failure({ status: 201, body: j({ access_token: 'abc', token_type: 'bearer' }) });
    expect(e.code).toBe('INVALID_TOKEN_RESPONSE');
    expect(e.params?.field).toBe('(status)');
  });

  it('a 429 without Retry-After carries no wait', async () => {
    const e = await failure({ status: 429, body: '' });
    expect(e.code).toBe('RATE_LIMITED');
    expect(e.retryAfterSeconds).toBeUndefined();
  });

  it('splits the granted scope on any run of spaces', async () => {
    const tokens = await send({ body: j({ access_token: 'abc', token_type: 'bearer', scope: 'a  b ' }) });
    expect(tokens.scope).toEqual(['a', 'b']);
  });
});
