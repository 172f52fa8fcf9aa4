import { describe, expect, it } from 'vitest';
import { decodeJwtUnverified, maskToken } from '../../../src/main/oauth/jwt';

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('decodeJwtUnverified', () => {
  it('returns header and claims, never the signature', () => {
    const token = `${b64({ alg: 'RS256', kid: 'k1' })}.${b64({ sub: 'merchant', service: 'https://des.example/', exp: 2000000000 })}.SIGNATURE_PART`;
    const decoded = decodeJwtUnverified(token);
    expect(decoded).toEqual({
      header: { alg: 'RS256', kid: 'k1' },
      claims: { sub: 'merchant', service: 'https://des.example/', exp: 2000000000 },
    });
    expect(JSON.stringify(decoded)).not.toContain('SIGNATURE_PART');
  });

  it.each([
    ['an opaque token', 'sbx_opaque_token_value'],
    ['two segments', `${b64({ alg: 'none' })}.${b64({ a: 1 })}`],
    [
      'a payload that is not JSON',
      `${b64({ alg: 'HS256' })}.${Buffer.from('nope').toString('base64url')}.sig`,
    ],
    ['a payload that is an array', `${b64({ alg: 'HS256' })}.${b64([1, 2])}.sig`],
    ['an empty string', ''],
  ])('returns undefined for %s', (_name, token) => {
    expect(decodeJwtUnverified(token)).toBeUndefined();
  });
});

describe('maskToken', () => {
  it('shows four characters each side and the length', () => {
    const token = 'abcd' + 'x'.repeat(1016) + 'wxyz';
    expect(maskToken(token)).toBe('abcd…wxyz (1,024 chars)');
  });

  it('shows nothing of a short token', () => {
    expect(maskToken('short')).toBe('… (5 chars)');
  });
});
