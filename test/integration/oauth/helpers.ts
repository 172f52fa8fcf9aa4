import { request as httpRequest } from 'node:http';
import { expect } from 'vitest';
import type { BrowserPort, TokenEndpointConfig } from '../../../src/main/oauth';
import { BUILTIN_PROVIDERS } from '../../../src/main/providers/definitions';
import { resolveProviderEndpoints } from '../../../src/main/providers/resolve-provider';
import { vendorOverrides } from '../../../src/main/providers/resolve-sandbox';
import { AppError } from '../../../src/shared/errors';
import type { ProviderDefinition } from '../../../src/shared/providers/provider-schema';
import type {
  SandboxDescriptor,
  SandboxFault,
  SandboxVendorId,
} from '../../../src/shared/sandbox-descriptor';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';
import { parseWithTemplates } from '../../unit/oauth/provider-fixture';

/** One sandbox per test file (faults and counters are per vendor), read through its descriptor. */
export interface Sandbox {
  running: RunningSandbox;
  d: SandboxDescriptor;
  close(): Promise<void>;
}

export async function openSandbox(): Promise<Sandbox> {
  const running = await startSandbox();
  const d = (await (await fetch(`${running.url}/.well-known/sandbox`)).json()) as SandboxDescriptor;
  return { running, d, close: () => running.close() };
}

async function post(url: string, body: unknown): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`sandbox admin ${url}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

let clientCounter = 0;

/** Register a client of our own (own id, own redirect port) so test files can run in parallel. */
export async function registerClient(
  sb: Sandbox,
  vendor: SandboxVendorId,
  options: { secret?: boolean; redirectUris?: string[]; vetted?: boolean } = {},
): Promise<{ clientId: string; clientSecret?: string }> {
  clientCounter += 1;
  const clientId = `it-${vendor}-${process.pid}-${clientCounter}`;
  const clientSecret =
    options.secret === false
      ? undefined
      : `it_secret_${vendor}_${process.pid}_${clientCounter}_${Math.random().toString(36).slice(2)}`;
  await post(sb.d.admin.clients, {
    vendor,
    client_id: clientId,
    ...(clientSecret ? { client_secret: clientSecret } : {}),
    redirect_uris: options.redirectUris ?? [],
    ...(options.vetted !== undefined ? { vetted: options.vetted } : {}),
  });
  return { clientId, ...(clientSecret ? { clientSecret } : {}) };
}

export async function setFault(
  sb: Sandbox,
  vendor: SandboxVendorId,
  fault: SandboxFault | null,
  options: {
    latency_ms?: number;
    retry_after?: number;
    times?: number;
    target?: 'token' | 'api' | 'all';
    pad_to?: number;
  } = {},
): Promise<void> {
  await post(sb.d.admin.faults, { vendor, fault, ...options });
}

export async function tokenRequestCounts(
  sb: Sandbox,
  vendor: SandboxVendorId,
): Promise<Record<string, number>> {
  const stats = (await (await fetch(sb.d.admin.stats)).json()) as {
    token_requests: Partial<Record<SandboxVendorId, Record<string, number>>>;
  };
  return stats.token_requests[vendor] ?? {};
}

/** Every secret the sandbox issued or accepted. */
export async function issuedSecrets(sb: Sandbox): Promise<string[]> {
  const body = (await (await fetch(sb.d.admin.issued_secrets)).json()) as { values: string[] };
  return body.values;
}

/** The error as every text a person or a log could see. */
export function errorText(error: AppError): string {
  return [
    error.message,
    error.detail ?? '',
    JSON.stringify(error),
    JSON.stringify(error.toData()),
    String(error),
  ].join('\n');
}

export async function expectNoSecret(sb: Sandbox, error: AppError, extra: string[] = []): Promise<void> {
  const secrets = [...(await issuedSecrets(sb)), ...extra].map((value) => ({
    kind: 'secret',
    vendor: '',
    value,
  }));
  expect(findLeaks(secrets, { error: errorText(error) })).toEqual([]);
}

export async function appError(promise: Promise<unknown>): Promise<AppError> {
  const e: unknown = await promise.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e, 'expected an AppError').toBeInstanceOf(AppError);
  return e as AppError;
}

export function builtin(id: string): ProviderDefinition {
  const input = BUILTIN_PROVIDERS.find((p) => p.id === id);
  if (!input) throw new Error(`no builtin ${id}`);
  return parseWithTemplates(input);
}

/** A TokenEndpointConfig for a builtin vendor pointed at the sandbox. */
export function sandboxConfig(
  sb: Sandbox,
  id: Exclude<SandboxVendorId, 'generic'>,
  client: { clientId: string; clientSecret?: string },
  params: Record<string, string> = {},
  http?: TokenEndpointConfig['http'],
): TokenEndpointConfig {
  const provider = builtin(id);
  const endpoints = resolveProviderEndpoints(provider, params, vendorOverrides(sb.d, id));
  return { provider, endpoints, client, params, ...(http ? { http } : {}) };
}

export { freePort } from '../../support/net';
import { findLeaks } from '../../support/leak-scan';

export interface CallbackVisit {
  status: number;
  headers: Headers;
  body: string;
}

/**
 * The test "browser": follows the authorization URL with the sandbox's X-Sandbox-Decision header
 * (no consent page), takes the Location it redirects to, and requests it on the loopback
 * listener with redirect: 'manual', as VS Code's tests do. `rewrite` lets a test tamper with the
 * callback URL first (drop iss, change state).
 */
export class SandboxBrowser implements BrowserPort {
  readonly visits: CallbackVisit[] = [];
  authorizationUrl: string | undefined;
  callbackUrl: string | undefined;

  constructor(
    private readonly decision: 'approve' | 'deny' | 'none' = 'approve',
    private readonly before?: (callbackUrl: string) => Promise<void>,
  ) {}

  /** Settles when the browser has finished (the callback page read). */
  finished: Promise<void> = Promise.resolve();

  open(url: string): Promise<void> {
    this.finished = this.run(url);
    return this.finished;
  }

  private async run(url: string): Promise<void> {
    this.authorizationUrl = url;
    if (this.decision === 'none') return;
    const res = await fetch(url, { headers: { 'x-sandbox-decision': this.decision }, redirect: 'manual' });
    const location = res.headers.get('location');
    await res.body?.cancel();
    if (location === null) throw new Error(`the sandbox did not redirect (HTTP ${res.status})`);
    this.callbackUrl = location;
    if (this.before) await this.before(location);
    this.visits.push(await visit(location));
  }
}

export async function visit(url: string, init: RequestInit = {}): Promise<CallbackVisit> {
  const res = await fetch(url, { ...init, redirect: 'manual' });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

/** A raw GET with a chosen Host header (fetch does not let a page choose it; an attacker's tool can). */
export function getWithHost(url: string, host: string): Promise<{ status: number; body: string }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: 'GET',
        headers: { host },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
export function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/', method: 'GET', timeout: 1000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}
