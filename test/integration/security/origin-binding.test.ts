import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppErrorData } from '../../../src/shared/errors';
import { startHarness, type Harness } from '../../support/services-harness';
import { tokenRequestCounts } from '../oauth/helpers';

/**
 * Issue 10, point 1 and the "Found" list: whoever controls config.json or the renderer no longer
 * decides where a connection's secrets go. Each test reproduces one finding through the services.
 */

interface Recorder {
  url: string;
  requests: { url: string; authorization?: string; body: string }[];
  answer: (req: IncomingMessage, body: string, res: ServerResponse) => void;
  close(): Promise<void>;
}

async function recorder(): Promise<Recorder> {
  const state: Recorder = {
    url: '',
    requests: [],
    answer: (_req, _body, res) => res.end('{}'),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      state.requests.push({
        url: req.url ?? '',
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
        body,
      });
      state.answer(req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

let h: Harness;
let evil: Recorder;
beforeEach(async () => {
  h = await startHarness();
  evil = await recorder();
});
afterEach(async () => {
  await evil.close();
  await h.close();
});

const failure = (promise: Promise<unknown>): Promise<AppErrorData> =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: AppErrorData) => error,
  );

describe('origin binding', () => {
  it('an endpoint override set through settings:update moves no secret: test call and refresh are refused', async () => {
    const app = await h.addApp('sumup');
    const { id } = await h.connect(app.id, 'authorization_code');
    h.services.handlers['settings:update']({
      endpointOverrides: { sumup: { token: `${evil.url}/token`, apiBase: evil.url } },
    });

    const call = await failure(
      h.services.handlers['connections:testCall']({
        connectionId: id,
        method: 'GET',
        path: '/v0.1/me',
        headers: {},
      }),
    );
    expect(call.code).toBe('ORIGIN_NOT_ALLOWED');
    expect(call.detail).toContain(evil.url);

    const refreshes = (await tokenRequestCounts(h.sandbox, 'sumup')).refresh_token ?? 0;
    const refresh = await failure(h.services.handlers['connections:refresh']({ connectionId: id }));
    expect(refresh.code).toBe('ORIGIN_NOT_ALLOWED');
    expect(evil.requests).toEqual([]);
    expect((await tokenRequestCounts(h.sandbox, 'sumup')).refresh_token ?? 0).toBe(refreshes);

    // The connection waits for a person; its history names the refused host.
    const detail = await h.services.handlers['connections:get']({ connectionId: id });
    expect(detail.state).toBe('needs_reauthorization');
    const line = detail.history.find((event) => event.kind === 'needs_reauthorization');
    expect(line?.error?.code).toBe('ORIGIN_NOT_ALLOWED');
    expect(line?.error?.detail).toContain(evil.url);

    // Removing the override and reconnecting brings it back, bound to the sandbox again.
    h.services.handlers['settings:update']({ endpointOverrides: {} });
    const back = await h.connect(app.id, 'authorization_code', { reconnectId: id });
    expect(back.state).toBe('connected');
    expect(h.store.getConnection(id)?.origins?.token).toBe(h.sandbox.d.base_url);
  });

  it('reconnecting with a provider app of another provider is refused and changes nothing', async () => {
    const sumup = await h.addApp('sumup');
    const { id } = await h.connect(sumup.id, 'authorization_code');
    const before = h.store.getConnection(id);
    const other = await h.addApp('taptouch');
    const error = await failure(h.connect(other.id, 'authorization_code', { reconnectId: id }));
    expect(error.code).toBe('INVALID_INPUT');
    expect(h.store.getConnection(id)).toEqual(before);
  });

  it("a provider app whose provider was changed in config.json does not take the connection's secrets along", async () => {
    const sumup = await h.addApp('sumup');
    const { id } = await h.connect(sumup.id, 'authorization_code');
    h.store.saveApp({ ...h.store.getApp(sumup.id)!, providerId: 'taptouch' });
    const error = await failure(h.services.handlers['connections:refresh']({ connectionId: id }));
    expect(error.code).toBe('ORIGIN_NOT_ALLOWED');
  });

  it('a production connection is never refreshed against the sandbox the app was started with', async () => {
    const app = await h.addApp('sumup');
    const { id } = await h.connect(app.id, 'authorization_code');
    // What an older version stored: a production record, without recorded origins.
    const { origins: _dropped, ...legacy } = h.store.getConnection(id)!;
    h.store.saveConnection({ ...legacy, environment: 'production' });
    const refreshes = (await tokenRequestCounts(h.sandbox, 'sumup')).refresh_token ?? 0;
    // Its origins are derived from the production endpoints, never the sandbox's.
    h.services.start();
    expect(h.store.getConnection(id)?.origins?.token).toBe('https://api.sumup.com');
    expect(h.store.getHistory(id).some((event) => event.kind === 'origins_bound')).toBe(true);
    // A token URL forced to the sandbox (an override) is then refused, not sent.
    h.services.handlers['settings:update']({
      endpointOverrides: { sumup: { token: h.sandbox.d.vendors.sumup.token_endpoint } },
    });
    const error = await failure(h.services.handlers['connections:refresh']({ connectionId: id }));
    expect(error.code).toBe('ORIGIN_NOT_ALLOWED');
    expect((await tokenRequestCounts(h.sandbox, 'sumup')).refresh_token ?? 0).toBe(refreshes);
  });

  it('records without origins get them once at start, and history says so', async () => {
    const app = await h.addApp('sumup');
    const { id } = await h.connect(app.id, 'authorization_code');
    const { origins, ...legacy } = h.store.getConnection(id)!;
    h.store.saveConnection(legacy);
    h.services.start();
    expect(h.store.getConnection(id)?.origins).toEqual(origins);
    expect(h.store.getHistory(id).filter((event) => event.kind === 'origins_bound')).toHaveLength(1);
    h.services.start();
    expect(h.store.getHistory(id).filter((event) => event.kind === 'origins_bound')).toHaveLength(1);
  });
});

describe('what else the review found', () => {
  it('a wrong short password does not become a secret ("nope" is not [redacted] later); an accepted one does', async () => {
    const app = await h.addApp('powerepos');
    const account = h.sandbox.d.vendors.powerepos.users![0]!;
    const attempt = (password: string) =>
      h.connect(app.id, 'password', {
        username: account.username,
        password,
        params: { org_id: account.org_id! },
        scopes: ['des', 'offline_access'],
      });
    expect((await failure(attempt('nope'))).code).toBe('INVALID_GRANT');
    expect(h.services.secrets.redact('nope, not that one')).toBe('nope, not that one');
    await attempt(account.password);
    expect(h.services.secrets.leaks(`x ${account.password} y`)).toBe(true);
  });

  it('a refresh answered invalid_grant with error_description token="abc" keeps its history line and notification', async () => {
    let issued = 0;
    evil.answer = (_req, _body, res) => {
      res.setHeader('content-type', 'application/json');
      if (issued++ === 0) {
        res.end(
          JSON.stringify({ access_token: 'first-access-token-1', token_type: 'Bearer', expires_in: 3600 }),
        );
        return;
      }
      res.statusCode = 400;
      res.end(JSON.stringify({ error: 'invalid_grant', error_description: 'token="abc"' }));
    };
    const saved = h.services.handlers['providers:saveCustom']({
      definition: {
        id: 'echo-pos',
        name: 'Echo POS',
        endpoints: { token: `${evil.url}/token` },
        grants: ['client_credentials'],
        tokenRequest: { encoding: 'form', clientAuth: 'client_secret_post' },
        lifetimes: { accessTokenSeconds: 3600, refreshTokenSeconds: null },
        refreshToken: { singleUse: false },
        apiBase: { from: 'fixed', url: evil.url },
      },
    });
    expect(await saved).toMatchObject({ saved: true });
    const app = await h.services.handlers['apps:save']({
      providerId: 'echo-pos',
      label: 'Echo',
      clientId: 'cid',
      clientSecret: 'client-secret-of-echo',
      params: {},
    });
    const { id } = await h.connect(app.id, 'client_credentials');
    const error = await failure(h.services.handlers['connections:refresh']({ connectionId: id }));
    expect(error.code).toBe('INVALID_GRANT');
    const line = h.store.getHistory(id).find((event) => event.kind === 'needs_reauthorization');
    expect(line?.error?.detail).toContain('error_description=token="[redacted]"');
    expect(h.notifications.some((text) => text.startsWith('Reconnect needed'))).toBe(true);
  });
});
