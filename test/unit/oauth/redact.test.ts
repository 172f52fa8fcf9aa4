import { describe, expect, it } from 'vitest';
import {
  REDACTED,
  SecretRegistry,
  redactParams,
  redactText,
  redactUrl,
} from '../../../src/main/security/redact';

describe('redactUrl', () => {
  it('redacts every secret parameter of a POS Pro token URL and keeps the rest', () => {
    const url =
      'https://oauth.api.tiller.systems/oauth2/token?grant_type=authorization_code&redirect_uri=http%3A%2F%2F127.0.0.1%3A47812%2Fcallback&client_id=abc&client_secret=s3cr3t%2B%2F&code=THE_CODE';
    const out = redactUrl(url);
    expect(out).not.toContain('s3cr3t');
    expect(out).not.toContain('THE_CODE');
    expect(out).toContain('grant_type=authorization_code');
    expect(out).toContain('client_id=abc');
    expect(out).toContain(`client_secret=${REDACTED}`);
    expect(out).toContain(`code=${REDACTED}`);
  });

  it.each(['refresh_token', 'access_token', 'password', 'code_verifier', 'id_token', 'assertion', 'state'])(
    'redacts %s',
    (name) => {
      const out = redactUrl(`https://x.example/p?${name}=VALUE123&keep=1`);
      expect(out).toBe(`https://x.example/p?${name}=${REDACTED}&keep=1`);
    },
  );

  it('redacts fragments, upper-case names and user-info passwords', () => {
    expect(redactUrl('https://x.example/cb#access_token=tok1234&token_type=bearer')).toBe(
      `https://x.example/cb#access_token=${REDACTED}&token_type=bearer`,
    );
    expect(redactUrl('https://x.example/?CLIENT_SECRET=abcd')).toBe(
      `https://x.example/?CLIENT_SECRET=${REDACTED}`,
    );
    expect(redactUrl('https://user:pa55word@x.example/')).toBe(`https://user:${REDACTED}@x.example/`);
  });

  it('redacts free text that is not a URL', () => {
    expect(redactUrl('/token?code=abc&x=1')).toBe(`/token?code=${REDACTED}&x=1`);
  });

  it('does not touch parameters that merely end like a secret name', () => {
    expect(redactUrl('https://x.example/?error_code=42&postcode=75001')).toBe(
      'https://x.example/?error_code=42&postcode=75001',
    );
  });
});

describe('redactText', () => {
  it('removes secrets as is, URL-encoded, form-encoded and JSON-escaped', () => {
    const secret = 'a b+c/d"é';
    const text = `raw=${secret} uri=${encodeURIComponent(secret)} form=${new URLSearchParams({ s: secret }).toString().slice(2)} json=${JSON.stringify(secret)}`;
    const out = redactText(text, [secret]);
    expect(out).not.toContain('b+c');
    expect(out).not.toContain(encodeURIComponent(secret));
    expect(out.match(/\[redacted\]/g)?.length).toBeGreaterThanOrEqual(4);
  });

  it('ignores very short and empty secrets, and undefined', () => {
    expect(redactText('a cat sat', ['a', '', undefined])).toBe('a cat sat');
  });

  it('redacts secret parameters in embedded URLs too', () => {
    expect(redactParams('failed POST https://h/t?client_secret=zz99&x=1')).toBe(
      `failed POST https://h/t?client_secret=${REDACTED}&x=1`,
    );
  });
});

describe('SecretRegistry', () => {
  it('redacts and detects registered secrets', () => {
    const registry = new SecretRegistry().add('refresh-abc-123', undefined, 'xy');
    expect(registry.size).toBe(1);
    expect(registry.leaks('token refresh-abc-123 here')).toBe(true);
    expect(registry.redact('token refresh-abc-123 here')).toBe(`token ${REDACTED} here`);
    expect(registry.redactUrl('https://h/?q=refresh-abc-123')).toBe(`https://h/?q=${REDACTED}`);
    registry.clear();
    expect(registry.leaks('refresh-abc-123')).toBe(false);
  });
});

describe('SecretRegistry at scale', () => {
  it('finds each of thousands of secrets, escaped or not, and leaves other text alone', async () => {
    const { SecretRegistry } = await import('../../../src/main/security/redact');
    const registry = new SecretRegistry();
    const secrets = Array.from({ length: 3000 }, (_, i) => `tok_${i}_${'x'.repeat(i % 7)}/+=${i}`);
    registry.add(...secrets.slice(0, 1500));
    expect(registry.redact('nothing here')).toBe('nothing here');
    registry.add(...secrets.slice(1500));
    const line = `a ${secrets[42]} b ${encodeURIComponent(secrets[2999]!)} c ${JSON.stringify(secrets[7])}`;
    const redacted = registry.redact(line);
    expect(redacted).toBe('a [redacted] b [redacted] c "[redacted]"');
    expect(registry.leaks(line)).toBe(true);
    expect(registry.leaks(redacted)).toBe(false);
  });
});
