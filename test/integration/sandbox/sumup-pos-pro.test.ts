import { describe, expect, it } from 'vitest';
import {
  admin,
  authorize,
  authorizeCode,
  client,
  getWithToken,
  json,
  uniqueCallback,
  useSandbox,
} from './helpers';

const h = useSandbox();
const REDIRECT = 'http://127.0.0.1:47812/callback';

/** POST with every parameter in the query string, as the page's curl examples do. */
function postQuery(endpoint: string, params: Record<string, string>): Promise<Response> {
  const url = new URL(endpoint);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    redirect: 'manual',
  });
}

describe('SumUp POS Pro', () => {
  const v = () => h.d.vendors['sumup-pos-pro'];
  const c = () => client(h, 'sumup-pos-pro');

  async function code(redirectUri = REDIRECT, clientId = c().client_id, scope?: string): Promise<string> {
    return authorizeCode(v().login_endpoint ?? '', {
      client_id: clientId,
      response_type: 'code',
      redirect_uri: redirectUri,
      ...(scope === undefined ? {} : { scope }),
    });
  }

  it('exchanges a code with every parameter in the query string: 60 min access, refresh token, order/read works', async () => {
    const response = await postQuery(v().token_endpoint, {
      grant_type: 'authorization_code',
      redirect_uri: REDIRECT,
      client_id: c().client_id,
      client_secret: c().client_secret ?? '',
      code: await code(),
    });
    expect(response.status).toBe(200);
    const tokens = await json(response);
    expect(tokens).toMatchObject({
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'order/write order/read purchase-request/write',
    });
    expect(v().refresh_token_lifetime).toBe(60 * 24 * 3600);
    expect(
      (await getWithToken(`${v().api_base_url}${v().test_call.path}`, String(tokens.access_token))).status,
    ).toBe(200);

    const refreshed = await postQuery(v().token_endpoint, {
      grant_type: 'refresh_token',
      client_id: c().client_id,
      client_secret: c().client_secret ?? '',
      refresh_token: String(tokens.refresh_token),
    });
    expect(refreshed.status).toBe(200);
    expect((await json(refreshed)).expires_in).toBe(3600);
  });

  it('refuses parameters sent only in the body with a clear invalid_request', async () => {
    const response = await fetch(v().token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        redirect_uri: REDIRECT,
        client_id: c().client_id,
        client_secret: c().client_secret ?? '',
        code: await code(),
      }),
    });
    expect(response.status).toBe(400);
    const body = await json(response);
    expect(body.error).toBe('invalid_request');
    expect(String(body.error_description)).toMatch(/query string/);
  });

  it('requires the exact registered redirect URI (an extra path or another port is an HTML error)', async () => {
    for (const redirectUri of ['http://127.0.0.1:47812/callback/x', 'http://127.0.0.1:47813/callback']) {
      const { response, location } = await authorize(v().authorization_endpoint ?? '', {
        client_id: c().client_id,
        response_type: 'code',
        redirect_uri: redirectUri,
      });
      expect(response.status).toBe(400);
      expect(location).toBeUndefined();
    }
  });

  it('refuses a token request whose redirect_uri differs from the authorization request', async () => {
    const response = await postQuery(v().token_endpoint, {
      grant_type: 'authorization_code',
      redirect_uri: 'http://127.0.0.1:47812/other',
      client_id: c().client_id,
      client_secret: c().client_secret ?? '',
      code: await code(),
    });
    expect(await json(response)).toMatchObject({ error: 'invalid_grant' });
  });

  it('grants support-tier scopes only to a client support enabled them for', async () => {
    const refused = await authorize(v().authorization_endpoint ?? '', {
      client_id: c().client_id,
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: 'order/read store/read',
      state: 'pp',
    });
    expect(refused.location?.searchParams.get('error')).toBe('invalid_scope');
    expect(refused.location?.searchParams.get('state')).toBe('pp');

    const redirectUri = uniqueCallback();
    await admin(h, h.d.admin.clients, {
      vendor: 'sumup-pos-pro',
      client_id: 'pp-support-enabled',
      client_secret: 'pp-support-enabled-secret',
      redirect_uris: [redirectUri],
      enabled_scopes: ['store/read'],
    });
    const granted = await code(redirectUri, 'pp-support-enabled', 'order/read store/read');
    const tokens = await json(
      await postQuery(v().token_endpoint, {
        grant_type: 'authorization_code',
        redirect_uri: redirectUri,
        client_id: 'pp-support-enabled',
        client_secret: 'pp-support-enabled-secret',
        code: granted,
      }),
    );
    expect(tokens.scope).toBe('order/read store/read');
  });
});
