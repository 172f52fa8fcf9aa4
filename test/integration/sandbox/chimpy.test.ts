import { describe, expect, it } from 'vitest';
import { admin, client, getWithToken, json, jwtPayload, postForm, postJson, useSandbox } from './helpers';

const h = useSandbox();

describe('Chimpy POS', () => {
  const v = () => h.d.vendors.chimpy;
  const user = () => {
    const found = v().users?.[0];
    if (found === undefined) throw new Error('no user');
    return found;
  };
  const login = (extra: Record<string, string> = {}) =>
    postJson(v().token_endpoint, {
      client_id: client(h, 'chimpy').client_id,
      audience: v().audience,
      grant_type: 'password',
      username: user().username,
      password: user().password,
      ...extra,
    });

  it('takes a JSON password grant with client_id and audience and returns a JWT for that audience', async () => {
    const response = await login({ scope: 'offline_access' });
    expect(response.status).toBe(200);
    const tokens = await json(response);
    expect(tokens.token_type).toBe('Bearer');
    expect(tokens.expires_in).toBe(v().access_token_lifetime);
    expect(typeof tokens.refresh_token).toBe('string');
    expect(jwtPayload(String(tokens.access_token))).toMatchObject({
      aud: v().audience,
      azp: client(h, 'chimpy').client_id,
    });
    expect(
      (await getWithToken(`${v().api_base_url}${v().test_call.path}`, String(tokens.access_token))).status,
    ).toBe(200);

    const refreshed = await postJson(v().token_endpoint, {
      client_id: client(h, 'chimpy').client_id,
      audience: v().audience,
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    });
    expect(refreshed.status).toBe(200);
  });

  it('issues a refresh token only when the scope includes offline_access', async () => {
    expect(await json(await login())).not.toHaveProperty('refresh_token');
  });

  it('refuses a wrong audience, a form body and a wrong password', async () => {
    expect(await json(await login({ audience: 'https://someone-else.example' }))).toMatchObject({
      error: 'invalid_request',
    });
    const form = await postForm(v().token_endpoint, {
      client_id: client(h, 'chimpy').client_id,
      grant_type: 'password',
    });
    expect(form.status).toBe(400);
    expect(String((await json(form)).error_description)).toMatch(/application\/json/);
    expect(await json(await login({ password: 'nope' }))).toMatchObject({ error: 'invalid_grant' });
  });

  it('answers 401 with an RFC 6750 challenge once the access token has expired', async () => {
    const tokens = await json(await login());
    await admin(h, h.d.admin.advance_clock, { seconds: v().access_token_lifetime });
    const response = await getWithToken(`${v().api_base_url}/api/v2/stores`, String(tokens.access_token));
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      'Bearer realm="chimpy", error="invalid_token", error_description="The access token has expired."',
    );
  });

  it('accepts the token only in the Authorization header', async () => {
    const tokens = await json(await login());
    const none = await fetch(`${v().api_base_url}/api/v2/stores`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="chimpy"');
    const inQuery = await fetch(
      `${v().api_base_url}/api/v2/stores?access_token=${String(tokens.access_token)}`,
    );
    expect(inQuery.status).toBe(400);
    expect(inQuery.headers.get('www-authenticate')).toContain('error="invalid_request"');
  });
});
