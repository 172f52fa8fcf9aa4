import { decodeJwt, decodeProtectedHeader } from 'jose';

/**
 * Reading a JWT access token without verifying it: POS Connect is the token's client, not its
 * audience, so it only needs the claims (PowerEPOS's service URI, expiry, scopes) for display and
 * routing. The signature is never returned: it is the one part that could be replayed as proof.
 */

export interface DecodedJwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

const JWS_COMPACT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Header and payload claims of a JWS compact JWT, or undefined when the token is not one. */
export function decodeJwtUnverified(token: string): DecodedJwt | undefined {
  if (typeof token !== 'string' || !JWS_COMPACT.test(token)) return undefined;
  try {
    const header = decodeProtectedHeader(token) as Record<string, unknown>;
    const claims = decodeJwt(token) as Record<string, unknown>;
    return { header: { ...header }, claims: { ...claims } };
  } catch {
    return undefined;
  }
}

/**
 * Enough of a token to tell two apart, not enough to use one: "abcd…wxyz (1,024 chars)".
 * Tokens shorter than 16 characters show no characters at all.
 */
export function maskToken(token: string): string {
  return `${tokenEnds(token) ?? '…'} (${token.length.toLocaleString('en-US')} chars)`;
}

/** "abcd…wxyz", the part of the masked preview that is not words (the window says the length itself). */
export function tokenEnds(token: string): string | undefined {
  return token.length < 16 ? undefined : `${token.slice(0, 4)}…${token.slice(-4)}`;
}
