/**
 * The sandbox clock. Every expiry (codes, access and refresh tokens, JWT iat/exp) is computed from
 * it, so a test can jump days ahead through the admin API instead of waiting.
 */
export class SandboxClock {
  private offsetMs = 0;

  /** Milliseconds since the epoch, sandbox time. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Seconds since the epoch, sandbox time (JWT NumericDate). */
  nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }

  reset(): void {
    this.offsetMs = 0;
  }
}
