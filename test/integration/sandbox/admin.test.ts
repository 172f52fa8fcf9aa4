import { describe, expect, it } from 'vitest';
import {
  admin,
  authorizeCode,
  client,
  json,
  pkcePair,
  postForm,
  postJson,
  postMultipart,
  uniqueCallback,
  useSandbox,
} from './helpers';

const h = useSandbox();

describe('descriptor and admin API', () => {
  it('serves the descriptor at /.well-known/sandbox with absolute URLs on the running server', async () => {
    const response = await fetch(`${h.url}/.well-known/sandbox`);
    expect(response.status).toBe(200);
    const d = await json(response);
    expect(d.base_url).toBe(h.url);
    const vendors = d.vendors as Record<string, { token_endpoint: string; api_base_url: string }>;
    expect(Object.keys(vendors).sort()).toEqual([
      'chimpy',
      'generic',
      'powerepos',
      'sumup',
      'sumup-pos-pro',
      'taptouch',
    ]);
    for (const vendor of Object.values(vendors)) {
      expect(vendor.token_endpoint.startsWith(`${h.url}/`)).toBe(true);
      expect(vendor.api_base_url.startsWith(`${h.url}/`)).toBe(true);
    }
    expect(h.d.vendors.taptouch.clients[0]?.redirect_uris).toEqual(['http://127.0.0.1:47813/callback']);
    expect(h.d.vendors['sumup-pos-pro'].clients[0]?.redirect_uris).toEqual([
      'http://127.0.0.1:47812/callback',
    ]);
    expect(Object.values(h.d.admin).every((url) => url.startsWith(`${h.url}/.sandbox/`))).toBe(true);
  });

  it('registers a client on its own port, usable at once, and lists it in the descriptor', async () => {
    const redirectUri = uniqueCallback();
    await admin(h, h.d.admin.clients, {
      vendor: 'taptouch',
      client_id: 'tt-parallel',
      client_secret: 'tt-parallel-secret',
      redirect_uris: [redirectUri],
    });
    const code = await authorizeCode(h.d.vendors.taptouch.authorization_endpoint ?? '', {
      response_type: 'code',
      client_id: 'tt-parallel',
      redirect_uri: redirectUri,
    });
    const response = await postMultipart(h.d.vendors.taptouch.token_endpoint, {
      grant_type: 'authorization_code',
      client_id: 'tt-parallel',
      client_secret: 'tt-parallel-secret',
      code,
      redirect_uri: redirectUri,
    });
    expect(response.status).toBe(200);
    const d = await json(await fetch(`${h.url}/.well-known/sandbox`));
    expect(JSON.stringify(d)).toContain('tt-parallel');
  });

  it('rejects invalid admin input with 400', async () => {
    const response = await postJson(h.d.admin.faults, { vendor: 'nobody', fault: '5xx' });
    expect(response.status).toBe(400);
  });

  it('lists every issued and received secret for leak scans', async () => {
    const pkce = pkcePair();
    const redirectUri = 'http://127.0.0.1:41000/callback';
    const pub = client(h, 'generic', 0);
    const code = await authorizeCode(h.d.vendors.generic.authorization_endpoint ?? '', {
      response_type: 'code',
      client_id: pub.client_id,
      redirect_uri: redirectUri,
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
      state: 'leak-scan-state-0123456789',
    });
    const tokens = await json(
      await postForm(h.d.vendors.generic.token_endpoint, {
        grant_type: 'authorization_code',
        client_id: pub.client_id,
        code,
        redirect_uri: redirectUri,
        code_verifier: pkce.verifier,
      }),
    );
    const { values } = (await admin(h, h.d.admin.issued_secrets)) as { values: string[] };
    for (const secret of [
      code,
      pkce.verifier,
      'leak-scan-state-0123456789',
      String(tokens.access_token),
      String(tokens.refresh_token),
      client(h, 'sumup').client_secret,
      h.d.vendors.chimpy.users?.[0]?.password,
      h.d.vendors.powerepos.users?.[0]?.password,
    ]) {
      expect(values).toContain(secret);
    }
  });

  it('resets to the initial state: clients, faults, counters, clock', async () => {
    await admin(h, h.d.admin.clients, {
      vendor: 'sumup',
      client_id: 'temp',
      client_secret: 'temp-secret',
      redirect_uris: [],
    });
    await admin(h, h.d.admin.faults, { vendor: 'sumup', fault: '5xx' });
    await admin(h, h.d.admin.advance_clock, { seconds: 1000 });
    await admin(h, h.d.admin.reset, {});
    const d = await json(await fetch(`${h.url}/.well-known/sandbox`));
    expect(JSON.stringify(d)).not.toContain('"temp"');
    expect(await admin(h, h.d.admin.faults)).toEqual({ faults: {} });
    expect(await admin(h, h.d.admin.stats)).toMatchObject({ token_requests: {} });
  });
});
