import { describe, expect, it } from 'vitest';
import { admin, authorizeCode, basic, client, getWithToken, json, postForm, useSandbox } from './helpers';

/** RFC 6749 behaviour every vendor shares, exercised on SumUp's endpoints. */
const h = useSandbox();
const REDIRECT = 'http://127.0.0.1:47811/callback';

describe('shared RFC 6749 / 6750 behaviour', () => {
  const v = () => h.d.vendors.sumup;
  const c = () => client(h, 'sumup', 0);
  const code = () =>
    authorizeCode(v().authorization_endpoint ?? '', {
      response_type: 'code',
      client_id: c().client_id,
      redirect_uri: REDIRECT,
      state: 's',
    });
  const redeem = (value: string, extra: Record<string, string> = {}) =>
    postForm(v().token_endpoint, {
      grant_type: 'authorization_code',
      code: value,
      redirect_uri: REDIRECT,
      client_id: c().client_id,
      client_secret: c().client_secret ?? '',
      ...extra,
    });

  it('refuses a code presented twice and revokes the tokens issued from it (§4.1.2)', async () => {
    const value = await code();
    const tokens = await json(await redeem(value));
    const api = `${v().api_base_url}/v0.1/me`;
    expect((await getWithToken(api, String(tokens.access_token))).status).toBe(200);
    const again = await redeem(value);
    expect(again.status).toBe(400);
    expect(await json(again)).toMatchObject({ error: 'invalid_grant' });
    expect((await getWithToken(api, String(tokens.access_token))).status).toBe(401);
  });

  it('lets a code expire after 60 s of sandbox time', async () => {
    const value = await code();
    await admin(h, h.d.admin.advance_clock, { seconds: 61 });
    expect(await json(await redeem(value))).toMatchObject({
      error: 'invalid_grant',
      error_description: 'The authorization code has expired.',
    });
  });

  it('binds a code to its client', async () => {
    const value = await code();
    const other = client(h, 'sumup', 1);
    const response = await postForm(v().token_endpoint, {
      grant_type: 'authorization_code',
      code: value,
      redirect_uri: REDIRECT,
      client_id: other.client_id,
      client_secret: other.client_secret ?? '',
    });
    expect(await json(response)).toMatchObject({ error: 'invalid_grant' });
  });

  it('answers RFC 6749 §5.2 errors: unsupported_grant_type, duplicate parameters, two auth methods, unknown client', async () => {
    expect(
      await json(await postForm(v().token_endpoint, { grant_type: 'password', client_id: c().client_id })),
    ).toMatchObject({ error: 'unsupported_grant_type' });
    const dup = await fetch(v().token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=a&client_id=b',
    });
    expect(await json(dup)).toMatchObject({ error: 'invalid_request' });
    const both = await postForm(
      v().token_endpoint,
      { grant_type: 'client_credentials', client_secret: c().client_secret ?? '' },
      { authorization: basic(c().client_id, c().client_secret ?? '') },
    );
    expect(await json(both)).toMatchObject({ error: 'invalid_request' });
    const unknown = await postForm(v().token_endpoint, {
      grant_type: 'client_credentials',
      client_id: 'ghost',
      client_secret: 'x',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/json/);
    expect(unknown.headers.get('cache-control')).toBe('no-store');
    expect(await json(unknown)).toEqual({
      error: 'invalid_client',
      error_description: 'Unknown client "ghost".',
    });
  });

  it('caps request bodies at 64 KiB (413)', async () => {
    const response = await postForm(v().token_endpoint, {
      grant_type: 'client_credentials',
      padding: 'x'.repeat(70 * 1024),
    });
    expect(response.status).toBe(413);
  });

  it('answers an unknown token with 401 invalid_token and a revoked grant likewise', async () => {
    const unknown = await getWithToken(`${v().api_base_url}/v0.1/me`, 'sbx_at_unknown');
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get('www-authenticate')).toBe(
      'Bearer realm="sumup", error="invalid_token", error_description="The access token is unknown."',
    );
    const tokens = await json(await redeem(await code()));
    expect(await admin(h, h.d.admin.revoke, { vendor: 'sumup' })).toMatchObject({
      revoked_grants: expect.any(Number),
    });
    const revoked = await getWithToken(`${v().api_base_url}/v0.1/me`, String(tokens.access_token));
    expect(revoked.headers.get('www-authenticate')).toContain('The access token has been revoked.');
    const refresh = await postForm(v().token_endpoint, {
      grant_type: 'refresh_token',
      refresh_token: String(tokens.refresh_token),
      client_id: c().client_id,
      client_secret: c().client_secret ?? '',
    });
    expect(await json(refresh)).toMatchObject({ error: 'invalid_grant' });
  });
});
