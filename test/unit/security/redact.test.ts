import { describe, expect, it } from 'vitest';
import { REDACTED, SecretRegistry, redactText, redactUrl } from '../../../src/main/security/redact';

// The promises of the one redaction routine that the mutation run (npm run mutation) found unpinned;
// the broader cases are in test/unit/oauth/redact.test.ts.

describe('redactUrl and user-info', () => {
  it('keeps a user name, removes a password, with or without a user name', () => {
    expect(redactUrl('https://merchant@x.example/p')).toBe('https://merchant@x.example/p');
    expect(redactUrl('https://:hunter22@x.example/p')).toBe(`https://:${REDACTED}@x.example/p`);
  });

  it('keeps redacting the other parameters when one name is a malformed escape', () => {
    expect(redactUrl('https://x.example/?%E0%A4%A=1&code=abcd1234')).toBe(
      `https://x.example/?%E0%A4%A=1&code=${REDACTED}`,
    );
  });

  it('leaves parameters without a value alone, even when their name starts like a secret', () => {
    expect(redactUrl('https://x.example/?codes&tokens&x=1')).toBe('https://x.example/?codes&tokens&x=1');
  });
});

describe('redactText', () => {
  it('redacts a secret of four characters, the shortest it searches for', () => {
    expect(redactText('pin 9x7q here', ['9x7q'])).toBe(`pin ${REDACTED} here`);
  });

  it('redacts each form-encoding of a secret: spaces as + with or without percent-escaped punctuation', () => {
    const secret = 'ab cd!ef';
    expect(redactText('body: ab+cd!ef', [secret])).toBe(`body: ${REDACTED}`);
    expect(redactText('body: ab+cd%21ef', [secret])).toBe(`body: ${REDACTED}`);
  });

  it('removes a secret whole when another secret is a part of it', () => {
    expect(redactText('tok abcd-efgh-ijkl end', ['abcd', 'abcd-efgh-ijkl'])).toBe(`tok ${REDACTED} end`);
  });
});

describe('SecretRegistry', () => {
  it('redacts a secret of four characters, and ignores shorter ones', () => {
    const registry = new SecretRegistry().add('9x7q', 'abc');
    expect(registry.size).toBe(1);
    expect(registry.redact('pin 9x7q, abc')).toBe(`pin ${REDACTED}, abc`);
  });

  it('finds a long secret at the very start of the text', () => {
    const registry = new SecretRegistry().add('abcdefghijkl');
    expect(registry.redact('abcdefghijkl was sent')).toBe(`${REDACTED} was sent`);
  });

  it('hides every character of overlapping secrets: one inside another, one overlapping the next', () => {
    const registry = new SecretRegistry().add('0123456789abcdef', '6789', 'cdefXYZW');
    expect(registry.redact('pre 0123456789abcdef post')).toBe(`pre ${REDACTED} post`);
    expect(registry.redact('pre 0123456789abcdefXYZW post')).toBe(`pre ${REDACTED} post`);
  });

  it('forgets a deleted secret, and keeps the others', () => {
    const registry = new SecretRegistry().add('old-refresh-token', 'client-secret-1');
    expect(registry.leaks('old-refresh-token')).toBe(true);
    registry.delete('old-refresh-token');
    expect(registry.size).toBe(1);
    expect(registry.leaks('old-refresh-token')).toBe(false);
    expect(registry.redact('client-secret-1')).toBe(REDACTED);
  });
});
