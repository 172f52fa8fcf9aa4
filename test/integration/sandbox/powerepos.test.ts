import { describe, expect, it } from 'vitest';
import {
  admin,
  basic,
  client,
  getWithToken,
  json,
  jwtPayload,
  postForm,
  postJson,
  useSandbox,
} from './helpers';

const h = useSandbox();

describe('PowerEPOS', () => {
  const v = () => h.d.vendors.powerepos;
  const c = () => client(h, 'powerepos');
  const account = () => {
    const user = v().users?.[0];
    if (user === undefined) throw new Error('no service account');
    return user;
  };

  const passwordGrant = (scope = 'des offline_access', extra: Record<string, string> = {}) =>
    postForm(v().token_endpoint, {
      grant_type: 'password',
      client_id: c().client_id,
      client_secret: c().client_secret ?? '',
      org_id: account().org_id ?? '',
      username: account().username,
      password: account().password,
      scope,
      ...extra,
    });

  const statusUrl = (serviceUri: string) => `${serviceUri.replace(/\/$/, '')}${v().test_call.path}`;

  it('answers the password grant with svc, org_id, expires_in 28800 and a JWT whose service claim is the service URI', async () => {
    const response = await passwordGrant();
    expect(response.status).toBe(200);
    const tokens = await json(response);
    expect(tokens).toMatchObject({
      token_type: 'Bearer',
      expires_in: 28800,
      svc: v().api_base_url,
      org_id: account().org_id,
    });
    expect(typeof tokens.refresh_token).toBe('string');
    const claims = jwtPayload(String(tokens.access_token));
    expect(claims).toMatchObject({ svc: tokens.svc, org_id: account().org_id });
    expect(String(tokens.svc)).toBe(`${h.url}/powerepos/des/${account().org_id}/`);
    const status = await getWithToken(statusUrl(String(claims.svc)), String(tokens.access_token));
    expect(status.status).toBe(200);
  });

  it('gives a refresh token only with offline_access, and requires des in the scope', async () => {
    expect(await json(await passwordGrant('des'))).not.toHaveProperty('refresh_token');
    expect(await json(await passwordGrant('offline_access'))).toMatchObject({ error: 'invalid_scope' });
  });

  it('refuses a wrong organisation, a wrong password and a JSON body', async () => {
    expect(await json(await passwordGrant('des', { org_id: 'ORG-SBX-002' }))).toMatchObject({
      error: 'invalid_grant',
    });
    expect(await json(await passwordGrant('des', { password: 'wrong' }))).toMatchObject({
      error: 'invalid_grant',
    });
    const asJson = await postJson(v().token_endpoint, { grant_type: 'password', client_id: c().client_id });
    expect(await json(asJson)).toMatchObject({ error: 'invalid_request' });
  });

  it('accepts client authentication as HTTP Basic and answers a wrong secret with 401 + WWW-Authenticate: Basic', async () => {
    const params = {
      grant_type: 'password',
      org_id: account().org_id ?? '',
      username: account().username,
      password: account().password,
      scope: 'des',
    };
    const ok = await postForm(v().token_endpoint, params, {
      authorization: basic(c().client_id, c().client_secret ?? ''),
    });
    expect(ok.status).toBe(200);
    const bad = await postForm(v().token_endpoint, params, {
      authorization: basic(c().client_id, 'wrong secret'),
    });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toMatch(/^Basic realm="powerepos"/);
    expect(await json(bad)).toMatchObject({ error: 'invalid_client' });
    const badInBody = await postForm(v().token_endpoint, {
      ...params,
      client_id: c().client_id,
      client_secret: 'wrong',
    });
    expect(badInBody.status).toBe(400);
  });

  it('announces a changed service URI in new tokens (refresh included); old tokens keep theirs', async () => {
    const before = await json(await passwordGrant());
    const newUri = `${h.url}/powerepos/des-eu2/${account().org_id}/`;
    await admin(h, h.d.admin.powerepos_service_uri, { serviceUri: newUri });
    const refreshed = await json(
      await postForm(v().token_endpoint, {
        grant_type: 'refresh_token',
        client_id: c().client_id,
        client_secret: c().client_secret ?? '',
        refresh_token: String(before.refresh_token),
      }),
    );
    expect(refreshed.svc).toBe(newUri);
    expect(jwtPayload(String(refreshed.access_token)).svc).toBe(newUri);
    expect(refreshed.org_id).toBe(account().org_id);
    expect((await getWithToken(statusUrl(newUri), String(refreshed.access_token))).status).toBe(200);
    // A token used at a service URI other than its own is refused.
    const wrong = await getWithToken(statusUrl(newUri), String(before.access_token));
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(jwtPayload(String(before.access_token)).svc).toBe(String(before.svc));
    await admin(h, h.d.admin.reset, {});
  });
});
