import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { z } from 'zod';

/**
 * The vault file: one JSON envelope around one AES-256-GCM ciphertext.
 *
 *   { "format": "pos-connect-vault", "version": 1, "cipher": "aes-256-gcm",
 *     "keyId": "<16 hex>", "iv": "<base64, 12 bytes>", "tag": "<base64, 16 bytes>",
 *     "data": "<base64 ciphertext>" }
 *
 * - The key is 256 random bits kept in the OS keychain; keyId is HMAC-SHA256(key, label), cut to
 *   64 bits: it tells "encrypted with another key" from "tampered with" and says nothing of the key.
 * - A fresh random 96-bit IV per write (NIST SP 800-38D §8.2.2); the 128-bit tag is checked.
 * - The additional authenticated data binds format, version, cipher and keyId, so none of the
 *   clear-text fields can be changed without the tag failing.
 * - The plaintext is VaultContent as JSON. Nothing else in the file is secret.
 */

export const VAULT_FORMAT = 'pos-connect-vault';
export const VAULT_VERSION = 1;
export const VAULT_CIPHER = 'aes-256-gcm';
export const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

const secretString = z.string().min(1);

export const connectionSecretsSchema = z.strictObject({
  accessToken: secretString,
  refreshToken: secretString.optional(),
  password: secretString.optional(),
  idToken: secretString.optional(),
});

/** One connection's secrets, replaced together in one write. */
export type VaultConnectionSecrets = z.infer<typeof connectionSecretsSchema>;

export const vaultContentSchema = z.strictObject({
  connections: z.record(z.string(), connectionSecretsSchema),
  /** Client secrets per provider app ID. */
  apps: z.record(z.string(), secretString),
});

export type VaultContent = z.infer<typeof vaultContentSchema>;

export function emptyContent(): VaultContent {
  return { connections: {}, apps: {} };
}

const envelopeSchema = z.strictObject({
  format: z.literal(VAULT_FORMAT),
  version: z.number().int().positive(),
  cipher: z.string(),
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  iv: z.base64(),
  tag: z.base64(),
  data: z.base64(),
});

export interface VaultKey {
  bytes: Buffer;
  id: string;
}

export function keyFromBytes(bytes: Buffer): VaultKey {
  return {
    bytes,
    id: createHmac('sha256', bytes).update('POS Connect vault key id').digest('hex').slice(0, 16),
  };
}

export function generateKey(): VaultKey {
  return keyFromBytes(randomBytes(KEY_BYTES));
}

/** The keychain holds the key as base64; anything else is not a key of ours. */
export function encodeKey(key: VaultKey): string {
  return key.bytes.toString('base64');
}

export function decodeKey(stored: string): VaultKey | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(stored)) return undefined;
  const bytes = Buffer.from(stored, 'base64');
  return bytes.length === KEY_BYTES ? keyFromBytes(bytes) : undefined;
}

function aad(version: number, keyId: string): Buffer {
  return Buffer.from(`${VAULT_FORMAT}|v${version}|${VAULT_CIPHER}|${keyId}`, 'utf8');
}

export function encryptContent(content: VaultContent, key: VaultKey): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(VAULT_CIPHER, key.bytes, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(VAULT_VERSION, key.id));
  const data = Buffer.concat([cipher.update(JSON.stringify(content), 'utf8'), cipher.final()]);
  const envelope: z.infer<typeof envelopeSchema> = {
    format: VAULT_FORMAT,
    version: VAULT_VERSION,
    cipher: VAULT_CIPHER,
    keyId: key.id,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
  return `${JSON.stringify(envelope, undefined, 2)}\n`;
}

/** Why a vault file could not be read; the reason is fit for a support detail (no secret). */
export class VaultDecodeError extends Error {
  constructor(
    readonly reason:
      | 'not_json'
      | 'not_a_vault'
      | 'unsupported_version'
      | 'wrong_key'
      | 'authentication_failed'
      | 'invalid_content',
    detail: string,
  ) {
    super(detail);
    this.name = 'VaultDecodeError';
  }
}

export function decryptContent(fileBytes: Buffer, key: VaultKey): VaultContent {
  let json: unknown;
  try {
    json = JSON.parse(fileBytes.toString('utf8'));
  } catch {
    throw new VaultDecodeError(
      'not_json',
      `vault file is not JSON (${fileBytes.length} bytes, truncated or overwritten)`,
    );
  }
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success) {
    const fields = [
      ...new Set(parsed.error.issues.map((issue) => issue.path.map(String).join('.') || '(root)')),
    ].join(', ');
    throw new VaultDecodeError('not_a_vault', `vault envelope invalid at: ${fields}`);
  }
  const envelope = parsed.data;
  if (envelope.version !== VAULT_VERSION || envelope.cipher !== VAULT_CIPHER) {
    throw new VaultDecodeError(
      'unsupported_version',
      `vault format version ${envelope.version} (${envelope.cipher}) is not supported by this version of POS Connect`,
    );
  }
  if (envelope.keyId !== key.id) {
    throw new VaultDecodeError(
      'wrong_key',
      `vault was encrypted with another key (key id ${envelope.keyId}, keychain key id ${key.id})`,
    );
  }
  const iv = Buffer.from(envelope.iv, 'base64');
  const tag = Buffer.from(envelope.tag, 'base64');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new VaultDecodeError(
      'not_a_vault',
      `vault IV or tag has the wrong length (${iv.length}, ${tag.length})`,
    );
  }
  let plaintext: string;
  try {
    const decipher = createDecipheriv(VAULT_CIPHER, key.bytes, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(envelope.version, envelope.keyId));
    decipher.setAuthTag(tag);
    plaintext = Buffer.concat([
      decipher.update(Buffer.from(envelope.data, 'base64')),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw new VaultDecodeError(
      'authentication_failed',
      'vault failed its integrity check (tampered with or damaged)',
    );
  }
  let content: unknown;
  try {
    content = JSON.parse(plaintext);
  } catch {
    throw new VaultDecodeError('invalid_content', 'vault content is not JSON');
  }
  const checked = vaultContentSchema.safeParse(content);
  if (!checked.success) {
    // Paths only: a value here would be a secret.
    const fields = [
      ...new Set(checked.error.issues.map((issue) => issue.path.map(String).join('.') || '(root)')),
    ]
      .slice(0, 5)
      .join(', ');
    throw new VaultDecodeError('invalid_content', `vault content invalid at: ${fields}`);
  }
  return checked.data;
}
