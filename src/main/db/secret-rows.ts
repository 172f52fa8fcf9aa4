import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { VaultKey } from '../vault/vault-format';

/**
 * One secret per database row, encrypted with AES-256-GCM under the vault key (kept in the OS
 * keychain). Each row has its own random 96-bit IV (NIST SP 800-38D §8.2.2) and 128-bit tag.
 * The additional authenticated data names the row (kind and id) and the key: a ciphertext copied
 * into another row (connection A's tokens under connection B, an app's client secret under
 * another app) fails its tag, so rows cannot be swapped without the key.
 */

export type SecretKind = 'connection' | 'app';

export interface SecretRow {
  kind: SecretKind;
  id: string;
  key_id: string;
  iv: Buffer;
  tag: Buffer;
  data: Buffer;
}

const CIPHER = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT = 'pos-connect-secret-row|v1';

export function rowAad(kind: SecretKind, id: string, keyId: string): Buffer {
  // JSON keeps the parts apart whatever characters an id holds.
  return Buffer.from(JSON.stringify([FORMAT, kind, id, keyId]), 'utf8');
}

export function encryptRow(kind: SecretKind, id: string, plaintext: string, key: VaultKey): SecretRow {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(CIPHER, key.bytes, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(rowAad(kind, id, key.id));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { kind, id, key_id: key.id, iv, tag: cipher.getAuthTag(), data };
}

/** Why a row could not be decrypted; fit for a support detail (no secret). */
export class SecretRowError extends Error {
  constructor(
    readonly reason: 'wrong_key' | 'authentication_failed',
    detail: string,
  ) {
    super(detail);
    this.name = 'SecretRowError';
  }
}

export function decryptRow(row: SecretRow, key: VaultKey): string {
  if (row.key_id !== key.id) {
    throw new SecretRowError(
      'wrong_key',
      `${row.kind} secret ${row.id} was encrypted with another key (key id ${row.key_id}, keychain key id ${key.id})`,
    );
  }
  try {
    if (row.iv.length !== IV_BYTES || row.tag.length !== TAG_BYTES) throw new Error('bad lengths');
    const decipher = createDecipheriv(CIPHER, key.bytes, row.iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(rowAad(row.kind, row.id, row.key_id));
    decipher.setAuthTag(row.tag);
    return Buffer.concat([decipher.update(row.data), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretRowError(
      'authentication_failed',
      `${row.kind} secret ${row.id} failed its integrity check (tampered with, damaged or moved from another row)`,
    );
  }
}
