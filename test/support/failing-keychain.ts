import { keychainUnavailable, type Keychain } from '../../src/main/vault/keychain';

/**
 * A real keychain behind a switch: once `failing` is set (or after `failAfter` calls), every call
 * throws KEYCHAIN_UNAVAILABLE the way keytar does when the keyring is locked or the Secret Service
 * is gone, and nothing reaches the keychain underneath. Counts the calls it let through.
 */
export class FailingKeychain implements Keychain {
  calls = 0;
  refused = 0;
  failing = false;
  /** Fail every call after this many have gone through (undefined: only the switch decides). */
  failAfter: number | undefined;

  constructor(
    private readonly inner: Keychain,
    private readonly reason = 'Cannot autolaunch D-Bus without X11 $DISPLAY (the keyring is locked)',
  ) {}

  get(service: string, account: string): Promise<string | null> {
    return this.pass('get', () => this.inner.get(service, account));
  }

  set(service: string, account: string, value: string): Promise<void> {
    return this.pass('set', () => this.inner.set(service, account, value));
  }

  delete(service: string, account: string): Promise<boolean> {
    return this.pass('delete', () => this.inner.delete(service, account));
  }

  private async pass<T>(operation: 'get' | 'set' | 'delete', call: () => Promise<T>): Promise<T> {
    if (this.failing || (this.failAfter !== undefined && this.calls >= this.failAfter)) {
      this.refused += 1;
      throw keychainUnavailable(operation, new Error(this.reason));
    }
    this.calls += 1;
    return call();
  }
}
