import { AppError } from '../../shared/errors';
import { redactText } from '../security/redact';

/**
 * The OS keychain as the vault sees it: one string per (service, account). The vault keeps a
 * single entry there (the installation's vault key), so any keychain with a small per-item limit
 * (Windows caps a credential at 2,560 bytes) is enough.
 */
export interface Keychain {
  /** The stored value, or null when there is none. Throws AppError KEYCHAIN_UNAVAILABLE when the keychain cannot answer. */
  get(service: string, account: string): Promise<string | null>;
  set(service: string, account: string, value: string): Promise<void>;
  /** Whether an entry was deleted. */
  delete(service: string, account: string): Promise<boolean>;
}

export const DEFAULT_KEYCHAIN_SERVICE = 'POS Connect';
export const VAULT_KEY_ACCOUNT = 'vault-key';

export const KEYCHAIN_UNAVAILABLE_MESSAGE =
  "Your computer's keychain is not available, so POS Connect cannot unlock your saved connections. " +
  'Nothing was changed and nobody was signed out. Unlock the keychain (or sign in to your computer again), then try again.';

export type KeychainOperation = 'get' | 'set' | 'delete' | 'load';

/**
 * The error for a keychain that did not answer. The detail names the operation and the keychain's
 * own words, cut short and with any value we handed it removed: never a secret.
 */
export function keychainUnavailable(
  operation: KeychainOperation,
  cause: unknown,
  mustNotContain: string[] = [],
): AppError {
  let reason = cause instanceof Error ? cause.message : typeof cause === 'string' ? cause : 'unknown failure';
  reason = redactText(reason, mustNotContain);
  reason = reason.replace(/\s+/g, ' ').trim().slice(0, 200);
  return new AppError(
    {
      code: 'KEYCHAIN_UNAVAILABLE',
      message: KEYCHAIN_UNAVAILABLE_MESSAGE,
      detail: `keychain ${operation} failed: ${reason}`,
    },
    { cause },
  );
}

/** Whatever a Keychain implementation threw, as KEYCHAIN_UNAVAILABLE (an AppError passes through). */
export function asKeychainError(
  operation: KeychainOperation,
  error: unknown,
  mustNotContain: string[] = [],
): AppError {
  if (error instanceof AppError && error.code === 'KEYCHAIN_UNAVAILABLE') return error;
  return keychainUnavailable(operation, error, mustNotContain);
}
