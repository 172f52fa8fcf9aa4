import type { SandboxVendorId } from '../../src/shared/sandbox-descriptor';

/**
 * Token requests per vendor per grant_type, counted when the request arrives (before faults and
 * validation), so failed and faulted requests count too: tests use it to prove "refreshed once",
 * "never retried after invalid_grant" and "backed off after 429".
 */
export class TokenRequestStats {
  private counts: Partial<Record<SandboxVendorId, Record<string, number>>> = {};
  /** Token requests being answered now, and the most at once since the last reset (a concurrency cap shows here). */
  private inFlight = 0;
  private maxInFlight = 0;

  enter(): void {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
  }

  leave(): void {
    this.inFlight -= 1;
  }

  count(vendor: SandboxVendorId, grantType: string): void {
    const perVendor = (this.counts[vendor] ??= {});
    perVendor[grantType] = (perVendor[grantType] ?? 0) + 1;
  }

  snapshot(): {
    token_requests: Partial<Record<SandboxVendorId, Record<string, number>>>;
    max_token_requests_in_flight: number;
  } {
    return { token_requests: structuredClone(this.counts), max_token_requests_in_flight: this.maxInFlight };
  }

  reset(): void {
    this.counts = {};
    this.maxInFlight = this.inFlight;
  }
}
