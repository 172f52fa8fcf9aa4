import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authorize,
  listenerPortFor,
  type BrowserPort,
  type TokenEndpointConfig,
} from '../../../src/main/oauth';
import { resolveProviderEndpoints } from '../../../src/main/providers/resolve-provider';
import type { AppErrorData } from '../../../src/shared/errors';
import { discoverProvider } from '../../../src/main/oauth';
import {
  appError,
  freePort,
  getWithHost,
  isListening,
  openSandbox,
  registerClient,
  SandboxBrowser,
  sandboxConfig,
  tokenRequestCounts,
  visit,
  type Sandbox,
} from './helpers';

/** The loopback listener (RFC 8252) against the real sandbox and real sockets. */

let sb: Sandbox;
let generic: TokenEndpointConfig;

beforeAll(async () => {
  sb = await openSandbox();
  const { definition } = await discoverProvider(sb.d.vendors.generic.metadata_url ?? '');
  const client = await registerClient(sb, 'generic', { redirectUris: ['http://127.0.0.1/callback'] });
  generic = { provider: definition, endpoints: resolveProviderEndpoints(definition, {}, {}), client };
});
afterAll(() => sb.close());

/** A browser that lets the test act between the provider's redirect and the real callback. */
function tamperingBrowser(act: (callbackUrl: string) => Promise<void>): SandboxBrowser {
  return new SandboxBrowser('approve', act);
}

function withParam(url: string, name: string, value: string | null, append = false): string {
  const u = new URL(url);
  if (value === null) u.searchParams.delete(name);
  else if (append) u.searchParams.append(name, value);
  else u.searchParams.set(name, value);
  return u.href;
}

describe('refused callbacks do not end the flow', () => {
  it('missing, wrong and repeated state are refused with 400; the real callback then succeeds', async () => {
    const refused: AppErrorData[] = [];
    const statuses: number[] = [];
    const browser = tamperingBrowser(async (callbackUrl) => {
      statuses.push((await visit(withParam(callbackUrl, 'state', null))).status);
      statuses.push((await visit(withParam(callbackUrl, 'state', 'attacker-state'))).status);
      statuses.push((await visit(withParam(callbackUrl, 'state', 'second', true))).status);
    });
    const result = await authorize(generic, { browser, onRefusedCallback: (e) => refused.push(e) });
    expect(statuses).toEqual([400, 400, 400]);
    expect(refused.map((e) => e.code)).toEqual(['STATE_MISMATCH', 'STATE_MISMATCH', 'STATE_MISMATCH']);
    expect(result.tokens.accessToken).toBeTruthy();
    expect(browser.visits[0]?.status).toBe(200);
  });

  it('a missing or wrong iss is refused (RFC 9207); the real callback then succeeds', async () => {
    const refused: AppErrorData[] = [];
    const statuses: number[] = [];
    const browser = tamperingBrowser(async (callbackUrl) => {
      statuses.push((await visit(withParam(callbackUrl, 'iss', null))).status);
      statuses.push((await visit(withParam(callbackUrl, 'iss', 'https://evil.example/'))).status);
    });
    await authorize(generic, { browser, onRefusedCallback: (e) => refused.push(e) });
    expect(statuses).toEqual([400, 400]);
    expect(refused.map((e) => e.code)).toEqual(['ISSUER_MISMATCH', 'ISSUER_MISMATCH']);
  });

  it('a foreign Host header gets 400 and other paths 404, without ending the flow', async () => {
    const results: number[] = [];
    const browser = tamperingBrowser(async (callbackUrl) => {
      const port = new URL(callbackUrl).port;
      results.push((await getWithHost(callbackUrl, `evil.example:${port}`)).status);
      results.push((await getWithHost(callbackUrl, `localhost:${port}`)).status);
      results.push((await visit(new URL('/other', callbackUrl).href)).status);
      results.push((await visit(new URL('/callback/', callbackUrl).href)).status);
      results.push((await visit(callbackUrl, { method: 'POST' })).status);
    });
    const result = await authorize(generic, { browser });
    expect(results).toEqual([400, 400, 404, 404, 405]);
    expect(result.tokens.accessToken).toBeTruthy();
  });
});

describe('one valid callback, then closed', () => {
  it('a second callback (replay) gets no token: the listener is gone', async () => {
    const browser = new SandboxBrowser();
    const result = await authorize(generic, { browser });
    const port = Number(new URL(result.redirectUri).port);
    expect(await isListening(port)).toBe(false);
    await expect(visit(browser.callbackUrl ?? '')).rejects.toThrow();
  });

  it('the callback page: no-store, no-referrer, strict CSP, tells the user to go back to POS Connect', async () => {
    const browser = new SandboxBrowser();
    await authorize(generic, { browser });
    const page = browser.visits[0];
    expect(page?.status).toBe(200);
    expect(page?.headers.get('cache-control')).toBe('no-store');
    expect(page?.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page?.headers.get('content-security-policy')).toMatch(
      /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'/,
    );
    expect(page?.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page?.body).toContain('go back to POS Connect');
    expect(page?.body).not.toContain('<script');
  });

  it('a provider error carrying the right state ends the flow: access_denied → ACCESS_DENIED, page says so', async () => {
    const browser = new SandboxBrowser('deny');
    const error = await appError(authorize(generic, { browser }));
    expect(error.code).toBe('ACCESS_DENIED');
    await browser.finished;
    expect(browser.visits[0]?.status).toBe(200);
    expect(browser.visits[0]?.body).toContain('was not connected');
    expect(browser.visits[0]?.headers.get('cache-control')).toBe('no-store');
  });
});

describe('the callback page speaks the app’s language', () => {
  it('French when the app is in French, asked when the browser arrives', async () => {
    let language: 'en' | 'fr' = 'en';
    const browser = new SandboxBrowser();
    const flow = authorize(generic, { browser, language: () => language });
    language = 'fr';
    await flow;
    expect(browser.visits[0]?.body).toContain('<html lang="fr">');
    expect(browser.visits[0]?.body).toContain('Autorisation reçue');
    expect(browser.visits[0]?.body).not.toContain('go back to POS Connect');
  });

  it('a refusal at the vendor, in French with the reason in French', async () => {
    const browser = new SandboxBrowser('deny');
    const error = await appError(authorize(generic, { browser, language: () => 'fr' }));
    expect(error.code).toBe('ACCESS_DENIED');
    await browser.finished;
    expect(browser.visits[0]?.body).toContain('Le compte n’a pas été connecté');
    expect(browser.visits[0]?.body).toContain('L’accès a été refusé sur la page du fournisseur.');
  });
});

describe('timeout and cancel close the listener', () => {
  it('no callback before the deadline → AUTHORIZATION_TIMEOUT, port closed', async () => {
    let port = 0;
    const browser: BrowserPort = {
      open: async (url) => {
        port = Number(new URL(new URL(url).searchParams.get('redirect_uri') ?? '').port);
      },
    };
    const error = await appError(authorize(generic, { browser, timeoutMs: 200 }));
    expect(error.code).toBe('AUTHORIZATION_TIMEOUT');
    expect(await isListening(port)).toBe(false);
  });

  it('cancel → AUTHORIZATION_CANCELLED, port closed', async () => {
    const controller = new AbortController();
    let port = 0;
    const browser: BrowserPort = {
      open: async (url) => {
        port = Number(new URL(new URL(url).searchParams.get('redirect_uri') ?? '').port);
        expect(await isListening(port)).toBe(true);
        controller.abort();
      },
    };
    const error = await appError(authorize(generic, { browser, signal: controller.signal }));
    expect(error.code).toBe('AUTHORIZATION_CANCELLED');
    expect(await isListening(port)).toBe(false);
  });
});

describe('fixed ports', () => {
  let squatter: Server;
  afterAll(() => new Promise<void>((resolve) => squatter.close(() => resolve())));

  it('a busy fixed port → PORT_IN_USE naming the port', async () => {
    const port = await freePort();
    squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    const client = await registerClient(sb, 'sumup', { redirectUris: [`http://127.0.0.1:${port}/callback`] });
    const error = await appError(
      authorize(sandboxConfig(sb, 'sumup', client), { browser: new SandboxBrowser(), port }),
    );
    expect(error.code).toBe('PORT_IN_USE');
    expect(error.message).toContain(String(port));
    expect(error.params?.port).toBe(port);
  });

  it('the fixed port defaults to authorizationCode.defaultPort; any-loopback-port providers get port 0', async () => {
    // Checked without binding 47812: other test files may use the vendors' default ports.
    const client = await registerClient(sb, 'sumup-pos-pro');
    const config = sandboxConfig(sb, 'sumup-pos-pro', client);
    expect(listenerPortFor(config)).toBe(47812);
    expect(listenerPortFor(config, 50123)).toBe(50123);
    expect(listenerPortFor(generic)).toBe(0);
  });
});

describe('a code whose exchange failed is never sent again', () => {
  it('reset during the exchange → NETWORK, one authorization_code request, a new authorization needed', async () => {
    const port = await freePort();
    const client = await registerClient(sb, 'sumup', { redirectUris: [`http://127.0.0.1:${port}/callback`] });
    const before = (await tokenRequestCounts(sb, 'sumup')).authorization_code ?? 0;
    await fetch(sb.d.admin.faults, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ vendor: 'sumup', fault: 'reset', times: 1 }),
    });
    const steps: string[] = [];
    const error = await appError(
      authorize(sandboxConfig(sb, 'sumup', client), {
        browser: new SandboxBrowser(),
        port,
        onProgress: (e) => steps.push(e.step),
      }),
    );
    expect(error.code).toBe('NETWORK');
    expect(steps).toEqual(['waiting_for_browser', 'exchanging_code']);
    expect((await tokenRequestCounts(sb, 'sumup')).authorization_code).toBe(before + 1);
  });
});
