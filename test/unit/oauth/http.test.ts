import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBoundedFetch } from '../../../src/main/oauth';
import { AppError } from '../../../src/shared/errors';
import { startTinyServer, type TinyServer } from './tiny-server';

/** Deadline, size cap, no redirects, transport failures: each a typed AppError. */

let server: TinyServer;
beforeAll(async () => {
  server = await startTinyServer((req, res) => {
    if (req.url === '/hang') return; // never answers
    if (req.url === '/big') {
      res.writeHead(200, { 'content-type': 'application/json' }); // chunked, no content-length
      const chunk = 'x'.repeat(16 * 1024);
      for (let i = 0; i < 20; i += 1) res.write(chunk);
      res.end();
      return;
    }
    if (req.url === '/declared-big') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(10 * 1024 * 1024) });
      res.write('{');
      return;
    }
    if (req.url === '/slow-body') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"a":');
      return; // body never completes
    }
    if (req.url === '/reset') {
      res.socket?.destroy();
      return;
    }
    if (req.url === '/redirect') {
      res.writeHead(307, { location: '/elsewhere?client_secret=LEAK-ME-NOT' });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
});
afterAll(() => server.close());

async function error(promise: Promise<unknown>): Promise<AppError> {
  const e: unknown = await promise.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe('createBoundedFetch', () => {
  it('returns a buffered response', async () => {
    const res = await createBoundedFetch()(`${server.url}/ok`, { method: 'GET' });
    expect(await res.json()).toEqual({ ok: true });
  });

  it('no answer before the deadline → TIMEOUT', async () => {
    const e = await error(createBoundedFetch({ timeoutMs: 150 })(`${server.url}/hang`, { method: 'GET' }));
    expect(e.code).toBe('TIMEOUT');
  });

  it('a body that never ends → TIMEOUT', async () => {
    const e = await error(
      createBoundedFetch({ timeoutMs: 150 })(`${server.url}/slow-body`, { method: 'GET' }),
    );
    expect(e.code).toBe('TIMEOUT');
  });

  it('a streamed body over the cap → RESPONSE_TOO_LARGE', async () => {
    const e = await error(
      createBoundedFetch({ maxBodyBytes: 64 * 1024 })(`${server.url}/big`, { method: 'GET' }),
    );
    expect(e.code).toBe('RESPONSE_TOO_LARGE');
  });

  it('a declared Content-Length over the cap → RESPONSE_TOO_LARGE without reading', async () => {
    const e = await error(createBoundedFetch()(`${server.url}/declared-big`, { method: 'GET' }));
    expect(e.code).toBe('RESPONSE_TOO_LARGE');
  });

  it('a dropped connection → NETWORK', async () => {
    const e = await error(createBoundedFetch()(`${server.url}/reset`, { method: 'GET' }));
    expect(e.code).toBe('NETWORK');
  });

  it('nothing listening → NETWORK', async () => {
    const e = await error(createBoundedFetch()('http://127.0.0.1:1/x', { method: 'GET' }));
    expect(e.code).toBe('NETWORK');
  });

  it('a redirect → UNEXPECTED_REDIRECT, not followed, secrets in Location redacted', async () => {
    const before = server.requests.length;
    const e = await error(createBoundedFetch()(`${server.url}/redirect`, { method: 'POST', body: 'a=1' }));
    expect(e.code).toBe('UNEXPECTED_REDIRECT');
    expect(e.detail).not.toContain('LEAK-ME-NOT');
    expect(server.requests.length).toBe(before + 1);
  });

  it('cancel → AUTHORIZATION_CANCELLED', async () => {
    const controller = new AbortController();
    const pending = createBoundedFetch({ signal: controller.signal })(`${server.url}/hang`, {
      method: 'GET',
    });
    setTimeout(() => controller.abort(), 20);
    expect((await error(pending)).code).toBe('AUTHORIZATION_CANCELLED');
  });
});
