import { describe, expect, it } from 'vitest';
import { applyTokens, checkEchoedParams } from '../../../src/main/connections/apply-tokens';
import { assertScopesAllowed, withApprovalHint } from '../../../src/main/connections/scope-rules';
import { judgeCallback } from '../../../src/main/oauth/authorization-code';
import { classifyBearerFailure } from '../../../src/main/oauth/bearer-challenge';
import { oauthError } from '../../../src/main/oauth/errors';
import { scopeFor, type TokenEndpointConfig } from '../../../src/main/oauth/token-request';
import { processTokenResponse, type TokenSet } from '../../../src/main/oauth/token-response';
import { BUILTIN_PROVIDERS } from '../../../src/main/providers/definitions';
import { normaliseTenantUrl } from '../../../src/main/providers/resolve-provider';
import { AppError } from '../../../src/shared/errors';
import {
  providerDefinitionSchema,
  type ProviderDefinition,
} from '../../../src/shared/providers/provider-schema';
import { defaultScopesFor, findScopeProblem, scopeVerdict } from '../../../src/shared/providers/scope-rules';
import { connectionRecord } from '../../support/connection-record';
import { parseWithTemplates } from '../oauth/provider-fixture';

/**
 * Issue 13, "The five vendors exactly as documented": one describe block per numbered point, each
 * checking the vendor page's words (shared/seeds/) against the definitions and the engine.
 */

const vendor = (id: string): ProviderDefinition => {
  const input = BUILTIN_PROVIDERS.find((candidate) => candidate.id === id);
  if (!input) throw new Error(`no built-in ${id}`);
  return parseWithTemplates(input);
};

const thrown = (run: () => unknown): AppError => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected an AppError');
};

/** An unsigned JWT with these claims (the engine only decodes, it does not verify). */
const jwt = (claims: Record<string, unknown>): string =>
  [{ alg: 'none', typ: 'JWT' }, claims]
    .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
    .join('.') + '.sig';

const tokens = (overrides: Partial<TokenSet> = {}): TokenSet => ({
  accessToken: 'opaque-access',
  tokenType: 'bearer',
  receivedAt: 1_000,
  status: 200,
  extra: {},
  redactedBody: {},
  ...overrides,
});

const record = connectionRecord;

describe('issue 13 point 1: SumUp scopes per grant and access level', () => {
  const sumup = vendor('sumup');

  it('client credentials start with no merchant scope; the authorization code keeps the three defaults', () => {
    expect(defaultScopesFor(sumup, 'client_credentials')).toEqual([]);
    expect(defaultScopesFor(sumup, 'authorization_code')).toEqual([
      'transactions.history',
      'user.app-settings',
      'user.profile_readonly',
    ]);
  });

  it('a merchant scope is disabled for client credentials with its access level as the reason; feature scopes stay', () => {
    const history = sumup.scopes.find((s) => s.name === 'transactions.history')!;
    const payments = sumup.scopes.find((s) => s.name === 'payments')!;
    expect(scopeVerdict(sumup, history, 'client_credentials')).toEqual({
      allowed: false,
      reason: 'access-level',
      accessLevel: 'merchant',
      grants: ['authorization_code', 'refresh_token'],
    });
    expect(scopeVerdict(sumup, payments, 'client_credentials')).toEqual({ allowed: true });
  });

  it('main refuses a merchant scope with client credentials, naming the scope', () => {
    const error = thrown(() => assertScopesAllowed(sumup, 'client_credentials', ['user.profile_readonly']));
    expect(error.code).toBe('INVALID_SCOPE');
    expect(error.params?.scope).toBe('user.profile_readonly');
    expect(error.message).toContain('user.profile_readonly');
    expect(() => assertScopesAllowed(sumup, 'client_credentials', ['payments'])).not.toThrow();
  });

  it('needsApproval is read: a refused request that asked for a vetted scope names it', () => {
    const refused = oauthError('INVALID_SCOPE', 'token endpoint: error=invalid_scope');
    const hinted = withApprovalHint(sumup, ['payments', 'products'], refused) as AppError;
    expect(hinted.params?.scope).toBe('payments');
    expect(hinted.message).toContain('payments');
  });
});

describe('issue 13 point 2: PowerEPOS reads the svc claim and checks org_id', () => {
  const powerepos = vendor('powerepos');
  const base = record({ providerId: 'powerepos', params: { org_id: 'ORG-1' } });

  it('the service URI comes from the JWT claim "svc", which wins over the response field', () => {
    expect(powerepos.apiBase).toMatchObject({ from: 'token', claim: 'svc' });
    const applied = applyTokens(
      powerepos,
      base,
      undefined,
      tokens({
        accessToken: jwt({ svc: 'https://des-b.example/', org_id: 'ORG-1' }),
        extra: { svc: 'https://des-a.example/', org_id: 'ORG-1' },
      }),
      { now: 1_000 },
    );
    expect(applied.record.apiBaseUrl).toBe('https://des-b.example/');
  });

  it('a token answer for another organisation is refused with PARAM_MISMATCH (nothing applied)', () => {
    const error = thrown(() =>
      applyTokens(
        powerepos,
        base,
        undefined,
        tokens({ accessToken: jwt({ svc: 'https://d/', org_id: 'ORG-2' }), extra: { org_id: 'ORG-1' } }),
        { now: 1_000 },
      ),
    );
    expect(error.code).toBe('PARAM_MISMATCH');
    expect(error.params).toMatchObject({ field: 'org_id', expected: 'ORG-1', got: 'ORG-2' });
    // The response field alone is checked too when the token is not a JWT.
    expect(() =>
      checkEchoedParams(powerepos, { org_id: 'ORG-1' }, tokens({ extra: { org_id: 'ORG-9' } })),
    ).toThrow(AppError);
    expect(() =>
      checkEchoedParams(powerepos, { org_id: 'ORG-1' }, tokens({ extra: { org_id: 'ORG-1' } })),
    ).not.toThrow();
  });
});

describe('issue 13 point 3: state is read from the definition', () => {
  const config = (provider: ProviderDefinition): TokenEndpointConfig => ({
    provider,
    endpoints: { token: 'https://vendor.example/token', authorization: 'https://vendor.example/authorize' },
    client: { clientId: 'cid' },
  });
  const codeOnly = new URLSearchParams({ code: 'abc' });

  it('Taptouch (state optional, PKCE sent): a callback with only ?code= is accepted', () => {
    expect(judgeCallback(config(vendor('taptouch')), 'expected-state', codeOnly)).toHaveProperty('accept');
  });

  it('a wrong state, or an error answer without state, is still refused for Taptouch', () => {
    const taptouch = config(vendor('taptouch'));
    expect(
      judgeCallback(taptouch, 'expected', new URLSearchParams({ code: 'a', state: 'other' })),
    ).toHaveProperty('refuse');
    expect(
      judgeCallback(taptouch, 'expected', new URLSearchParams({ error: 'access_denied' })),
    ).toHaveProperty('refuse');
  });

  it('SumUp and POS Pro (no PKCE) refuse a callback without state', () => {
    expect(judgeCallback(config(vendor('sumup')), 'expected', codeOnly)).toHaveProperty('refuse');
    expect(judgeCallback(config(vendor('sumup-pos-pro')), 'expected', codeOnly)).toHaveProperty('refuse');
  });

  it('a definition cannot make state optional without PKCE', () => {
    const taptouch = BUILTIN_PROVIDERS.find((p) => p.id === 'taptouch')!;
    const result = providerDefinitionSchema.safeParse({
      ...taptouch,
      authorizationCode: { ...taptouch.authorizationCode!, pkce: 'unsupported', stateRequired: false },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(
      'authorizationCode.stateRequired',
    );
  });
});

describe('issue 13 point 4: extra scopes outside the catalogue', () => {
  const sumup = vendor('sumup');

  it('"customers" (SumUp\'s own example) is refused from the catalogue list but accepted as an extra scope', () => {
    expect(findScopeProblem(sumup, 'authorization_code', ['customers'])).toEqual({
      scope: 'customers',
      problem: 'unknown',
    });
    expect(findScopeProblem(sumup, 'authorization_code', ['products'], ['customers'])).toBeUndefined();
    expect(scopeFor(sumup, 'authorization_code', ['products', 'customers'])).toBe('products customers');
  });

  it('extra scopes must be RFC 6749 scope tokens (%x21 / %x23-5B / %x5D-7E)', () => {
    for (const bad of ['a b', 'quote"d', 'back\\slash', 'café', '']) {
      expect(findScopeProblem(sumup, 'authorization_code', [], [bad])?.problem).toBe('syntax');
    }
    expect(findScopeProblem(sumup, 'authorization_code', [], ['!#[]~'])).toBeUndefined();
    expect(thrown(() => assertScopesAllowed(sumup, 'authorization_code', [], ['a"b'])).code).toBe(
      'INVALID_SCOPE',
    );
  });
});

describe('issue 13 point 5: Chimpy offline_access honoured, tenant as host or URL', () => {
  const chimpy = vendor('chimpy');

  it('offline_access is sent only when chosen', () => {
    expect(scopeFor(chimpy, 'password', [])).toBeUndefined();
    expect(scopeFor(chimpy, 'password', ['offline_access'])).toBe('offline_access');
  });

  it('the tenant is accepted as a host or an https URL and kept as https://host', () => {
    expect(normaliseTenantUrl('authorization_service_uri', 'auth.tenant.chimpy.app', false)).toBe(
      'https://auth.tenant.chimpy.app',
    );
    expect(normaliseTenantUrl('authorization_service_uri', ' https://auth.tenant.chimpy.app/ ', false)).toBe(
      'https://auth.tenant.chimpy.app',
    );
  });

  it('plain http only for loopback, and only in sandbox mode', () => {
    expect(thrown(() => normaliseTenantUrl('x', 'http://auth.tenant.chimpy.app', true)).code).toBe(
      'INSECURE_URL',
    );
    expect(thrown(() => normaliseTenantUrl('x', 'http://127.0.0.1:8080/chimpy', false)).code).toBe(
      'INSECURE_URL',
    );
    expect(normaliseTenantUrl('x', 'http://127.0.0.1:8080/chimpy', true)).toBe(
      'http://127.0.0.1:8080/chimpy',
    );
  });
});

describe('issue 13 point 6: every definition field is read, contradictions resolved', () => {
  it('the unread fields are gone from the schema and the definitions', () => {
    const parsed = vendor('sumup-pos-pro') as unknown as Record<string, unknown>;
    expect(parsed).not.toHaveProperty('accessTokenFormat');
    expect(parsed.refreshToken).not.toHaveProperty('rotates');
    expect(parsed.refreshToken).not.toHaveProperty('issued');
    for (const input of BUILTIN_PROVIDERS) {
      const text = JSON.stringify(input);
      expect(text).not.toMatch(/"rotates"|"issued"|"accessTokenFormat"/);
    }
  });

  it('POS Pro no longer says both "do not rotate" and "sometimes"', () => {
    const assumptions = vendor('sumup-pos-pro').assumptions.join(' ');
    expect(assumptions).not.toMatch(/assumed not to rotate/);
  });

  it('singleUse is read: a refresh answer without a new refresh token drops the spent one, with a warning', () => {
    const taptouch = vendor('taptouch');
    const applied = applyTokens(
      taptouch,
      record({ providerId: 'taptouch' }),
      { accessToken: 'old', refreshToken: 'spent' },
      tokens(),
      { now: 1_000 },
    );
    expect(applied.secrets.refreshToken).toBeUndefined();
    expect(applied.record.hasRefreshToken).toBe(false);
    expect(applied.events.map((e) => e.kind)).toContain('warning');
    // Not single-use (SumUp): the old one is kept, as its page says.
    const kept = applyTokens(
      vendor('sumup'),
      record(),
      { accessToken: 'old', refreshToken: 'still-good' },
      tokens(),
      {
        now: 1_000,
      },
    );
    expect(kept.secrets.refreshToken).toBe('still-good');
  });
});

describe('issue 13 point 7: Taptouch inventory with the code; its status envelope', () => {
  const taptouch = vendor('taptouch');

  it('integration.inventory may be asked for with the authorization code, flagged as a source conflict', () => {
    const inventory = taptouch.scopes.find((s) => s.name === 'integration.inventory')!;
    expect(scopeVerdict(taptouch, inventory, 'authorization_code')).toEqual({ allowed: true });
    expect(inventory.sourceConflict).toMatch(/table says credentials only; its example grants it/);
    expect(() =>
      assertScopesAllowed(taptouch, 'authorization_code', ['integration.inventory']),
    ).not.toThrow();
    expect(
      thrown(() => assertScopesAllowed(taptouch, 'authorization_code', ['integration.order'])).code,
    ).toBe('INVALID_SCOPE');
  });

  const envelope = (code: string, message: string) =>
    JSON.stringify({ status: { ack: false, errors: [{ code, message }] } });
  const tokenAnswer = (status: number, body: string) =>
    processTokenResponse(
      { issuer: 'https://api.taptouch.example', token_endpoint: 'https://api.taptouch.example/token' },
      { client_id: 'cid' },
      {
        grant: 'refresh_token',
        response: new Response(body, { status, headers: { 'content-type': 'application/json' } }),
        receivedAt: 0,
        secrets: [],
      },
      taptouch.errorEnvelope,
    );

  it('at the token endpoint an expired or revoked token in the envelope means re-authorization (INVALID_GRANT)', async () => {
    await expect(
      tokenAnswer(400, envelope('token_expired', 'The refresh token has expired.')),
    ).rejects.toMatchObject({
      code: 'INVALID_GRANT',
    });
    await expect(
      tokenAnswer(200, envelope('token_revoked', 'Access was revoked by the user.')),
    ).rejects.toMatchObject({
      code: 'INVALID_GRANT',
    });
    await expect(tokenAnswer(401, envelope('invalid_client', 'Unknown client_id.'))).rejects.toMatchObject({
      code: 'INVALID_CLIENT',
    });
  });

  it('on the API: revoked → NEEDS_REAUTHORIZATION, expired → renew once (INVALID_TOKEN)', async () => {
    const api = (body: string, status = 401) =>
      classifyBearerFailure(new Response(body, { status }), taptouch.errorEnvelope);
    expect((await api(envelope('token_revoked', 'The access token has been revoked.')))?.error.code).toBe(
      'NEEDS_REAUTHORIZATION',
    );
    const expired = await api(envelope('token_expired', 'The access token has expired.'));
    expect(expired?.error.code).toBe('INVALID_TOKEN');
    expect(expired?.refreshAndRetry).toBe(true);
    expect(
      (await api(envelope('insufficient_scope', 'This call needs integration.store.'), 403))?.error.code,
    ).toBe('INSUFFICIENT_SCOPE');
    // Without the provider's envelope setting, the same body is only a 401.
    expect(
      (await classifyBearerFailure(new Response(envelope('token_revoked', 'revoked'), { status: 401 })))
        ?.error.code,
    ).toBe('INVALID_TOKEN');
  });
});

describe('issue 13 point 8: every invented value is listed as an assumption', () => {
  it('each fixed loopback port is stated with its reason', () => {
    for (const id of ['sumup', 'sumup-pos-pro', 'taptouch']) {
      const definition = vendor(id);
      const port = definition.authorizationCode?.defaultPort;
      expect(port, id).toBeDefined();
      expect(
        definition.assumptions.some((a) => a.includes(String(port))),
        id,
      ).toBe(true);
    }
  });

  it('the POS Pro API host and the PowerEPOS refresh without org_id are stated', () => {
    expect(vendor('sumup-pos-pro').assumptions.some((a) => a.includes('api.tiller.systems'))).toBe(true);
    expect(vendor('powerepos').assumptions.some((a) => /refresh request carries no org_id/.test(a))).toBe(
      true,
    );
  });

  it('every test call the page does not document is marked assumed and stated', () => {
    for (const input of BUILTIN_PROVIDERS) {
      const definition = vendor(input.id);
      for (const call of definition.testCalls.filter((c) => c.source === 'assumed')) {
        expect(
          definition.assumptions.some((a) => a.includes(call.path)),
          `${input.id} ${call.path}`,
        ).toBe(true);
      }
    }
  });
});
