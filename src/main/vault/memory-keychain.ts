import type { Keychain } from './keychain';
import { keychainUnavailable } from './keychain';

/**
 * A keychain in memory, for unit tests and benchmarks: counts every call and can be made to fail
 * the way a locked keyring or a missing Secret Service does.
 */
export class MemoryKeychain implements Keychain {
  readonly entries = new Map<string, string>();
  readonly calls = { get: 0, set: 0, delete: 0 };
  /** When set, every call throws KEYCHAIN_UNAVAILABLE with this reason (and changes nothing). */
  failWith: string | undefined;

  private static keyOf(service: string, account: string): string {
    return JSON.stringify([service, account]);
  }

  get totalCalls(): number {
    return this.calls.get + this.calls.set + this.calls.delete;
  }

  async get(service: string, account: string): Promise<string | null> {
    this.calls.get += 1;
    this.fail('get');
    return this.entries.get(MemoryKeychain.keyOf(service, account)) ?? null;
  }

  async set(service: string, account: string, value: string): Promise<void> {
    this.calls.set += 1;
    this.fail('set');
    this.entries.set(MemoryKeychain.keyOf(service, account), value);
  }

  async delete(service: string, account: string): Promise<boolean> {
    this.calls.delete += 1;
    this.fail('delete');
    return this.entries.delete(MemoryKeychain.keyOf(service, account));
  }

  private fail(operation: 'get' | 'set' | 'delete'): void {
    if (this.failWith !== undefined) throw keychainUnavailable(operation, new Error(this.failWith));
  }
}
