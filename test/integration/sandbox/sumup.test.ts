import { describe, expect, it } from 'vitest';
import { admin, authorize, authorizeCode, client, getWithToken, json, postForm, useSandbox } from './helpers';

const h = useSandbox();
const REDIRECT = 'http://127.0.0.1:47811/callback';

describe('SumUp', () => {
  const endpoints = () => h.d.vendors.sumup;
  const vetted = () => client(h, 'sumup', 0);
  const unvetted = () => client(h, 'sumup', 1);

  async function codeGrant(scope?: string) {
    const c = vetted();
    const code = await authorizeCode(endpoints().authorization_endpoint ?? '', {
      response_type: 'code',
      client_id: c.client_id,
      redirect_uri: REDIRECT,
      state: 'st-1',
      ...(scope === undefined ? {} : { scope }),
    });
    const response = await postForm(endpoints().token_endpoint, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      client_id: c.client_id,
      client_secret: c.client_secret ?? '',
    });
    expect(response.status).toBe(200);
    return json(response);
  }

  const refresh = (refreshToken: string) =>
    postForm(endpoints().token_endpoint, {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: vetted().client_id,
      client_secret: vetted().client_secret ?? '',
    });

  it("lists a vetted and an unvetted client with the downloadable credentials JSON in SumUp's shape", () => {
    const [a, b] = endpoints().clients;
    expect(a?.vetted).toBe(true);
    expect(b?.vetted).toBe(false);
    expect(Object.keys(a?.credentials_json ?? {}).sort()).toEqual([
      'application_type',
      'client_id',
      'client_secret',
      'id',
      'name',
      'redirect_uris',
    ]);
    expect(a?.credentials_json).toMatchObject({
      client_id: a?.client_id,
      client_secret: a?.client_secret,
      application_type: 'web',
      redirect_uris: [REDIRECT],
    });
    expect(a?.redirect_uris).toEqual([REDIRECT]);
  });

  it('grants the default scopes when none are asked for, echoes them, expires_in 3599, and the API accepts the token', async () => {
    const tokens = await codeGrant();
    expect(tokens).toMatchObject({
      token_type: 'Bearer',
      expires_in: 3599,
      scope: 'transactions.history user.app-settings user.profile_readonly',
    });
    expect(typeof tokens.refresh_token).toBe('string');
    const me = await getWithToken(
      `${endpoints().api_base_url}${endpoints().test_call.path}`,
      String(tokens.access_token),
    );
    expect(me.status).toBe(200);
  });

  it('answers 403 insufficient_scope when the token lacks user.profile_readonly', async () => {
    const tokens = await codeGrant('products');
    const me = await getWithToken(`${endpoints().api_base_url}/v0.1/me`, String(tokens.access_token));
    expect(me.status).toBe(403);
    expect(me.headers.get('www-authenticate')).toBe(
      'Bearer realm="sumup", error="insufficient_scope", error_description="This call needs the user.profile_readonly scope.", scope="user.profile_readonly"',
    );
  });

  it('requires state on /authorize (redirects with invalid_request)', async () => {
    const { response, location } = await authorize(endpoints().authorization_endpoint ?? '', {
      response_type: 'code',
      client_id: vetted().client_id,
      redirect_uri: REDIRECT,
    });
    expect(response.status).toBe(302);
    expect(location?.searchParams.get('error')).toBe('invalid_request');
    expect(location?.searchParams.has('code')).toBe(false);
  });

  it('refuses vetted scopes to an unvetted client with invalid_scope, and grants them to the vetted one', async () => {
    const params = { response_type: 'code', redirect_uri: REDIRECT, state: 'st-v', scope: 'payments' };
    const refused = await authorize(endpoints().authorization_endpoint ?? '', {
      ...params,
      client_id: unvetted().client_id,
    });
    expect(refused.location?.searchParams.get('error')).toBe('invalid_scope');
    expect(refused.location?.searchParams.get('state')).toBe('st-v');
    const granted = await authorize(endpoints().authorization_endpoint ?? '', {
      ...params,
      client_id: vetted().client_id,
    });
    expect(granted.location?.searchParams.get('code')).toBeTruthy();
  });

  it('issues no refresh token for client_credentials', async () => {
    const c = vetted();
    const response = await postForm(endpoints().token_endpoint, {
      grant_type: 'client_credentials',
      client_id: c.client_id,
      client_secret: c.client_secret ?? '',
    });
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body.expires_in).toBe(3599);
    expect(body).not.toHaveProperty('refresh_token');
  });

  it('rotates on every other refresh: first none comes back and the old one still works, then a new one replaces it', async () => {
    const first = await codeGrant();
    const original = String(first.refresh_token);
    const r1 = await json(await refresh(original));
    expect(r1).not.toHaveProperty('refresh_token');
    expect(r1.expires_in).toBe(3599);
    const r2 = await json(await refresh(original));
    expect(typeof r2.refresh_token).toBe('string');
    expect(r2.refresh_token).not.toBe(original);
    const r3 = await refresh(String(r2.refresh_token));
    expect(r3.status).toBe(200);
  });

  it('treats a rotated-away refresh token as reuse: invalid_grant and the whole grant is revoked', async () => {
    const first = await codeGrant();
    const original = String(first.refresh_token);
    await refresh(original); // no rotation
    const rotated = await json(await refresh(original)); // rotation: original is now spent
    const reuse = await refresh(original);
    expect(reuse.status).toBe(400);
    expect(await json(reuse)).toMatchObject({ error: 'invalid_grant' });
    // Every token of the grant is gone: the new refresh token and the access tokens.
    expect((await json(await refresh(String(rotated.refresh_token)))).error).toBe('invalid_grant');
    const me = await getWithToken(`${endpoints().api_base_url}/v0.1/me`, String(rotated.access_token));
    expect(me.status).toBe(401);
    expect(me.headers.get('www-authenticate')).toMatch(
      /^Bearer realm="sumup", error="invalid_token", error_description="/,
    );
  });

  it('answers a deny with error=access_denied and the state', async () => {
    const { location } = await authorize(
      endpoints().authorization_endpoint ?? '',
      { response_type: 'code', client_id: vetted().client_id, redirect_uri: REDIRECT, state: 'st-deny' },
      'deny',
    );
    expect(location?.searchParams.get('error')).toBe('access_denied');
    expect(location?.searchParams.get('state')).toBe('st-deny');
  });

  it('shows an HTML page (never a redirect) for an unknown client or an unregistered redirect URI', async () => {
    for (const params of [
      { client_id: 'nobody', redirect_uri: REDIRECT },
      { client_id: vetted().client_id, redirect_uri: 'http://127.0.0.1:47811/elsewhere' },
      { client_id: vetted().client_id, redirect_uri: 'http://127.0.0.1:9999/callback' },
    ]) {
      const { response, location } = await authorize(endpoints().authorization_endpoint ?? '', {
        response_type: 'code',
        state: 's',
        ...params,
      });
      expect(response.status).toBe(400);
      expect(location).toBeUndefined();
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    }
  });

  it('redirects unsupported_response_type with the state', async () => {
    const { location } = await authorize(endpoints().authorization_endpoint ?? '', {
      response_type: 'token',
      client_id: vetted().client_id,
      redirect_uri: REDIRECT,
      state: 'st-rt',
    });
    expect(location?.searchParams.get('error')).toBe('unsupported_response_type');
    expect(location?.searchParams.get('state')).toBe('st-rt');
  });

  it('serves a real consent page whose Approve form posts back and redirects with code and state', async () => {
    const url = new URL(endpoints().authorization_endpoint ?? '');
    for (const [k, v] of Object.entries({
      response_type: 'code',
      client_id: vetted().client_id,
      redirect_uri: REDIRECT,
      state: 'st-html',
    }))
      url.searchParams.set(k, v);
    const page = await fetch(url, { redirect: 'manual' });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('POS Connect (vetted)');
    expect(html).toContain('user.profile_readonly');
    expect(html).toMatch(/<button[^>]*value="approve"[^>]*>Approve<\/button>/);
    expect(html).toMatch(/<button[^>]*value="deny"[^>]*>Deny<\/button>/);
    const action = /<form method="post" action="([^"]+)">/.exec(html)?.[1] ?? '';
    const requestId = /name="request_id" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const posted = await postForm(`${h.url}${action}`, { request_id: requestId, decision: 'approve' });
    expect(posted.status).toBe(302);
    const location = new URL(posted.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get('state')).toBe('st-html');
    expect(location.searchParams.get('code')).toBeTruthy();
    // The page answers once.
    expect((await postForm(`${h.url}${action}`, { request_id: requestId, decision: 'approve' })).status).toBe(
      400,
    );
  });

  it('counts token requests in the stats, failed ones included', async () => {
    await admin(h, `${h.d.admin.stats}/reset`, {});
    const c = vetted();
    await postForm(endpoints().token_endpoint, {
      grant_type: 'client_credentials',
      client_id: c.client_id,
      client_secret: c.client_secret ?? '',
    });
    await postForm(endpoints().token_endpoint, {
      grant_type: 'client_credentials',
      client_id: c.client_id,
      client_secret: 'wrong',
    });
    await postForm(endpoints().token_endpoint, {
      grant_type: 'refresh_token',
      refresh_token: 'nope',
      client_id: c.client_id,
      client_secret: c.client_secret ?? '',
    });
    const stats = await admin(h, h.d.admin.stats);
    expect(stats).toMatchObject({ token_requests: { sumup: { client_credentials: 2, refresh_token: 1 } } });
  });
});
