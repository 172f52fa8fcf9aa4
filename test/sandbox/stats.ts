import type { SandboxVendorId } from '../../src/shared/sandbox-descriptor';

/**
 * Token requests per vendor per grant_type, counted when the request arrives (before faults and
 * validation), so failed and faulted requests count too: tests use it to prove "refreshed once",
 * "never retried after invalid_grant" and "backed off after 429".
 */
export class TokenRequestStats {
  private counts: Partial<Record<SandboxVendorId, Record<string, number>>> = {};

  count(vendor: SandboxVendorId, grantType: string): void {
    const perVendor = (this.counts[vendor] ??= {});
    perVendor[grantType] = (perVendor[grantType] ?? 0) + 1;
  }

  snapshot(): { token_requests: Partial<Record<SandboxVendorId, Record<string, number>>> } {
    return { token_requests: structuredClone(this.counts) };
  }

  reset(): void {
    this.counts = {};
  }
}
