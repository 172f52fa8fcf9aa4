import { readFileSync } from 'node:fs';
import { migrate, MigrationError } from '../store/migrations';
import { issuePaths, storeFileSchema, type StoreFile } from '../store/schema';
import { decryptContent, VaultDecodeError, type VaultContent, type VaultKey } from '../vault/vault-format';

/**
 * Reads the files of POS Connect before its database (config.json, vault.json) without changing
 * them: the migration (legacy-migration.ts) needs their content, and a file it cannot read must be
 * left exactly as it is.
 */

export const LEGACY_CONFIG_FILE = 'config.json';
export const LEGACY_VAULT_FILE = 'vault.json';

/** Why a legacy file could not be read; the detail names fields and reasons, never values. */
export class LegacyFileError extends Error {
  constructor(
    readonly reason: 'config_unreadable' | 'vault_unreadable',
    detail: string,
  ) {
    super(detail);
    this.name = 'LegacyFileError';
  }
}

function readBytes(path: string, reason: LegacyFileError['reason']): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT') return undefined;
    throw new LegacyFileError(
      reason,
      `reading ${path.split(/[\\/]/).pop()} failed: ${String(code ?? 'unknown')}`,
    );
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** config.json brought to its last version (2) and checked; undefined when there is none. */
export function readLegacyConfig(path: string): StoreFile | undefined {
  const bytes = readBytes(path, 'config_unreadable');
  if (bytes === undefined) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new LegacyFileError(
      'config_unreadable',
      `${LEGACY_CONFIG_FILE} is not valid JSON (${bytes.length} bytes)`,
    );
  }
  if (!isObject(raw))
    throw new LegacyFileError('config_unreadable', `${LEGACY_CONFIG_FILE} does not hold a JSON object`);
  // conf's own bookkeeping, should a file carry it.
  const { __internal__: _internal, ...content } = raw;
  let migrated;
  try {
    migrated = migrate(content);
  } catch (error) {
    throw new LegacyFileError(
      'config_unreadable',
      error instanceof MigrationError ? error.message : `${LEGACY_CONFIG_FILE} could not be migrated`,
    );
  }
  const checked = storeFileSchema.safeParse(migrated.data);
  if (!checked.success)
    throw new LegacyFileError(
      'config_unreadable',
      `${LEGACY_CONFIG_FILE} (schemaVersion ${migrated.from}) fails the schema at: ${issuePaths(checked.error)}`,
    );
  return checked.data;
}

export function legacyVaultExists(path: string): boolean {
  return readBytes(path, 'vault_unreadable') !== undefined;
}

/** vault.json decrypted with the key; undefined when there is none. */
export function readLegacyVault(path: string, key: VaultKey): VaultContent | undefined {
  const bytes = readBytes(path, 'vault_unreadable');
  if (bytes === undefined) return undefined;
  try {
    return decryptContent(bytes, key);
  } catch (error) {
    if (error instanceof VaultDecodeError) throw new LegacyFileError('vault_unreadable', error.message);
    throw error;
  }
}
