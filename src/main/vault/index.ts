export {
  DEFAULT_KEYCHAIN_SERVICE,
  KEYCHAIN_UNAVAILABLE_MESSAGE,
  VAULT_KEY_ACCOUNT,
  keychainUnavailable,
  type Keychain,
} from './keychain';
export { createKeytarKeychain, KeytarKeychain, type KeytarModule } from './keytar-keychain';
export { MemoryKeychain } from './memory-keychain';
export { keepAside, keepAsideSync, writeFileAtomic } from './atomic-file';
