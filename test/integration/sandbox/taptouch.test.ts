import { describe, expect, it } from 'vitest';
import {
  admin,
  authorize,
  authorizeCode,
  client,
  getWithToken,
  json,
  jwtPayload,
  pkcePair,
  postForm,
  postMultipart,
  useSandbox,
} from './helpers';

const h = useSandbox();
const REDIRECT = 'http://127.0.0.1:47813/callback';

describe('Taptouch', () => {
  const v = () => h.d.vendors.taptouch;
  const confidential = () => client(h, 'taptouch', 0);
  const publicClient = () => client(h, 'taptouch', 1);

  async function codeTokens() {
    const code = await authorizeCode(v().authorization_endpoint ?? '', {
      response_type: 'code',
      client_id: confidential().client_id,
      redirect_uri: REDIRECT,
      scope: 'integration.store',
    });
    const response = await postMultipart(v().token_endpoint, {
      client_id: confidential().client_id,
      client_secret: confidential().client_secret ?? '',
      code,
      redirect_uri: REDIRECT,
      grant_type: 'authorization_code',
    });
    expect(response.status).toBe(200);
    return json(response);
  }

  const refresh = (refreshToken: string) =>
    postMultipart(v().token_endpoint, {
      client_id: confidential().client_id,
      client_secret: confidential().client_secret ?? '',
      refresh_token: refreshToken,
      grant_type: 'refresh_token',
    });

  it("exchanges a code over multipart/form-data for a 2-day JWT shaped like the page's sample", async () => {
    const tokens = await codeTokens();
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 172800, scope: 'integration.store' });
    const claims = jwtPayload(String(tokens.access_token));
    expect(claims).toMatchObject({
      aud: confidential().client_id,
      scope: ['integration.store'],
      iss: `${h.url}/taptouch`,
    });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(172800);
    // The page's own example uses a lower-case "bearer".
    expect(
      (await getWithToken(`${v().api_base_url}/integration/v1/stores`, String(tokens.access_token), 'bearer'))
        .status,
    ).toBe(200);
  });

  it('also accepts application/x-www-form-urlencoded, and a base of the registered URI (prefix, same port)', async () => {
    const redirectUri = `${REDIRECT}/taptouch?x=1`;
    const code = await authorizeCode(v().authorization_endpoint ?? '', {
      response_type: 'code',
      client_id: confidential().client_id,
      redirect_uri: redirectUri,
    });
    const response = await postForm(v().token_endpoint, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      client_id: confidential().client_id,
      client_secret: confidential().client_secret ?? '',
    });
    expect(response.status).toBe(200);
    const otherPort = await authorize(v().authorization_endpoint ?? '', {
      response_type: 'code',
      client_id: confidential().client_id,
      redirect_uri: 'http://127.0.0.1:47814/callback',
    });
    expect(otherPort.response.status).toBe(400);
    expect(otherPort.location).toBeUndefined();
  });

  it('restricts scopes per grant type', async () => {
    const { location } = await authorize(v().authorization_endpoint ?? '', {
      response_type: 'code',
      client_id: confidential().client_id,
      redirect_uri: REDIRECT,
      scope: 'integration.store integration.order',
    });
    expect(location?.searchParams.get('error')).toBe('invalid_scope');

    const cc = await postMultipart(v().token_endpoint, {
      grant_type: 'client_credentials',
      client_id: confidential().client_id,
      client_secret: confidential().client_secret ?? '',
      scope: 'integration.store integration.order integration.inventory',
    });
    expect(cc.status).toBe(200);
    expect((await json(cc)).scope).toBe('integration.store integration.order integration.inventory');
  });

  it('requires PKCE (S256) from the public client and accepts it from the confidential one', async () => {
    const noPkce = await authorize(v().authorization_endpoint ?? '', {
      response_type: 'code',
      client_id: publicClient().client_id,
      redirect_uri: REDIRECT,
    });
    expect(noPkce.location?.searchParams.get('error')).toBe('invalid_request');

    const pkce = pkcePair();
    const code = await authorizeCode(v().authorization_endpoint ?? '', {
      response_type: 'code',
      client_id: publicClient().client_id,
      redirect_uri: REDIRECT,
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
    });
    const wrongVerifier = await postMultipart(v().token_endpoint, {
      grant_type: 'authorization_code',
      client_id: publicClient().client_id,
      code,
      redirect_uri: REDIRECT,
      code_verifier: pkcePair().verifier,
    });
    expect(await json(wrongVerifier)).toMatchObject({ error: 'invalid_grant' });

    const code2 = await authorizeCode(v().authorization_endpoint ?? '', {
      response_type: 'code',
      client_id: publicClient().client_id,
      redirect_uri: REDIRECT,
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
    });
    const ok = await postMultipart(v().token_endpoint, {
      grant_type: 'authorization_code',
      client_id: publicClient().client_id,
      code: code2,
      redirect_uri: REDIRECT,
      code_verifier: pkce.verifier,
    });
    expect(ok.status).toBe(200);

    const confidentialPkce = pkcePair();
    const code3 = await authorizeCode(v().authorization_endpoint ?? '', {
      response_type: 'code',
      client_id: confidential().client_id,
      redirect_uri: REDIRECT,
      code_challenge: confidentialPkce.challenge,
      code_challenge_method: 'S256',
    });
    const ok3 = await postMultipart(v().token_endpoint, {
      grant_type: 'authorization_code',
      client_id: confidential().client_id,
      client_secret: confidential().client_secret ?? '',
      code: code3,
      redirect_uri: REDIRECT,
      code_verifier: confidentialPkce.verifier,
    });
    expect(ok3.status).toBe(200);
  });

  it('makes refresh tokens single-use: a new one each time, and reusing the old one revokes the grant', async () => {
    const tokens = await codeTokens();
    const first = await json(await refresh(String(tokens.refresh_token)));
    expect(first.expires_in).toBe(172800);
    expect(first.refresh_token).not.toBe(tokens.refresh_token);
    const reuse = await refresh(String(tokens.refresh_token));
    expect(await json(reuse)).toMatchObject({ error: 'invalid_grant' });
    expect(await json(await refresh(String(first.refresh_token)))).toMatchObject({ error: 'invalid_grant' });
    expect(
      (await getWithToken(`${v().api_base_url}/integration/v1/stores`, String(first.access_token))).status,
    ).toBe(401);
  });

  it('keeps a refresh token usable for 4 days (access expires after 2), then refuses it', async () => {
    const tokens = await codeTokens();
    await admin(h, h.d.admin.advance_clock, { seconds: 3 * 24 * 3600 });
    const expired = await getWithToken(
      `${v().api_base_url}/integration/v1/stores`,
      String(tokens.access_token),
    );
    expect(expired.status).toBe(401);
    // Taptouch's API answers in its {status:{ack,errors}} envelope (issue 13 point 7).
    expect(await json(expired)).toMatchObject({
      status: { ack: false, errors: [{ code: 'token_expired', message: 'The access token has expired.' }] },
    });
    const refreshed = await json(await refresh(String(tokens.refresh_token)));
    expect(refreshed.access_token).toBeTruthy();
    // The new refresh token gets its own 4 days; 4 more days later it is gone.
    await admin(h, h.d.admin.advance_clock, { seconds: 4 * 24 * 3600 + 1 });
    expect(await json(await refresh(String(refreshed.refresh_token)))).toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('refuses a refresh token left unused for more than 4 days', async () => {
    const tokens = await codeTokens();
    await admin(h, h.d.admin.advance_clock, { seconds: 4 * 24 * 3600 + 1 });
    expect(await json(await refresh(String(tokens.refresh_token)))).toMatchObject({
      error: 'invalid_grant',
      error_description: 'The refresh token has expired; authorize again.',
    });
  });

  it('refuses client_credentials to the public client', async () => {
    const response = await postMultipart(v().token_endpoint, {
      grant_type: 'client_credentials',
      client_id: publicClient().client_id,
    });
    expect(await json(response)).toMatchObject({ error: 'unauthorized_client' });
  });
});
