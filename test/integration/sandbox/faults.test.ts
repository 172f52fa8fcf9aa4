import { afterEach, describe, expect, it } from 'vitest';
import { admin, client, json, postForm, postJson, useSandbox } from './helpers';

const h = useSandbox();

describe('fault switches', () => {
  const token = () => {
    const c = client(h, 'sumup');
    return postForm(h.d.vendors.sumup.token_endpoint, {
      grant_type: 'client_credentials',
      client_id: c.client_id,
      client_secret: c.client_secret ?? '',
    });
  };
  const setFault = (body: Record<string, unknown>) =>
    admin(h, h.d.admin.faults, { vendor: 'sumup', ...body });
  afterEach(async () => {
    await setFault({ fault: null });
  });

  it('latency: delays, then answers normally', async () => {
    await setFault({ fault: 'latency', latency_ms: 30 });
    expect((await token()).status).toBe(200);
  });

  it('5xx: 503 with a JSON body, or a text body', async () => {
    await setFault({ fault: '5xx' });
    const asJson = await token();
    expect(asJson.status).toBe(503);
    expect(await json(asJson)).toMatchObject({ error: 'temporarily_unavailable' });
    await setFault({ fault: '5xx', body: 'text' });
    const asText = await token();
    expect(asText.status).toBe(503);
    expect(asText.headers.get('content-type')).toMatch(/^text\/plain/);
  });

  it("html: a proxy's 502 page", async () => {
    await setFault({ fault: 'html' });
    const response = await token();
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain('502 Bad Gateway');
  });

  it('malformed-json: 200 with truncated JSON', async () => {
    await setFault({ fault: 'malformed-json' });
    const response = await token();
    expect(response.status).toBe(200);
    await expect(response.json()).rejects.toThrow();
  });

  it('429: with Retry-After', async () => {
    await setFault({ fault: '429', retry_after: 7 });
    const response = await token();
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
  });

  it('reset: the connection drops mid-response', async () => {
    await setFault({ fault: 'reset' });
    await expect(token().then((response) => response.text())).rejects.toThrow();
  });

  it('times: applies to the next N requests, then clears itself', async () => {
    await setFault({ fault: '5xx', times: 2 });
    expect((await token()).status).toBe(503);
    expect((await token()).status).toBe(503);
    expect((await token()).status).toBe(200);
  });

  it('target: token (default) leaves the API alone; api hits only the API; other vendors are untouched', async () => {
    await setFault({ fault: '5xx', target: 'api' });
    const tokens = await json(await token());
    expect(tokens.access_token).toBeTruthy();
    const api = await fetch(`${h.d.vendors.sumup.api_base_url}/v0.1/me`, {
      headers: { authorization: `Bearer ${String(tokens.access_token)}` },
    });
    expect(api.status).toBe(503);
    await setFault({ fault: '5xx' });
    const chimpy = h.d.vendors.chimpy;
    const other = await postJson(chimpy.token_endpoint, {
      client_id: client(h, 'chimpy').client_id,
      audience: chimpy.audience,
      grant_type: 'password',
      username: chimpy.users?.[0]?.username,
      password: chimpy.users?.[0]?.password,
    });
    expect(other.status).toBe(200);
  });

  it('target: all also hits the authorization page', async () => {
    await setFault({ fault: 'html', target: 'all' });
    const response = await fetch(`${h.d.vendors.sumup.authorization_endpoint ?? ''}?client_id=x`, {
      redirect: 'manual',
    });
    expect(response.status).toBe(502);
  });

  it('counts faulted token requests in the stats', async () => {
    await admin(h, `${h.d.admin.stats}/reset`, {});
    await setFault({ fault: '429' });
    await token();
    await token();
    expect(await admin(h, h.d.admin.stats)).toMatchObject({
      token_requests: { sumup: { client_credentials: 2 } },
    });
  });
});
