import type { Keychain } from '../../src/main/vault/keychain';

/** A keychain wrapper that counts every call and remembers what was asked, in order. */
export class CountingKeychain implements Keychain {
  readonly log: string[] = [];

  constructor(private readonly inner: Keychain) {}

  get count(): number {
    return this.log.length;
  }

  reset(): void {
    this.log.length = 0;
  }

  get(service: string, account: string): Promise<string | null> {
    this.log.push(`get ${account}`);
    return this.inner.get(service, account);
  }

  set(service: string, account: string, value: string): Promise<void> {
    this.log.push(`set ${account}`);
    return this.inner.set(service, account, value);
  }

  delete(service: string, account: string): Promise<boolean> {
    this.log.push(`delete ${account}`);
    return this.inner.delete(service, account);
  }
}
