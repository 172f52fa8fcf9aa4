import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { ProviderApp } from '../../src/shared/models';
import type { SandboxProcess } from '../lib/sandbox-process';
import { approve, freePort } from '../lib/net';
import { benchServices, type BenchServices } from '../lib/services';
import type { BenchStorage } from '../lib/storage';

/**
 * The SumUp authorization code connect, measured from the moment the browser requests the callback
 * URL on the loopback listener until the services emit `connections:changed` (the tokens are then
 * in the vault, the metadata in the store and the renderer's event sent), against a bare fetch POST
 * of the same code exchange to the same token endpoint. Each sample gets a fresh code, obtained the
 * same way (the authorization URL followed with X-Sandbox-Decision: approve), outside the timing.
 */

export interface SumupSetup {
  bench: BenchServices;
  app: ProviderApp;
  client: { clientId: string; clientSecret: string; redirectUri: string };
  browser: TimedBrowser;
}

/** The system browser: approves at the sandbox, then requests the callback on the loopback listener. */
export class TimedBrowser {
  /** performance.now() just before the callback request was sent. */
  callbackSentAt = 0;
  finished: Promise<void> = Promise.resolve();

  open(url: string): Promise<void> {
    this.finished = this.run(url);
    return this.finished;
  }

  private async run(url: string): Promise<void> {
    const callback = await approve(url);
    this.callbackSentAt = performance.now();
    const res = await fetch(callback, { redirect: 'manual' });
    await res.text();
  }
}

export async function setupSumup(sb: SandboxProcess, storage: BenchStorage): Promise<SumupSetup> {
  const port = await freePort();
  const redirectUri = `http://127.0.0.1:${port}/callback`;
  const client = {
    clientId: `bench-sumup-${process.pid}`,
    clientSecret: `bench_${randomBytes(16).toString('hex')}`,
    redirectUri,
  };
  await sb.registerClient({
    vendor: 'sumup',
    client_id: client.clientId,
    client_secret: client.clientSecret,
    redirect_uris: [redirectUri],
  });
  const browser = new TimedBrowser();
  const bench = benchServices({
    d: sb.d,
    store: storage.store,
    vault: storage.vault,
    openExternal: (url) => browser.open(url),
  });
  const app = await bench.services.handlers['apps:save']({
    providerId: 'sumup',
    label: 'Bench SumUp app',
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    redirectPort: port,
    params: {},
  });
  return { bench, app, client, browser };
}

export interface ConnectSamples {
  app: number[];
  bare: number[];
  vaultWrite: number[];
}

let attempt = 0;

/** One connect through the services; returns its time and the new connection's ID. */
export async function timedConnect(setup: SumupSetup): Promise<{ ms: number; connectionId: string }> {
  const { services } = setup.bench;
  let changedAt = 0;
  const unsubscribe = services.events.subscribe((event) => {
    if (event === 'connections:changed' && changedAt === 0) changedAt = performance.now();
  });
  try {
    attempt += 1;
    const detail = await services.handlers['connections:connect']({
      attemptId: `bench-${attempt}`,
      appId: setup.app.id,
      grant: 'authorization_code',
      label: `Bench shop ${attempt}`,
      scopes: [],
      params: {},
    });
    await setup.browser.finished;
    if (changedAt === 0) throw new Error('connections:changed was not emitted');
    return { ms: changedAt - setup.browser.callbackSentAt, connectionId: detail.id };
  } finally {
    unsubscribe();
  }
}

/** The baseline: a fresh code, then a bare fetch POST of the same exchange the app makes (form body, client_secret_post). */
async function timedBareExchange(sb: SandboxProcess, setup: SumupSetup): Promise<number> {
  const vendor = sb.d.vendors.sumup;
  const authorization = new URL(vendor.authorization_endpoint ?? '');
  authorization.searchParams.set('response_type', 'code');
  authorization.searchParams.set('client_id', setup.client.clientId);
  authorization.searchParams.set('redirect_uri', setup.client.redirectUri);
  authorization.searchParams.set('state', randomBytes(16).toString('base64url'));
  const code = new URL(await approve(authorization.href)).searchParams.get('code');
  if (!code) throw new Error('the sandbox returned no code');
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    code,
    redirect_uri: setup.client.redirectUri,
    client_id: setup.client.clientId,
    client_secret: setup.client.clientSecret,
  });
  const started = performance.now();
  const res = await fetch(vendor.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body,
  });
  const json = (await res.json()) as { access_token?: unknown };
  const ms = performance.now() - started;
  if (res.status !== 200 || typeof json.access_token !== 'string')
    throw new Error(`bare exchange failed: HTTP ${res.status}`);
  return ms;
}

/** Removes a connection left by a sample, outside the timing, so every sample starts from the same store. */
async function forget(setup: SumupSetup, connectionId: string): Promise<void> {
  setup.bench.services.scheduler.cancel(connectionId);
  await setup.bench.vault.deleteConnectionSecrets(connectionId);
  setup.bench.store.deleteConnection(connectionId);
}

export async function measureConnect(
  sb: SandboxProcess,
  setup: SumupSetup,
  options: { reps: number; warmup: number },
): Promise<ConnectSamples> {
  const samples: ConnectSamples = { app: [], bare: [], vaultWrite: [] };
  for (let i = 0; i < options.warmup + options.reps; i += 1) {
    const keep = i >= options.warmup;
    // Alternate the order so that neither side always runs on a warmer connection pool.
    const order = i % 2 === 0 ? (['app', 'bare'] as const) : (['bare', 'app'] as const);
    for (const side of order) {
      if (side === 'app') {
        const { ms, connectionId } = await timedConnect(setup);
        await forget(setup, connectionId);
        if (keep) samples.app.push(ms);
      } else {
        const ms = await timedBareExchange(sb, setup);
        if (keep) samples.bare.push(ms);
      }
    }
  }
  // One vault write alone, the same shape as a connect's: a new connection's token pair.
  for (let i = 0; i < options.warmup + options.reps; i += 1) {
    const id = `bench-vault-write-${i}`;
    const secrets = {
      accessToken: randomBytes(32).toString('base64url'),
      refreshToken: randomBytes(32).toString('base64url'),
    };
    const started = performance.now();
    await setup.bench.vault.putConnectionSecrets(id, secrets);
    const ms = performance.now() - started;
    await setup.bench.vault.deleteConnectionSecrets(id);
    if (i >= options.warmup) samples.vaultWrite.push(ms);
  }
  return samples;
}
