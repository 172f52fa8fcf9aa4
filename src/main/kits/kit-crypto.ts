import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  randomBytes,
  scrypt,
  timingSafeEqual,
} from 'node:crypto';
import { AppError } from '../../shared/errors';
import type { KitSecrets } from '../../shared/kits/kit-format';

/**
 * A kit's client secrets, encrypted with a passphrase the technician gives the shop separately.
 * scrypt (RFC 7914) turns the passphrase into 64 bytes: the first 32 are the AES-256-GCM key, the
 * last 32 key an HMAC of a fixed text stored as `check`, so a wrong passphrase is told apart from a
 * changed file. The rest of the kit (apps, definitions) is the GCM associated data: a client ID or
 * an endpoint edited after export makes the secrets refuse to open, so they never go somewhere the
 * technician did not send them.
 */

/** OWASP's scrypt figures (N = 2^17, r = 8, p = 1): about 128 MiB and a fraction of a second. */
export const KIT_KDF = { logN: 17, r: 8, p: 1 } as const;
const CHECK_TEXT = 'pos-connect-kit passphrase check';
const MIN_PASSPHRASE = 8;

export type SecretMap = Record<string, string>;

export async function encryptKitSecrets(
  secrets: SecretMap,
  passphrase: string,
  associatedData: string,
): Promise<KitSecrets> {
  if (passphrase.length < MIN_PASSPHRASE) {
    throw new AppError({
      code: 'INVALID_INPUT',
      message: `Choose a passphrase of at least ${MIN_PASSPHRASE} characters.`,
      detail: 'kit passphrase too short',
      params: { field: 'passphrase', min: MIN_PASSPHRASE },
    });
  }
  const salt = randomBytes(16);
  const kdf = { name: 'scrypt' as const, ...KIT_KDF, salt: salt.toString('base64') };
  const { key, checkKey } = await deriveKeys(passphrase, salt, kdf);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const data = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
  return {
    kdf,
    cipher: 'aes-256-gcm',
    check: checkOf(checkKey).toString('base64'),
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
}

export async function decryptKitSecrets(
  sealed: KitSecrets,
  passphrase: string | undefined,
  associatedData: string,
): Promise<SecretMap> {
  if (!passphrase) {
    throw new AppError({
      code: 'KIT_PASSPHRASE_NEEDED',
      message: 'This kit holds client secrets. Enter the passphrase the person who made it gave you.',
      detail: 'kit with secrets, no passphrase given',
    });
  }
  const { key, checkKey } = await deriveKeys(passphrase, Buffer.from(sealed.kdf.salt, 'base64'), sealed.kdf);
  const expected = Buffer.from(sealed.check, 'base64');
  const actual = checkOf(checkKey);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    throw new AppError({
      code: 'KIT_PASSPHRASE_WRONG',
      message: 'This passphrase does not open the kit. Check it with the person who made the kit.',
      detail: 'kit passphrase check failed',
    });
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    const plain = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]);
    const parsed: unknown = JSON.parse(plain.toString('utf8'));
    if (!isSecretMap(parsed)) throw new Error('not a map of secrets');
    return parsed;
  } catch {
    throw new AppError({
      code: 'KIT_TAMPERED',
      message: 'This kit was changed after it was made, so its secrets were not opened. Ask for a new kit.',
      detail: 'kit secrets failed their integrity check (AES-GCM tag)',
    });
  }
}

function isSecretMap(value: unknown): value is SecretMap {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}

async function deriveKeys(
  passphrase: string,
  salt: Buffer,
  kdf: { logN: number; r: number; p: number },
): Promise<{ key: Buffer; checkKey: Buffer }> {
  const N = 2 ** kdf.logN;
  const derived = await new Promise<Buffer>((resolve, reject) =>
    scrypt(
      passphrase.normalize('NFC'),
      salt,
      64,
      // scrypt needs 128·N·r bytes; the schema bounds N and r, so this bounds memory too.
      { N, r: kdf.r, p: kdf.p, maxmem: 256 * N * kdf.r },
      (error, key) => (error ? reject(error) : resolve(key)),
    ),
  );
  return { key: derived.subarray(0, 32), checkKey: derived.subarray(32) };
}

function checkOf(checkKey: Buffer): Buffer {
  return createHmac('sha256', checkKey).update(CHECK_TEXT).digest();
}
