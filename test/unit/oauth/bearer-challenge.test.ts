import { describe, expect, it } from 'vitest';
import { classifyBearerFailure, parseBearerChallenge, parseChallenges } from '../../../src/main/oauth';

const res = (status: number, header?: string): Response =>
  new Response(null, { status, headers: header ? { 'www-authenticate': header } : {} });

describe('WWW-Authenticate parsing (RFC 6750 §3)', () => {
  it('parses a Bearer challenge with quoted parameters', async () => {
    const c = await parseBearerChallenge(
      res(401, 'Bearer realm="example", error="invalid_token", error_description="The access token expired"'),
    );
    expect(c).toEqual({
      realm: 'example',
      error: 'invalid_token',
      errorDescription: 'The access token expired',
    });
  });

  it('parses insufficient_scope with the needed scopes', async () => {
    const c = await parseBearerChallenge(
      res(403, 'Bearer error="insufficient_scope", scope="integration.store integration.order"'),
    );
    expect(c?.error).toBe('insufficient_scope');
    expect(c?.scope).toEqual(['integration.store', 'integration.order']);
  });

  it('finds Bearer among several challenges, scheme case-insensitive', async () => {
    const all = await parseChallenges(res(401, 'Basic realm="x", BEARER error=invalid_token'));
    expect(all.map((c) => c.scheme)).toEqual(['basic', 'bearer']);
    expect((await parseBearerChallenge(res(401, 'Basic realm="x", BEARER error=invalid_token')))?.error).toBe(
      'invalid_token',
    );
  });

  it('handles escaped quotes', async () => {
    const c = await parseBearerChallenge(
      res(401, 'Bearer error="invalid_token", error_description="a \\"quoted\\" word"'),
    );
    expect(c?.errorDescription).toBe('a "quoted" word');
  });

  it('no header, no Bearer, or garbage → undefined', async () => {
    expect(await parseBearerChallenge(res(401))).toBeUndefined();
    expect(await parseBearerChallenge(res(401, 'Basic realm="x"'))).toBeUndefined();
    expect(await parseBearerChallenge(res(401, '=== not a challenge'))).toBeUndefined();
  });
});

describe('classifyBearerFailure', () => {
  it('401 invalid_token → INVALID_TOKEN, refresh once and retry', async () => {
    const f = await classifyBearerFailure(res(401, 'Bearer error="invalid_token"'));
    expect(f?.error.code).toBe('INVALID_TOKEN');
    expect(f?.refreshAndRetry).toBe(true);
  });

  it('401 without a challenge (Chimpy) → INVALID_TOKEN, refresh and retry', async () => {
    const f = await classifyBearerFailure(res(401));
    expect(f?.refreshAndRetry).toBe(true);
  });

  it('403 insufficient_scope → INSUFFICIENT_SCOPE, never retried', async () => {
    const f = await classifyBearerFailure(res(403, 'Bearer error="insufficient_scope", scope="des"'));
    expect(f?.error.code).toBe('INSUFFICIENT_SCOPE');
    expect(f?.error.params?.scope).toBe('des');
    expect(f?.refreshAndRetry).toBe(false);
  });

  it('other statuses → undefined', async () => {
    expect(await classifyBearerFailure(res(200))).toBeUndefined();
    expect(await classifyBearerFailure(res(500))).toBeUndefined();
  });
});

describe('classifyBearerFailure: the vendor description is redacted, then cut', () => {
  it('a token straddling the 300-character cut leaves no prefix in the detail', async () => {
    const token = 'tok_7hQ2mZ9xLpV4rT8sK1wN6yB3cD5fG0jH';
    // The cut (300 characters) falls 12 characters into the token.
    const description = `${'x'.repeat(288)}${token} is not valid here`;
    const failure = await classifyBearerFailure(
      res(401, `Bearer error="invalid_token", error_description="${description}"`),
      'oauth',
      [token],
    );
    const detail = failure?.error.detail ?? '';
    expect(detail).toContain('error_description=xxx');
    expect(detail).not.toContain(token.slice(0, 8));
    expect(detail.length).toBeLessThan(400);
  });
});
