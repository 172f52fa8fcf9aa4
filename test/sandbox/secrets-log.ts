import type { SandboxVendorId } from '../../src/shared/sandbox-descriptor';

export type SecretKind =
  | 'access_token'
  | 'refresh_token'
  | 'authorization_code'
  | 'client_secret'
  | 'password'
  | 'code_verifier'
  | 'state';

export interface SecretEntry {
  kind: SecretKind;
  vendor: SandboxVendorId;
  value: string;
}

/**
 * Every secret the sandbox issued or received, so a test can scan the app's logs, reports and IPC
 * payloads for any of them. Kept in memory only and never printed.
 */
export class SecretsLog {
  private readonly entries = new Map<string, SecretEntry>();

  record(kind: SecretKind, vendor: SandboxVendorId, value: string | undefined): void {
    if (value === undefined || value === '') return;
    const key = `${kind}\u0000${vendor}\u0000${value}`;
    if (!this.entries.has(key)) this.entries.set(key, { kind, vendor, value });
  }

  list(): SecretEntry[] {
    return [...this.entries.values()];
  }

  clear(): void {
    this.entries.clear();
  }
}
