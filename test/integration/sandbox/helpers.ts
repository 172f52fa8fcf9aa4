import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import type { SandboxDescriptor, SandboxVendorId } from '../../../src/shared/sandbox-descriptor';
import type { RunningSandbox } from '../../sandbox/server';
import { startSandbox } from '../../sandbox/server';

/** Shared plumbing for the sandbox tests: one sandbox per file, plain fetch over loopback. */

export interface SandboxHandle {
  sandbox: RunningSandbox;
  url: string;
  d: SandboxDescriptor;
}

/** Starts one sandbox for the file; the returned object is filled in beforeAll. */
export function useSandbox(): SandboxHandle {
  const handle = {} as SandboxHandle;
  beforeAll(async () => {
    handle.sandbox = await startSandbox();
    handle.url = handle.sandbox.url;
    handle.d = handle.sandbox.descriptor;
  });
  afterAll(async () => {
    await handle.sandbox.close();
  });
  return handle;
}

export type Json = Record<string, unknown>;

export async function json(response: Response): Promise<Json> {
  return (await response.json()) as Json;
}

export function postForm(
  url: string,
  params: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(params).toString(),
    redirect: 'manual',
  });
}

export function postMultipart(url: string, params: Record<string, string>): Promise<Response> {
  const form = new FormData();
  for (const [name, value] of Object.entries(params)) form.append(name, value);
  return fetch(url, { method: 'POST', body: form, redirect: 'manual' });
}

export function postJson(url: string, body: unknown): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    redirect: 'manual',
  });
}

export function getWithToken(url: string, token: string, scheme = 'Bearer'): Promise<Response> {
  return fetch(url, { headers: { authorization: `${scheme} ${token}` }, redirect: 'manual' });
}

/** Calls the admin API and returns its JSON answer. */
export async function admin(h: SandboxHandle, url: string, body?: unknown): Promise<Json> {
  const response = body === undefined ? await fetch(url) : await postJson(url, body);
  if (!response.ok) throw new Error(`admin ${url} answered ${response.status}: ${await response.text()}`);
  return json(response);
}

/** GETs an authorization URL with X-Sandbox-Decision and returns the redirect's Location. */
export async function authorize(
  endpoint: string,
  params: Record<string, string>,
  decision: 'approve' | 'deny' = 'approve',
): Promise<{ response: Response; location: URL | undefined }> {
  const url = new URL(endpoint);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  const response = await fetch(url, { headers: { 'x-sandbox-decision': decision }, redirect: 'manual' });
  const location = response.headers.get('location');
  return { response, location: location === null ? undefined : new URL(location) };
}

/** Authorizes with approval and returns the code (throws if there is none). */
export async function authorizeCode(endpoint: string, params: Record<string, string>): Promise<string> {
  const { response, location } = await authorize(endpoint, params);
  const code = location?.searchParams.get('code');
  if (response.status !== 302 || code === null || code === undefined) {
    throw new Error(`no code: ${response.status} ${location?.toString() ?? (await response.text())}`);
  }
  return code;
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function basic(id: string, secret: string): string {
  const encode = (text: string): string => encodeURIComponent(text).replaceAll('%20', '+');
  return `Basic ${Buffer.from(`${encode(id)}:${encode(secret)}`).toString('base64')}`;
}

/** The payload of a JWT, without verifying it (the tests check claims, not signatures). */
export function jwtPayload(token: string): Json {
  const part = token.split('.')[1];
  if (part === undefined) throw new Error('not a JWT');
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Json;
}

export function client(
  h: SandboxHandle,
  vendor: SandboxVendorId,
  index = 0,
): { client_id: string; client_secret?: string; redirect_uris: string[] } {
  const found = h.d.vendors[vendor].clients[index];
  if (found === undefined) throw new Error(`no client ${index} for ${vendor}`);
  return found;
}

/** A fresh redirect URI on a port of its own, so parallel tests never share a callback. */
export function uniqueCallback(): string {
  return `http://127.0.0.1:${20000 + Math.floor(Math.random() * 40000)}/callback`;
}
