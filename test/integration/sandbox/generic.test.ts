import { describe, expect, it } from 'vitest';
import {
  authorize,
  authorizeCode,
  basic,
  client,
  getWithToken,
  json,
  pkcePair,
  postForm,
  useSandbox,
} from './helpers';

const h = useSandbox();

describe('generic standards-following provider', () => {
  const v = () => h.d.vendors.generic;
  const pub = () => client(h, 'generic', 0);
  const conf = () => client(h, 'generic', 1);

  async function codeFor(clientId: string, redirectUri: string, pkce = pkcePair()) {
    const code = await authorizeCode(v().authorization_endpoint ?? '', {
      response_type: 'code',
      client_id: clientId,
      redirect_uri: redirectUri,
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
      state: 'g',
    });
    return { code, verifier: pkce.verifier };
  }

  it('publishes RFC 8414 metadata at both well-known locations', async () => {
    for (const url of [
      v().metadata_url ?? '',
      `${h.url}/generic/.well-known/openid-configuration`,
      `${h.url}/.well-known/oauth-authorization-server/generic`,
    ]) {
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(await json(response)).toMatchObject({
        issuer: v().issuer,
        authorization_endpoint: v().authorization_endpoint,
        token_endpoint: v().token_endpoint,
        revocation_endpoint: v().revocation_endpoint,
        code_challenge_methods_supported: ['S256'],
        authorization_response_iss_parameter_supported: true,
        grant_types_supported: expect.arrayContaining(['authorization_code', 'refresh_token']),
      });
    }
  });

  it('puts iss in every authorization response, errors and denials included (RFC 9207)', async () => {
    const redirectUri = 'http://127.0.0.1:51234/callback';
    const pkce = pkcePair();
    const base = {
      response_type: 'code',
      client_id: pub().client_id,
      redirect_uri: redirectUri,
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
    };
    const approved = await authorize(v().authorization_endpoint ?? '', base);
    const denied = await authorize(v().authorization_endpoint ?? '', base, 'deny');
    const badScope = await authorize(v().authorization_endpoint ?? '', { ...base, scope: 'nope' });
    for (const { location } of [approved, denied, badScope])
      expect(location?.searchParams.get('iss')).toBe(v().issuer);
    expect(badScope.location?.searchParams.get('error')).toBe('invalid_scope');
  });

  it('requires PKCE S256 for every client', async () => {
    const params = {
      response_type: 'code',
      client_id: conf().client_id,
      redirect_uri: 'http://127.0.0.1:40000/callback',
    };
    const missing = await authorize(v().authorization_endpoint ?? '', params);
    expect(missing.location?.searchParams.get('error')).toBe('invalid_request');
    const plain = await authorize(v().authorization_endpoint ?? '', {
      ...params,
      code_challenge: 'a'.repeat(43),
      code_challenge_method: 'plain',
    });
    expect(plain.location?.searchParams.get('error')).toBe('invalid_request');
  });

  it('accepts any loopback port for the registered path, but not another path or host', async () => {
    for (const port of [40001, 55555]) {
      const redirectUri = `http://127.0.0.1:${port}/callback`;
      const { code, verifier } = await codeFor(pub().client_id, redirectUri);
      const response = await postForm(v().token_endpoint, {
        grant_type: 'authorization_code',
        client_id: pub().client_id,
        code,
        redirect_uri: redirectUri,
        code_verifier: verifier,
      });
      expect(response.status).toBe(200);
    }
    for (const redirectUri of [
      'http://127.0.0.1:40002/other',
      'http://localhost:40002/callback',
      'https://127.0.0.1:40002/callback',
    ]) {
      const { response, location } = await authorize(v().authorization_endpoint ?? '', {
        response_type: 'code',
        client_id: pub().client_id,
        redirect_uri: redirectUri,
      });
      expect(response.status).toBe(400);
      expect(location).toBeUndefined();
    }
  });

  it('authenticates the confidential client with client_secret_basic, rotates refresh tokens every time and detects reuse', async () => {
    const redirectUri = 'http://127.0.0.1:40003/callback';
    const { code, verifier } = await codeFor(conf().client_id, redirectUri);
    const auth = { authorization: basic(conf().client_id, conf().client_secret ?? '') };
    const tokens = await json(
      await postForm(
        v().token_endpoint,
        { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier },
        auth,
      ),
    );
    expect(
      (await getWithToken(`${v().api_base_url}${v().test_call.path}`, String(tokens.access_token))).status,
    ).toBe(200);
    const r1 = await json(
      await postForm(
        v().token_endpoint,
        { grant_type: 'refresh_token', refresh_token: String(tokens.refresh_token) },
        auth,
      ),
    );
    expect(r1.refresh_token).not.toBe(tokens.refresh_token);
    const r2 = await json(
      await postForm(
        v().token_endpoint,
        { grant_type: 'refresh_token', refresh_token: String(r1.refresh_token) },
        auth,
      ),
    );
    expect(r2.refresh_token).toBeTruthy();
    expect(
      await json(
        await postForm(
          v().token_endpoint,
          { grant_type: 'refresh_token', refresh_token: String(r1.refresh_token) },
          auth,
        ),
      ),
    ).toMatchObject({ error: 'invalid_grant' });
    expect(
      await json(
        await postForm(
          v().token_endpoint,
          { grant_type: 'refresh_token', refresh_token: String(r2.refresh_token) },
          auth,
        ),
      ),
    ).toMatchObject({ error: 'invalid_grant' });
  });

  it('decodes form-urlencoded Basic credentials (RFC 6749 §2.3.1)', async () => {
    await fetch(h.d.admin.clients, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        vendor: 'generic',
        client_id: 'id with:colon',
        client_secret: 'sec ret+%/&',
        redirect_uris: ['http://127.0.0.1/callback'],
      }),
    });
    const response = await postForm(
      v().token_endpoint,
      { grant_type: 'client_credentials' },
      { authorization: basic('id with:colon', 'sec ret+%/&') },
    );
    expect(response.status).toBe(200);
  });

  it('revokes a grant through the RFC 7009 endpoint', async () => {
    const redirectUri = 'http://127.0.0.1:40004/callback';
    const { code, verifier } = await codeFor(pub().client_id, redirectUri);
    const tokens = await json(
      await postForm(v().token_endpoint, {
        grant_type: 'authorization_code',
        client_id: pub().client_id,
        code,
        redirect_uri: redirectUri,
        code_verifier: verifier,
      }),
    );
    const revoked = await postForm(v().revocation_endpoint ?? '', {
      token: String(tokens.refresh_token),
      token_type_hint: 'refresh_token',
      client_id: pub().client_id,
    });
    expect(revoked.status).toBe(200);
    expect((await getWithToken(`${v().api_base_url}/api/me`, String(tokens.access_token))).status).toBe(401);
  });
});
