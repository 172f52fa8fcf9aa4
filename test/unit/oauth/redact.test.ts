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

/** Issue 10 ("Redaction misses encodings"): each form a secret can take, alone in a sentence. */
describe('one routine that cannot be fooled', () => {
  const SECRET = 'sk_live/Ab+cd=EF~gh.ij_123';
  const bytes = Buffer.from(SECRET);
  const forms: Record<string, string> = {
    base64: bytes.toString('base64'),
    base64url: bytes.toString('base64url'),
    hex: bytes.toString('hex'),
    HEX: bytes.toString('hex').toUpperCase(),
    'Basic base64(id:secret)': `Authorization: Basic ${Buffer.from(`my-client:${SECRET}`).toString('base64')}`,
    'Basic with a 2-byte id': Buffer.from(`ab:${SECRET}`).toString('base64'),
    'Basic with a 4-byte id': Buffer.from(`abcd:${SECRET}`).toString('base64'),
    'upper-case percent-encoding': encodeURIComponent(SECRET),
    'lower-case percent-encoding': encodeURIComponent(SECRET).replace(/%[0-9A-F]{2}/g, (e) =>
      e.toLowerCase(),
    ),
    'JSON with \\/ escapes': JSON.stringify(SECRET).replace(/\//g, '\\/'),
    'HTML named entities': SECRET.replace(/&/g, '&amp;').replace(/\//g, '&sol;'),
    'HTML numeric entities': SECRET.replace(/[^A-Za-z0-9]/g, (c) => `&#x${c.charCodeAt(0).toString(16)};`),
    'HTML decimal entities': SECRET.replace(/[^A-Za-z0-9]/g, (c) => `&#${c.charCodeAt(0)};`),
    'split across lines': `${SECRET.slice(0, 10)}\n    ${SECRET.slice(10)}`,
    'split across CRLF lines in JSON': JSON.stringify(`${SECRET.slice(0, 7)}\r\n${SECRET.slice(7)}`),
  };

  it.each(Object.entries(forms))('%s', (_name, form) => {
    const text = `before ${form} after`;
    const registry = new SecretRegistry().add(SECRET);
    expect(registry.leaks(text)).toBe(true);
    const out = registry.redact(text);
    expect(out).toContain(REDACTED);
    expect(out.startsWith('before ')).toBe(true);
    expect(out.endsWith(' after')).toBe(true);
    // What is left holds no run of the secret's characters longer than a few bytes.
    for (const piece of [SECRET.slice(0, 8), SECRET.slice(-8), forms.base64!.slice(4, 16)]) {
      expect(out).not.toContain(piece);
    }
    // The one-off list form is the same routine.
    expect(redactText(text, [SECRET])).toBe(out);
  });

  it('cuts only after redacting: a body cut in the middle of a token keeps no prefix of it', () => {
    const token = 'eyJhbGciOiJSUzI1NiJ9.payload-part.signature-part-0123456789';
    const registry = new SecretRegistry().add(token);
    const limit = 256 * 1024;
    const body = `${'.'.repeat(limit - 8)}${token} and more`;
    const shown = registry.truncate(body, limit);
    expect(shown.length).toBeLessThanOrEqual(limit);
    for (let k = 1; k < token.length; k += 1) expect(shown.endsWith(token.slice(0, k))).toBe(false);
    expect(shown.endsWith('[redac')).toBe(false);
  });

  it('does not register a short typed value that was not accepted ("nope" stays "nope")', () => {
    const registry = new SecretRegistry();
    registry.addTyped('nope').addTyped('faux');
    expect(registry.redact('nope, c’est faux')).toBe('nope, c’est faux');
    // From the floor on, or once the vendor accepted it, it is a secret like any other.
    registry.addTyped('long-enough-password');
    expect(registry.redact('x long-enough-password y')).toBe(`x ${REDACTED} y`);
    registry.add('nope');
    expect(registry.redact('nope')).toBe(REDACTED);
  });

  it('redacts a structured value field by field: `token="abc"` with its `\\"` does not break it', () => {
    const registry = new SecretRegistry().add('refresh-token-value-1');
    const event = {
      at: '2026-01-01T00:00:00.000Z',
      kind: 'needs_reauthorization',
      summary: 'x',
      error: {
        code: 'INVALID_GRANT',
        message: 'm',
        detail: 'error=invalid_grant; error_description=token="abc"',
      },
      data: { list: ['refresh-token-value-1'], n: 3, ok: true, none: null },
    };
    // The old way (redacting JSON text, then parsing it) threw a SyntaxError on exactly this.
    const out = registry.redactValue(event);
    expect(out.error.detail).toBe(`error=invalid_grant; error_description=token="${REDACTED}"`);
    expect(out.data).toEqual({ list: [REDACTED], n: 3, ok: true, none: null });
    expect(out.error.code).toBe('INVALID_GRANT');
  });

  it('redacts credentials and JSON secret fields by pattern, keeps error codes and states', () => {
    const text =
      'Authorization: Bearer abcdefgh12345678 {"refresh_token": "r-\\"x", "code": "INVALID_GRANT", "state": "connected"}';
    expect(redactParams(text)).toBe(
      `Authorization: Bearer ${REDACTED} {"refresh_token": "${REDACTED}", "code": "INVALID_GRANT", "state": "connected"}`,
    );
    expect(redactParams('WWW-Authenticate: Bearer realm="api", error="invalid_token"')).toBe(
      'WWW-Authenticate: Bearer realm="api", error="invalid_token"',
    );
    expect(redactParams("curl -H 'Authorization: Bearer $ACCESS_TOKEN'")).toBe(
      "curl -H 'Authorization: Bearer $ACCESS_TOKEN'",
    );
  });
});
