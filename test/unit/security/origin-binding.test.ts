import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyTokens } from '../../../src/main/connections/apply-tokens';
import { createBoundedFetch } from '../../../src/main/oauth/http';
import type { TokenSet } from '../../../src/main/oauth/token-response';
import { powerepos } from '../../../src/main/providers/definitions/powerepos';
import { ProviderRegistry } from '../../../src/main/providers/provider-registry';
import {
  assertDestination,
  checkAnnouncedApiBase,
  hostMatches,
  originsOf,
} from '../../../src/main/security/origin-binding';
import { AppError } from '../../../src/shared/errors';
import { providerDefinitionSchema } from '../../../src/shared/providers/provider-schema';
import { connectionRecord } from '../../support/connection-record';
import { MemoryStore } from '../../support/memory-storage';

/** Issue 10, point 1: a secret goes only where its connection was authorized. */

let hits = 0;
let server: ReturnType<typeof createServer>;
let url: string;
beforeAll(async () => {
  server = createServer((_req, res) => {
    hits += 1;
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the HTTP layer checks every request that carries a secret', () => {
  it('refuses a bearer call to an origin the connection is not bound to, before sending anything', async () => {
    const before = hits;
    const fetchFn = createBoundedFetch({ destinations: ['https://api.vendor.example'] });
    const error = await fetchFn(`${url}/me`, { headers: { authorization: 'Bearer tok-123456789' } }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'ORIGIN_NOT_ALLOWED', params: { host: url.slice(7) } });
    expect((error as AppError).detail).toContain('https://api.vendor.example');
    expect(JSON.stringify((error as AppError).toData())).not.toContain('tok-123456789');
    expect(hits).toBe(before);
  });

  it('refuses a request with declared secrets and no binding at all', async () => {
    const fetchFn = createBoundedFetch({ secrets: () => ['client-secret-1'] });
    await expect(fetchFn(`${url}/token`, { method: 'POST', body: 'x=1' })).rejects.toMatchObject({
      code: 'ORIGIN_NOT_ALLOWED',
    });
  });

  it('lets a bound request and a secret-free request through', async () => {
    const bound = createBoundedFetch({ destinations: [url], secrets: () => ['client-secret-1'] });
    expect((await bound(`${url}/token`, { method: 'POST', body: 'x=1' })).status).toBe(200);
    expect((await createBoundedFetch()(`${url}/token`, { method: 'GET' })).status).toBe(200);
  });

  it('compares whole origins: scheme, host and port', () => {
    const bound = originsOf({
      token: 'https://auth.vendor.example/t',
      apiBase: 'https://api.vendor.example/v1',
    });
    const list = [bound.token, bound.api!];
    expect(() => assertDestination('https://api.vendor.example/v1/me', list)).not.toThrow();
    for (const other of [
      'http://api.vendor.example/v1/me',
      'https://api.vendor.example:8443/v1/me',
      'https://api.vendor.example.evil.example/',
      'https://evil.example/?u=https://api.vendor.example',
    ]) {
      expect(() => assertDestination(other, list), other).toThrow(AppError);
    }
  });
});

describe('a token-announced API base (PowerEPOS service URI)', () => {
  const rule = ['powerepos.cloud', '*.powerepos.cloud'];

  it.each([
    ['http://collector.example/des/', 'production', false],
    ['https://collector.example/des/', 'production', false],
    ['http://des.powerepos.cloud/', 'production', false],
    ['https://user:pw@des.powerepos.cloud/', 'production', false],
    ['https://des.powerepos.cloud.evil.example/', 'production', false],
    ['http://127.0.0.1:4000/des/', 'production', false],
    ['https://des.powerepos.cloud/ORG/', 'production', true],
    ['https://powerepos.cloud/', 'production', true],
    ['http://127.0.0.1:4000/des/', 'sandbox', true],
  ] as const)('%s in %s → accepted: %s', (value, environment, ok) => {
    expect(checkAnnouncedApiBase(value, rule, environment).ok).toBe(ok);
  });

  it('matches hosts by rule, never by suffix alone', () => {
    expect(hostMatches('des.powerepos.cloud', rule)).toBe(true);
    expect(hostMatches('evilpowerepos.cloud', rule)).toBe(false);
  });

  const provider = providerDefinitionSchema.parse(powerepos);
  const record = connectionRecord({
    providerId: 'powerepos',
    environment: 'production',
    hasRefreshToken: false,
    label: 'Kiosk',
    grant: 'password',
    requestedScopes: ['des'],
    origins: { token: 'https://auth.powerepos.cloud', api: 'https://des.powerepos.cloud' },
    apiBaseUrl: 'https://des.powerepos.cloud/ORG/',
  });
  const tokens = (svc: string): TokenSet => ({
    accessToken: 'opaque-access-token-1',
    tokenType: 'bearer',
    refreshToken: 'rotated-refresh-token-1',
    receivedAt: 0,
    status: 200,
    extra: { svc },
    metadata: {},
    withheldValues: [],
  });

  it('an http:// or foreign service URI is ignored, the new tokens kept, and history says so', () => {
    const applied = applyTokens(provider, record, undefined, tokens('http://collector.example/des/'), {
      now: 0,
    });
    expect(applied.record.apiBaseUrl).toBe('https://des.powerepos.cloud/ORG/');
    expect(applied.record.origins?.api).toBe('https://des.powerepos.cloud');
    expect(applied.secrets.refreshToken).toBe('rotated-refresh-token-1');
    expect(applied.events).toContainEqual(
      expect.objectContaining({
        kind: 'error',
        error: expect.objectContaining({ code: 'ORIGIN_NOT_ALLOWED' }),
      }),
    );
  });

  it('a move inside the vendor domain is followed, origin included', () => {
    const applied = applyTokens(provider, record, undefined, tokens('https://des2.powerepos.cloud/ORG/'), {
      now: 0,
    });
    expect(applied.record.apiBaseUrl).toBe('https://des2.powerepos.cloud/ORG/');
    expect(applied.record.origins?.api).toBe('https://des2.powerepos.cloud');
  });

  it('a custom provider with apiBase.from=token must state its allowed hosts', () => {
    const input = {
      ...powerepos,
      id: 'custom-des',
      builtin: false,
      apiBase: { from: 'token', claim: 'service' },
    };
    const parsed = providerDefinitionSchema.safeParse(input);
    expect(parsed.success).toBe(false);
  });
});

describe('sandbox overrides apply only to records made in sandbox mode', () => {
  it("a production record keeps its vendor's URLs when the app runs against the sandbox", () => {
    const registry = new ProviderRegistry(new MemoryStore(), {
      sumup: { token: 'http://127.0.0.1:47810/sumup/token', apiBase: 'http://127.0.0.1:47810/sumup/api' },
    });
    const sumup = registry.get('sumup');
    expect(registry.endpointsFor(sumup, { params: {} }, 'sandbox').token).toBe(
      'http://127.0.0.1:47810/sumup/token',
    );
    expect(registry.endpointsFor(sumup, { params: {} }, 'production').token).toBe(sumup.endpoints.token);
    expect(registry.endpointsFor(sumup, { params: {} }, 'production').apiBase).not.toContain('127.0.0.1');
  });
});
