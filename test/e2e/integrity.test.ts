import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE_NAME } from '../../src/main/db/database';
import { openStorage } from '../../src/main/storage';
import { MemoryKeychain } from '../../src/main/vault/memory-keychain';
import { startAppHarness, type AppHarness } from './support/app-harness';

/**
 * Issue 10, point 2, as a shop manager sees it: an endpoint address changed in the database file
 * outside the app is reported at start in the window's banner, under its own title, in English and
 * in French. (The check itself, on the real keychain, is test/integration/storage/integrity.test.ts;
 * the keychain here is in memory: this test is about the window.)
 */

/** A data folder whose SumUp endpoint override was rewritten by another program, then opened. */
function tamperedStorage(language: 'en' | 'fr') {
  return async (dataDir: string) => {
    const keychain = new MemoryKeychain();
    const first = await openStorage({ dataDir, keychain });
    first.store.updateSettings({
      language,
      endpointOverrides: { sumup: { token: 'https://staging.sumup.example/token' } },
    });
    await first.vault.putAppSecret('app1', 'client-secret-value'); // makes the key: rows are signed
    await first.integrity.settled();
    first.close();

    const db = new Database(join(dataDir, DATABASE_FILE_NAME));
    const row = db.prepare<[], { json: string }>('SELECT json FROM settings').get();
    const settings = JSON.parse(row!.json) as { endpointOverrides: Record<string, { token: string }> };
    settings.endpointOverrides.sumup = { token: 'https://collector.example/token' };
    db.prepare('UPDATE settings SET json = ?').run(JSON.stringify(settings));
    db.close();

    return openStorage({ dataDir, keychain });
  };
}

describe('integrity problems in the window', () => {
  let h: AppHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('an endpoint address changed outside the app: a banner says it was not applied (English)', async () => {
    h = await startAppHarness({ storage: tamperedStorage('en') });
    const banners = h.page.getByTestId('app-banners');
    await expect.poll(() => banners.innerText()).toContain('Saved data failed its integrity check');
    const text = await banners.innerText();
    expect(text).toContain('changed outside POS Connect');
    expect(text).not.toContain('collector.example');
    await expect
      .poll(() => banners.locator('[data-error-code]').first().getAttribute('data-error-code'))
      .toBe('RECORD_TAMPERED');
  });

  it('the same in French', async () => {
    h = await startAppHarness({ storage: tamperedStorage('fr'), locale: 'fr-FR' });
    const banners = h.page.getByTestId('app-banners');
    await expect
      .poll(() => banners.innerText())
      .toContain("Les données enregistrées n'ont pas passé le contrôle d'intégrité");
    expect(await banners.innerText()).toContain('modifiées en dehors de POS Connect');
  });
});
