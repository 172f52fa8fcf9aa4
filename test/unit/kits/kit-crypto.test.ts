import { describe, expect, it } from 'vitest';
import { decryptKitSecrets, encryptKitSecrets, KIT_KDF } from '../../../src/main/kits/kit-crypto';
import type { AppErrorData } from '../../../src/shared/errors';
import { kitSecretsSchema } from '../../../src/shared/kits/kit-format';

/** A kit's secrets under a passphrase: what opens them, and the two different ways they refuse. */

const AAD = '{"apps":[{"clientId":"tt-client"}]}';
const SECRETS = { 'app-1': 'sbx_taptouch_secret_9a4e2c7f', 'app-2': 'another-secret-ÿ' };

async function refusal(promise: Promise<unknown>): Promise<AppErrorData> {
  try {
    await promise;
  } catch (error) {
    return error as AppErrorData;
  }
  throw new Error('the secrets opened');
}

// scrypt at N = 2^17 takes about a second here: each test derives a key once or a few times.
describe('kit secrets', { timeout: 30_000 }, async () => {
  const sealed = await encryptKitSecrets(SECRETS, 'correct horse battery', AAD);

  it('open with the passphrase and the same kit, and are stored as scrypt + AES-256-GCM', async () => {
    expect(await decryptKitSecrets(sealed, 'correct horse battery', AAD)).toEqual(SECRETS);
    expect(kitSecretsSchema.parse(sealed)).toEqual(sealed);
    expect(sealed.kdf).toMatchObject({ name: 'scrypt', logN: KIT_KDF.logN, r: 8, p: 1 });
    expect(KIT_KDF.logN).toBeGreaterThanOrEqual(17);
    expect(Buffer.from(sealed.kdf.salt, 'base64')).toHaveLength(16);
    expect(Buffer.from(sealed.iv, 'base64')).toHaveLength(12);
  });

  it('never hold a secret in clear, and a second export uses another salt and IV', async () => {
    const text = JSON.stringify(sealed);
    for (const secret of Object.values(SECRETS)) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(Buffer.from(secret).toString('base64'));
    }
    const again = await encryptKitSecrets(SECRETS, 'correct horse battery', AAD);
    expect(again.kdf.salt).not.toBe(sealed.kdf.salt);
    expect(again.iv).not.toBe(sealed.iv);
    expect(again.data).not.toBe(sealed.data);
  });

  it('a wrong passphrase is KIT_PASSPHRASE_WRONG, a missing one KIT_PASSPHRASE_NEEDED', async () => {
    expect(await refusal(decryptKitSecrets(sealed, 'correct horse battery!', AAD))).toMatchObject({
      code: 'KIT_PASSPHRASE_WRONG',
    });
    expect(await refusal(decryptKitSecrets(sealed, undefined, AAD))).toMatchObject({
      code: 'KIT_PASSPHRASE_NEEDED',
    });
    expect(await refusal(decryptKitSecrets(sealed, '', AAD))).toMatchObject({
      code: 'KIT_PASSPHRASE_NEEDED',
    });
  });

  it('a changed byte of the ciphertext, the tag, the IV or the rest of the kit is KIT_TAMPERED', async () => {
    const flip = (b64: string) => {
      const bytes = Buffer.from(b64, 'base64');
      bytes[0]! ^= 1;
      return bytes.toString('base64');
    };
    for (const changed of [
      { ...sealed, data: flip(sealed.data) },
      { ...sealed, tag: flip(sealed.tag) },
      { ...sealed, iv: flip(sealed.iv) },
    ]) {
      expect(await refusal(decryptKitSecrets(changed, 'correct horse battery', AAD))).toMatchObject({
        code: 'KIT_TAMPERED',
      });
    }
    // Another client ID in the kit: the secrets do not open for it.
    expect(
      await refusal(decryptKitSecrets(sealed, 'correct horse battery', AAD.replace('tt-client', 'evil'))),
    ).toMatchObject({ code: 'KIT_TAMPERED' });
  });

  it('refuses a passphrase shorter than 8 characters at export', async () => {
    expect(await refusal(encryptKitSecrets(SECRETS, 'short', AAD))).toMatchObject({
      code: 'INVALID_INPUT',
      params: { field: 'passphrase' },
    });
  });
});
