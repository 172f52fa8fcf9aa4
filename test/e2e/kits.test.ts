import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderApp } from '../../src/shared/models';
import { findLeaks } from '../support/leak-scan';
import { startHarness, type Harness } from '../support/services-harness';
import { startAppHarness, type AppHarness } from './support/app-harness';
import {
  axeScan,
  connectThroughUi,
  expectTitle,
  goTo,
  main,
  runPresetTestCall,
  screenshot,
  seriousFindings,
} from './support/flows';
import { e2eStorage } from './support/storage';

/**
 * Connection kits as people use them. A technician's POS Connect (the real services, no window)
 * exports a kit; in the shop's window, the manager opens it on the Connection kits screen (the
 * file picker, or a drop on the window), sees what it adds, gives the passphrase, adds it, and
 * connects by choosing the vendor and signing in: no client ID typed. Then the shop's technician
 * exports a kit through the screen.
 */

const PASSPHRASE = 'seven quiet harbour lamps';

describe('connection kits in the window', () => {
  let h: AppHarness;
  let page: Page;
  let technician: Harness;
  let taptouch: ProviderApp;
  let techSecret: string;
  let withSecrets: string;

  beforeAll(async () => {
    h = await startAppHarness({ storage: e2eStorage });
    page = h.page;
    technician = await startHarness({ sandbox: h.sandbox });
    taptouch = await technician.addApp('taptouch');
    techSecret = (await technician.vault.getAppSecret(taptouch.id))!;
    withSecrets = (
      await technician.services.handlers['kits:export']({
        appIds: [taptouch.id],
        customProviderIds: [],
        createdBy: 'Harbour POS support',
        scopes: { [taptouch.id]: ['integration.store', 'integration.inventory'] },
        passphrase: PASSPHRASE,
      })
    ).content;
    await expectTitle(page, 'Connections');
  });

  afterAll(async () => {
    await technician?.close();
    await h?.close();
  });

  it('opens a kit from the screen, refuses a wrong passphrase, adds it, and the shop connects without a client ID', async () => {
    await goTo(page, 'Connection kits');
    await expectTitle(page, 'Connection kits');
    await main(page)
      .getByLabel('Connection kit file (.posconnect)')
      .setInputFiles({
        name: 'harbour.posconnect',
        mimeType: 'application/json',
        buffer: Buffer.from(withSecrets),
      });
    const preview = main(page).getByTestId('kit-preview');
    await preview.getByText('Harbour POS support').waitFor();
    const app = preview.getByTestId('kit-app');
    expect(await app.innerText()).toContain(taptouch.clientId);
    expect(await app.innerText()).toContain('Will be added');
    expect(await app.innerText()).toContain(taptouch.redirectUri!);
    await screenshot(page, 'kit-preview');

    await preview.getByLabel('Passphrase of the kit').fill('seven quiet harbour lamp');
    await preview.getByRole('button', { name: 'Add to POS Connect' }).click();
    await preview.getByText('This passphrase does not open the kit.', { exact: false }).waitFor();
    expect(await h.services.handlers['apps:list']()).toEqual([]);

    await preview.getByLabel('Passphrase of the kit').fill(PASSPHRASE);
    await preview.getByRole('button', { name: 'Add to POS Connect' }).click();
    const done = main(page).getByTestId('kit-imported');
    await done.getByText('Provider apps added: 1.', { exact: false }).waitFor();
    expect(await done.innerText()).toContain('1 client secret stored in the vault.');
    const [imported] = await h.services.handlers['apps:list']();
    expect(imported).toMatchObject({ clientId: taptouch.clientId, hasClientSecret: true });
    expect(imported!.suggestedScopes).toEqual(['integration.store', 'integration.inventory']);

    // The manager's remaining job: the vendor, the kit's app, sign in.
    await connectThroughUi(h, {
      vendor: 'Taptouch',
      app: { existing: taptouch.label },
      grant: 'Sign in through the browser',
      shopLabel: 'Harbour Bar (from a kit)',
      // The kit's scope choice is the wizard's selection: nothing to tick.
      onAccessStep: async () => {
        const picker = main(page).getByTestId('scope-picker');
        // integration.inventory is not a default: it is checked because the kit chose it.
        expect(await picker.getByLabel('integration.inventory', { exact: true }).isChecked()).toBe(true);
        expect(await picker.getByLabel('integration.store', { exact: true }).isChecked()).toBe(true);
      },
    });
    const response = await runPresetTestCall(page, 'Stores');
    expect(await response.getByTestId('response-status').innerText()).toContain('200');

    // The client secret went from the kit to the vault: never to the window.
    expect(
      findLeaks([{ kind: 'client_secret', vendor: 'taptouch', value: techSecret }], {
        payloads: h.payloads.join('\n'),
        dom: await page.content(),
        log: h.logLines.join('\n'),
      }),
    ).toEqual([]);
  });

  it('a kit dropped on the window opens its preview; Cancel adds nothing', async () => {
    const sumup = await technician.addApp('sumup');
    const { content } = await technician.services.handlers['kits:export']({
      appIds: [sumup.id],
      customProviderIds: [],
    });
    await goTo(page, 'Connections');
    await page.evaluate(
      ({ text }) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([text], 'sumup.posconnect', { type: '' }));
        window.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, cancelable: true }));
        window.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, cancelable: true }));
      },
      { text: content },
    );
    await expectTitle(page, 'Connection kits');
    const preview = main(page).getByTestId('kit-preview');
    expect(await preview.getByTestId('kit-app').innerText()).toContain(sumup.clientId);
    // No secrets in this kit: no passphrase asked.
    expect(await preview.getByLabel('Passphrase of the kit').count()).toBe(0);
    await preview.getByRole('button', { name: 'Cancel' }).click();
    await preview.waitFor({ state: 'detached' });
    expect((await h.services.handlers['apps:list']()).some((a) => a.clientId === sumup.clientId)).toBe(false);
  });

  it('a file that is not JSON is refused with its line and column', async () => {
    await goTo(page, 'Connection kits');
    await main(page)
      .getByLabel('Connection kit file (.posconnect)')
      .setInputFiles({
        name: 'broken.posconnect',
        mimeType: 'application/json',
        buffer: Buffer.from('{\n  "format": "pos-connect-kit",\n  "apps": [,]\n}'),
      });
    const error = main(page).getByTestId('kit-open').getByTestId('error-notice');
    await error.getByText('The kit could not be opened: line 3, column 12').waitFor();
    expect(await error.getAttribute('data-error-code')).toBe('KIT_INVALID');

    // In French too.
    await h.services.handlers['settings:update']({ language: 'fr' });
    await error.getByText('Le kit n’a pas pu être ouvert : ligne 3, colonne 12').waitFor();
    await h.services.handlers['settings:update']({ language: 'en' });
  });

  it('a technician exports a kit through the screen, with the secrets only under the passphrase', async () => {
    await goTo(page, 'Connection kits');
    const form = main(page).getByTestId('kit-export');
    await form.getByLabel(`${taptouch.label} · Taptouch`).check();
    await form.getByLabel('Prepared by (optional)').fill('Shop back office');
    await form.getByLabel('Include the client secrets').check();
    await form.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await form.getByLabel('Passphrase again').fill(`${PASSPHRASE}!`);
    await form.getByRole('button', { name: 'Export the kit' }).click();
    await form.getByText('The two passphrases differ.').waitFor();

    await form.getByLabel('Passphrase again').fill(PASSPHRASE);
    const download = page.waitForEvent('download');
    await form.getByRole('button', { name: 'Export the kit' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.posconnect$/);
    const text = await readFile((await file.path())!, 'utf8');
    await form
      .getByText(`Saved ${file.suggestedFilename()}, with the client secrets encrypted.`, { exact: false })
      .waitFor();
    expect(JSON.parse(text)).toMatchObject({
      createdBy: 'Shop back office',
      secrets: { cipher: 'aes-256-gcm' },
    });
    expect(
      findLeaks([{ kind: 'client_secret', vendor: 'taptouch', value: techSecret }], { kit: text }),
    ).toEqual([]);
    // The passphrase opens it elsewhere: the technician's own app previews and imports it.
    const elsewhere = await startHarness({ sandbox: h.sandbox });
    try {
      const preview = await elsewhere.services.handlers['kits:preview']({ text });
      await elsewhere.services.handlers['kits:import']({ kitId: preview.kitId, passphrase: PASSPHRASE });
      const [app] = await elsewhere.services.handlers['apps:list']();
      expect(await elsewhere.vault.getAppSecret(app!.id)).toBe(techSecret);
    } finally {
      await elsewhere.close();
    }
  });

  it('the screen has no serious accessibility finding, light and dark, with a preview and the export form open', async () => {
    await goTo(page, 'Connection kits');
    await main(page)
      .getByLabel('Connection kit file (.posconnect)')
      .setInputFiles({
        name: 'again.posconnect',
        mimeType: 'application/json',
        buffer: Buffer.from(withSecrets),
      });
    await main(page).getByTestId('kit-preview').waitFor();
    await main(page).getByTestId('kit-export').getByLabel('Include the client secrets').check();
    const findings: string[] = [];
    for (const theme of ['light', 'dark'] as const) {
      await h.services.handlers['settings:update']({ theme });
      await page.locator(`html[data-theme="${theme}"]`).waitFor({ state: 'attached' });
      findings.push(...seriousFindings(await axeScan(page)).map((f) => `${theme}: ${f}`));
    }
    expect(findings).toEqual([]);
  });
});
