export {
  confBackingStore,
  createStore,
  defaultSettings,
  languageFromLocale,
  STORE_FILE_NAME,
  type BackingStore,
  type BackingStoreOptions,
  type CreateBackingStore,
  type SettingsStore,
  type StoreOptions,
} from './store';
export { CURRENT_SCHEMA_VERSION, DEFAULT_HISTORY_LIMIT, type StoreFile } from './schema';
export { MIGRATIONS, migrate, MigrationError, type Migration } from './migrations';
