import { describe, expect, it } from 'vitest';
import { applyTokens, apiBaseFromToken } from '../../../src/main/connections/apply-tokens';
import type { TokenSet } from '../../../src/main/oauth/token-response';
import type { ConnectionRecord } from '../../../src/main/ports';
import { REFRESH_RULES } from '../../../src/main/connections/refresh-policy';
import { testProvider } from '../oauth/provider-fixture';
import { connectionRecord } from '../../support/connection-record';

// What one token response changes in a connection: the secrets, the metadata, the history.
const NOW = Date.UTC(2026, 10, 27, 12);
const before = NOW - 3600_000;

const record = (fields: Partial<ConnectionRecord> = {}): ConnectionRecord =>
  connectionRecord({
    providerId: 'unit-test',
    grant: 'authorization_code',
    requestedScopes: ['read', 'write'],
    createdAt: before,
    ...fields,
  });

const tokens = (fields: Partial<TokenSet> = {}): TokenSet => ({
  accessToken: 'access-new',
  tokenType: 'bearer',
  receivedAt: NOW,
  status: 200,
  extra: {},
  metadata: { access_token: 'acc…new' },
  withheldValues: [],
  ...fields,
});

/** An unsigned JWT carrying the given claims. */
const jwt = (claims: Record<string, unknown>): string =>
  [{ alg: 'none' }, claims].map((part) => Buffer.from(JSON.stringify(part)).toString('base64url')).join('.') +
  '.';

describe('applyTokens: the refresh token', () => {
  it('keeps the old refresh token when the response has none (RFC 6749 §6), and its expiry', () => {
    const provider = testProvider({ lifetimes: { accessTokenSeconds: 3600, refreshTokenSeconds: 86_400 } });
    const applied = applyTokens(
      provider,
      record({ refreshTokenExpiresAt: NOW + 1000 }),
      { accessToken: 'access-old', refreshToken: 'refresh-old' },
      tokens(),
      { now: NOW },
    );
    expect(applied.secrets).toEqual({ accessToken: 'access-new', refreshToken: 'refresh-old' });
    expect(applied.record.hasRefreshToken).toBe(true);
    expect(applied.record.refreshTokenExpiresAt).toBe(NOW + 1000);
  });

  it('dates a new refresh token from now, by the documented lifetime', () => {
    const provider = testProvider({ lifetimes: { accessTokenSeconds: 3600, refreshTokenSeconds: 86_400 } });
    const applied = applyTokens(
      provider,
      record({ refreshTokenExpiresAt: NOW + 1000 }),
      { accessToken: 'access-old', refreshToken: 'refresh-old' },
      tokens({ refreshToken: 'refresh-new' }),
      { now: NOW },
    );
    expect(applied.secrets.refreshToken).toBe('refresh-new');
    expect(applied.record.refreshTokenExpiresAt).toBe(NOW + 86_400_000);
  });

  it('renews the window of a sliding refresh token on every use, even when it comes back unchanged', () => {
    const provider = testProvider({
      lifetimes: { accessTokenSeconds: 3600, refreshTokenSeconds: 4 * 86_400 },
      refreshToken: { singleUse: false, slidingWindow: true },
    });
    const applied = applyTokens(
      provider,
      record({ refreshTokenExpiresAt: NOW + 1000 }),
      { accessToken: 'a', refreshToken: 'same' },
      tokens({ refreshToken: 'same' }),
      { now: NOW },
    );
    expect(applied.record.refreshTokenExpiresAt).toBe(NOW + 4 * 86_400_000);
  });

  it('dates a refresh token seen for the first time, and has no expiry without a refresh token', () => {
    const provider = testProvider({ lifetimes: { accessTokenSeconds: 3600, refreshTokenSeconds: 600 } });
    const unchanged = applyTokens(
      provider,
      record(),
      { accessToken: 'a', refreshToken: 'same' },
      tokens({ refreshToken: 'same' }),
      { now: NOW },
    );
    expect(unchanged.record.refreshTokenExpiresAt).toBe(NOW + 600_000);
    const none = applyTokens(provider, record({ refreshTokenExpiresAt: NOW + 5 }), undefined, tokens(), {
      now: NOW,
    });
    expect(none.record.hasRefreshToken).toBe(false);
    expect(none.record.refreshTokenExpiresAt).toBeUndefined();
    expect(none.secrets).toEqual({ accessToken: 'access-new' });
  });
});

describe('applyTokens: the access token expiry', () => {
  it('is the local clock at receipt plus expires_in, else the documented lifetime, else none', () => {
    const provider = testProvider();
    expect(
      applyTokens(provider, record(), undefined, tokens({ expiresIn: 120 }), { now: NOW }).record,
    ).toMatchObject({ accessTokenExpiresAt: NOW + 120_000, lastTokenResponse: { at: NOW, status: 200 } });
    expect(
      applyTokens(provider, record(), undefined, tokens(), { now: NOW }).record.accessTokenExpiresAt,
    ).toBe(NOW + 3600_000);
    const undocumented = testProvider({ lifetimes: { accessTokenSeconds: null, refreshTokenSeconds: null } });
    const none = applyTokens(undocumented, record({ accessTokenExpiresAt: NOW }), undefined, tokens(), {
      now: NOW,
    });
    expect(none.record.accessTokenExpiresAt).toBeUndefined();
  });

  it.each([
    [0.001, REFRESH_RULES.minLifetimeSeconds],
    [1e20, REFRESH_RULES.maxLifetimeSeconds],
  ])('clamps a lifetime of %s s and says so in the history', (announced, used) => {
    const applied = applyTokens(testProvider(), record(), undefined, tokens({ expiresIn: announced }), {
      now: NOW,
    });
    expect(applied.record.accessTokenExpiresAt).toBe(NOW + used * 1000);
    expect(new Date(applied.record.accessTokenExpiresAt!).toISOString()).toBeTypeOf('string');
    expect(applied.events).toEqual([
      expect.objectContaining({
        kind: 'warning',
        data: { announcedSeconds: String(announced), usedSeconds: used },
      }),
    ]);
  });

  it('writes no warning for a lifetime in range', () => {
    expect(
      applyTokens(testProvider(), record(), undefined, tokens({ expiresIn: 3599 }), { now: NOW }).events,
    ).toEqual([]);
  });
});

describe('applyTokens: the connection', () => {
  it('is connected again, without the reason of a past failure', () => {
    const applied = applyTokens(
      testProvider(),
      record({ state: 'failed', lastRefreshFailed: true, stateReason: { code: 'NETWORK', message: 'm' } }),
      undefined,
      tokens(),
      { now: NOW },
    );
    expect(applied.record.state).toBe('connected');
    expect(applied.record.lastRefreshFailed).toBe(false);
    expect(applied.record).not.toHaveProperty('stateReason');
    expect(applied.record.lastTokenResponse).toEqual({
      at: NOW,
      status: 200,
      body: { access_token: 'acc…new' },
    });
  });

  it('keeps a password only when the user asked for unattended renewal', () => {
    const provider = testProvider();
    const kept = applyTokens(provider, record({ keepsPassword: true }), undefined, tokens(), {
      now: NOW,
      keepPassword: 'pw-1',
    });
    expect(kept.secrets.password).toBe('pw-1');
    const fromBefore = applyTokens(
      provider,
      record({ keepsPassword: true }),
      { accessToken: 'a', password: 'pw-0' },
      tokens(),
      { now: NOW },
    );
    expect(fromBefore.secrets.password).toBe('pw-0');
    const notKept = applyTokens(provider, record(), { accessToken: 'a', password: 'pw-0' }, tokens(), {
      now: NOW,
      keepPassword: 'pw-1',
    });
    expect(notKept.secrets).not.toHaveProperty('password');
  });
});

describe('applyTokens: scopes', () => {
  it('takes the granted scopes from the response, else keeps what the vendor granted before, else the request', () => {
    const provider = testProvider();
    const fromResponse = applyTokens(provider, record(), undefined, tokens({ scope: ['read'] }), {
      now: NOW,
    });
    expect(fromResponse.record).toMatchObject({ grantedScopes: ['read'], scopesSource: 'response' });
    const kept = applyTokens(
      provider,
      record({ grantedScopes: ['read'], scopesSource: 'response' }),
      undefined,
      tokens(),
      { now: NOW },
    );
    expect(kept.record).toMatchObject({ grantedScopes: ['read'], scopesSource: 'response' });
    expect(kept.events).toEqual([]);
    const asked = applyTokens(provider, record(), undefined, tokens(), { now: NOW });
    expect(asked.record).toMatchObject({ grantedScopes: ['read', 'write'], scopesSource: 'request' });
  });

  it('writes a history line when the granted scopes change, in either direction', () => {
    const provider = testProvider();
    const was = record({ grantedScopes: ['read', 'write'], scopesSource: 'response' });
    const fewer = applyTokens(provider, was, undefined, tokens({ scope: ['read'] }), { now: NOW });
    expect(fewer.events).toEqual([
      {
        at: new Date(NOW).toISOString(),
        kind: 'scope_changed',
        summary: expect.any(String),
        data: { before: ['read', 'write'], after: ['read'] },
      },
    ]);
    const swapped = applyTokens(provider, was, undefined, tokens({ scope: ['read', 'admin'] }), { now: NOW });
    expect(swapped.events.map((e) => e.kind)).toEqual(['scope_changed']);
    const same = applyTokens(provider, was, undefined, tokens({ scope: ['write', 'read'] }), { now: NOW });
    expect(same.events).toEqual([]);
  });
});

describe('the API base announced in the token (PowerEPOS)', () => {
  const provider = testProvider({
    apiBase: {
      from: 'token',
      claim: 'svc_uri',
      responseField: 'svc',
      allowedHosts: ['a.example', 'b.example'],
    },
  });

  it('takes the JWT claim first, then the response field, and nothing for a fixed base', () => {
    expect(
      apiBaseFromToken(
        provider,
        tokens({ accessToken: jwt({ svc_uri: 'https://a.example' }), extra: { svc: 'https://b.example' } }),
      ),
    ).toBe('https://a.example');
    expect(
      apiBaseFromToken(
        provider,
        tokens({ accessToken: jwt({ svc_uri: '' }), extra: { svc: 'https://b.example' } }),
      ),
    ).toBe('https://b.example');
    expect(apiBaseFromToken(provider, tokens({ accessToken: 'opaque', extra: { svc: '' } }))).toBeUndefined();
    expect(apiBaseFromToken(testProvider(), tokens({ extra: { svc: 'https://b.example' } }))).toBeUndefined();
  });

  it('records a move to another service address, but not the first one', () => {
    const first = applyTokens(
      provider,
      record(),
      undefined,
      tokens({ extra: { svc: 'https://a.example' } }),
      {
        now: NOW,
      },
    );
    // Normalised by the origin check (a URL with its path).
    expect(first.record.apiBaseUrl).toBe('https://a.example/');
    expect(first.events).toEqual([]);
    const moved = applyTokens(
      provider,
      record({ apiBaseUrl: 'https://a.example' }),
      undefined,
      tokens({ extra: { svc: 'https://b.example' } }),
      { now: NOW },
    );
    expect(moved.record.apiBaseUrl).toBe('https://b.example/');
    expect(moved.events).toEqual([
      expect.objectContaining({
        kind: 'service_uri_changed',
        data: { before: 'https://a.example', after: 'https://b.example/' },
      }),
    ]);
    const silent = applyTokens(provider, record({ apiBaseUrl: 'https://a.example' }), undefined, tokens(), {
      now: NOW,
    });
    expect(silent.record.apiBaseUrl).toBe('https://a.example');
  });
});

describe('applyTokens: what the earlier tests left open', () => {
  const dated = testProvider({ lifetimes: { accessTokenSeconds: 3600, refreshTokenSeconds: 600 } });

  it('keeps the expiry of a refresh token that comes back unchanged (no sliding window)', () => {
    const applied = applyTokens(
      dated,
      record({ refreshTokenExpiresAt: NOW + 1000 }),
      { accessToken: 'a', refreshToken: 'same' },
      tokens({ refreshToken: 'same' }),
      { now: NOW },
    );
    expect(applied.record.refreshTokenExpiresAt).toBe(NOW + 1000);
  });

  it('dates the first refresh token of a new connection (nothing stored before)', () => {
    const applied = applyTokens(dated, record(), undefined, tokens({ refreshToken: 'first' }), { now: NOW });
    expect(applied.record.refreshTokenExpiresAt).toBe(NOW + 600_000);
  });

  it('gives no expiry to a refresh token whose lifetime is not documented', () => {
    const applied = applyTokens(testProvider(), record(), undefined, tokens({ refreshToken: 'first' }), {
      now: NOW,
    });
    expect(applied.record.refreshTokenExpiresAt).toBeUndefined();
  });

  it('falls back to the requested scopes when nothing was granted by a response', () => {
    const emptyResponse = applyTokens(
      testProvider(),
      record({ grantedScopes: [], scopesSource: 'response' }),
      undefined,
      tokens(),
      { now: NOW },
    );
    expect(emptyResponse.record).toMatchObject({ grantedScopes: ['read', 'write'], scopesSource: 'request' });
    const fromRequest = applyTokens(
      testProvider(),
      record({ grantedScopes: ['read'], scopesSource: 'request' }),
      undefined,
      tokens(),
      { now: NOW },
    );
    expect(fromRequest.record).toMatchObject({ grantedScopes: ['read', 'write'], scopesSource: 'request' });
  });

  it('takes only a non-empty string as the service address, and no move when it is the same', () => {
    const provider = testProvider({
      apiBase: {
        from: 'token',
        claim: 'svc_uri',
        responseField: 'svc',
        allowedHosts: ['a.example', 'b.example'],
      },
    });
    expect(apiBaseFromToken(provider, tokens({ extra: { svc: '' } }))).toBeUndefined();
    const same = applyTokens(
      provider,
      record({ apiBaseUrl: 'https://a.example' }),
      undefined,
      tokens({ extra: { svc: 'https://a.example' } }),
      { now: NOW },
    );
    expect(same.events).toEqual([]);
    const none = applyTokens(provider, record({ apiBaseUrl: 'https://a.example' }), undefined, tokens(), {
      now: NOW,
    });
    expect(none.events).toEqual([]);
    expect(none.record.apiBaseUrl).toBe('https://a.example');
  });

  it('says in words what changed', () => {
    const provider = testProvider({
      apiBase: {
        from: 'token',
        claim: 'svc_uri',
        responseField: 'svc',
        allowedHosts: ['a.example', 'b.example'],
      },
    });
    const applied = applyTokens(
      provider,
      record({ grantedScopes: ['read'], scopesSource: 'response', apiBaseUrl: 'https://a.example' }),
      undefined,
      tokens({ scope: ['write'], expiresIn: 0.001, extra: { svc: 'https://b.example' } }),
      { now: NOW },
    );
    const summaries = Object.fromEntries(applied.events.map((e) => [e.kind, e.summary]));
    expect(summaries.scope_changed).toMatch(/scopes/i);
    expect(summaries.service_uri_changed).toMatch(/address/i);
    expect(summaries.warning).toMatch(/0\.001 s.*1 s/);
  });
});
