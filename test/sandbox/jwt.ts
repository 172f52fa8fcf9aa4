import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { CryptoKey, JWK, JWTPayload } from 'jose';
import { randomToken } from './random';

/**
 * Signs the JWT access tokens of Taptouch, Chimpy, PowerEPOS and the generic provider. One RS256
 * key per sandbox run (Taptouch's sample token is RS256 with a kid); the public half is served as a
 * JWKS so a test can verify signatures if it wants to. iat/nbf/exp come from the sandbox clock.
 */
export class JwtSigner {
  private constructor(
    private readonly privateKey: CryptoKey,
    readonly publicJwk: JWK,
    readonly kid: string,
  ) {}

  static async create(): Promise<JwtSigner> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const kid = randomToken('sbx-key-', 6);
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
    return new JwtSigner(privateKey, publicJwk, kid);
  }

  /** Signs `claims`, adding iat, nbf, exp (sandbox time) and a unique jti. */
  async sign(claims: JWTPayload, nowSeconds: number, lifetimeSeconds: number): Promise<string> {
    return new SignJWT({ ...claims, jti: randomToken('', 12) })
      .setProtectedHeader({ alg: 'RS256', kid: this.kid, typ: 'JWT' })
      .setIssuedAt(nowSeconds)
      .setNotBefore(nowSeconds)
      .setExpirationTime(nowSeconds + lifetimeSeconds)
      .sign(this.privateKey);
  }

  jwks(): { keys: JWK[] } {
    return { keys: [this.publicJwk] };
  }
}
