import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALLBACK_PAGE_TEXT } from '../../src/main/oauth/callback-page';
import { startAppHarness, type AppHarness } from './support/app-harness';
import { expectTitle, main, registerSandboxApp } from './support/flows';
import { catalogue, frenchProblems, frenchRule, visibleStrings } from './support/french';
import { e2eStorage } from './support/storage';

/**
 * The built renderer in French against the sandbox, through every screen and state a shop manager
 * meets: overview empty and full, settings, connection kits, each step of the wizard (a vendor without an app, one
 * with its own fields, the form errors, a refused password, the wait for the browser), the
 * browser's page after the redirect, a connection's three tabs with a response and health results,
 * Rename. On each, every text read or heard must come from the French catalogue (the rule is in
 * support/french.ts); every problem is listed with its screen, the key when it is an English text.
 */

type Tree = { [key: string]: string | Tree };
const FR = catalogue('fr');

/** The French catalogue's text at a key (to find controls as a French speaker does). */
function fr(key: string, values: Record<string, string> = {}): string {
  const text = key
    .split('.')
    .reduce<string | Tree | undefined>(
      (node, part) => (typeof node === 'object' ? node[part] : undefined),
      FR,
    );
  if (typeof text !== 'string') throw new Error(`fr.json has no text at ${key}`);
  return text.replace(/\{\{\s*(\w+)[^}]*\}\}/g, (_, name: string) => values[name] ?? '');
}

const vendorParam = (vendor: string, param: string) => fr(`wizard.params.${vendor}.${param}.label`);

describe('French everywhere: no English and nothing outside the catalogue on any screen', () => {
  let h: AppHarness;
  let page: Page;
  const rule = frenchRule();
  const screens: string[] = [];
  let powereposApp: { id: string };

  async function scan(screen: string): Promise<string[]> {
    screens.push(screen);
    return frenchProblems(page, screen, rule);
  }

  async function nav(key: 'nav.connections' | 'nav.connect' | 'nav.settings' | 'nav.kits'): Promise<void> {
    await page
      .getByRole('navigation')
      .getByRole('button', { name: fr(key), exact: true })
      .click();
  }

  async function continueButton(): Promise<void> {
    await main(page)
      .getByRole('button', { name: fr('common.continue'), exact: true })
      .click();
  }

  beforeAll(async () => {
    h = await startAppHarness({ storage: e2eStorage, locale: 'fr-FR' });
    page = h.page;
    await h.services.handlers['settings:update']({ language: 'fr' });
    // Provider apps a technician set up (their forms are scanned on a vendor that has none).
    const sumup = await registerSandboxApp(h, 'sumup', { redirect: true });
    await h.services.handlers['apps:save']({
      providerId: 'sumup',
      label: 'Appli SumUp',
      clientId: sumup.clientId,
      clientSecret: sumup.clientSecret!,
      ...(sumup.port ? { redirectPort: sumup.port } : {}),
      params: {},
    });
    const powerepos = await registerSandboxApp(h, 'powerepos');
    powereposApp = await h.services.handlers['apps:save']({
      providerId: 'powerepos',
      label: 'Appli PowerEPOS',
      clientId: powerepos.clientId,
      clientSecret: powerepos.clientSecret!,
      params: {},
    });
    await page.reload();
    await page.locator('html[lang="fr"]').waitFor({ state: 'attached' });
    await expectTitle(page, fr('overview.title'));
  });

  afterAll(async () => {
    await h?.close();
  });

  it('the overview (empty), the settings, the connection kits (a preview, a broken file)', async () => {
    await main(page).getByText(fr('overview.emptyTitle')).waitFor();
    const problems = await scan('overview, empty');
    await nav('nav.settings');
    await expectTitle(page, fr('settings.title'));
    problems.push(...(await scan('settings')));
    await nav('nav.kits');
    await expectTitle(page, fr('kits.title'));
    problems.push(...(await scan('connection kits')));

    // A kit a technician made (the app's own export), opened: its preview; then a broken file.
    const kit = await h.services.handlers['kits:export']({
      appIds: [powereposApp.id],
      customProviderIds: [],
      createdBy: 'Support caisse',
      scopes: { [powereposApp.id]: ['des'] },
    });
    const kitFile = main(page).getByLabel(fr('kits.open.file'), { exact: true });
    await kitFile.setInputFiles({
      name: 'kiosque.posconnect',
      mimeType: 'application/json',
      buffer: Buffer.from(kit.content),
    });
    await main(page).getByTestId('kit-preview').waitFor();
    problems.push(...(await scan('connection kits: a kit’s preview')));
    await nav('nav.connections');
    await nav('nav.kits');
    await main(page)
      .getByLabel(fr('kits.open.file'), { exact: true })
      .setInputFiles({
        name: 'casse.posconnect',
        mimeType: 'application/json',
        buffer: Buffer.from('{\n  "apps": [,]\n}'),
      });
    await main(page).getByTestId('kit-open').getByTestId('error-notice').waitFor();
    problems.push(...(await scan('connection kits: a broken file')));
    expect(problems, `English or unknown texts:\n  ${problems.join('\n  ')}\n`).toEqual([]);
  });

  it('the wizard: vendors, an app form with vendor fields, the access step and its errors, a refused password, a connection', async () => {
    const problems: string[] = [];
    const user = h.sandbox.d.vendors.powerepos.users![0]!;
    await nav('nav.connect');
    await expectTitle(page, fr('connect.title'));
    problems.push(...(await scan('wizard: vendor step')));

    // What the definition assumed where the vendor's pages are silent, opened.
    await main(page).getByLabel('Taptouch', { exact: true }).check();
    await main(page).getByTestId('provider-notes').locator('summary').click();
    await main(page).getByTestId('provider-assumptions').waitFor();
    problems.push(...(await scan('wizard: a vendor and its notes (Taptouch)')));

    // Chimpy has no provider app yet: the form with its own fields (tenant URIs, audience).
    await main(page).getByLabel('Chimpy POS', { exact: true }).check();
    await continueButton();
    await main(page).getByLabel(vendorParam('chimpy', 'audience'), { exact: true }).waitFor();
    problems.push(...(await scan('wizard: app step, new app form (Chimpy)')));
    await main(page)
      .getByRole('button', { name: fr('common.back'), exact: true })
      .click();

    await main(page).getByLabel('PowerEPOS', { exact: true }).check();
    await continueButton();
    await main(page).getByLabel('Appli PowerEPOS', { exact: true }).check();
    problems.push(...(await scan('wizard: app step, an app chosen (PowerEPOS)')));
    await continueButton();
    const orgCode = main(page).getByLabel(vendorParam('powerepos', 'org_id'), { exact: true });
    await orgCode.waitFor();
    problems.push(...(await scan('wizard: access step (PowerEPOS)')));

    await main(page)
      .getByRole('button', { name: fr('access.connect'), exact: true })
      .click();
    await main(page).getByText(fr('access.errors.password')).first().waitFor();
    problems.push(...(await scan('wizard: access step with errors')));

    await main(page).getByLabel(fr('access.label'), { exact: true }).fill('Kiosque de la gare');
    await orgCode.fill(user.org_id!);
    await main(page).getByLabel(fr('access.username'), { exact: true }).fill(user.username);
    await main(page).getByLabel(fr('access.password'), { exact: true }).fill('pas-le-bon-mot-de-passe');
    await main(page)
      .getByRole('button', { name: fr('access.connect'), exact: true })
      .click();
    await main(page).locator('[data-testid="connect-run"][data-step="failed"]').waitFor();
    problems.push(...(await scan('wizard: refused password')));
    // The field sent with the password is named as the wizard names it, in French.
    const refusal = await main(page).getByTestId('error-notice').first().innerText();
    if (!refusal.includes(vendorParam('powerepos', 'org_id')))
      problems.push(`wizard: refused password: the organisation code is not named in French: "${refusal}"`);

    await main(page)
      .getByRole('button', { name: fr('run.edit'), exact: true })
      .click();
    await main(page).getByLabel(fr('access.password'), { exact: true }).fill(user.password);
    await main(page)
      .getByRole('button', { name: fr('access.connect'), exact: true })
      .click();
    await expectTitle(page, 'Kiosque de la gare');
    problems.push(...(await scan('connection: overview tab (PowerEPOS)')));

    await main(page)
      .getByRole('tab', { name: fr('detail.tabs.test') })
      .click();
    await main(page)
      .getByRole('button', { name: fr('testCall.runPreset', { label: 'État du service' }) })
      .click();
    await main(page).getByTestId('test-call-response').waitFor();
    problems.push(...(await scan('connection: test call tab with a response')));

    await main(page)
      .getByRole('tab', { name: fr('detail.tabs.diagnostics') })
      .click();
    await main(page)
      .getByRole('button', { name: fr('diagnostics.runCheck') })
      .click();
    await main(page).getByTestId('health-results').waitFor();
    problems.push(...(await scan('connection: diagnostics tab with results')));

    await main(page)
      .getByRole('tab', { name: fr('detail.tabs.overview') })
      .click();
    await main(page)
      .getByRole('button', { name: fr('actions.rename'), exact: true })
      .click();
    await main(page).getByLabel(fr('rename.label'), { exact: true }).waitFor();
    problems.push(...(await scan('connection: Rename open')));
    await page.keyboard.press('Escape');

    expect(problems, `English or unknown texts:\n  ${problems.join('\n  ')}\n`).toEqual([]);
  });

  it('signing in through the browser: the wait, the browser page after the redirect, the overview with connections', async () => {
    const problems: string[] = [];
    await nav('nav.connect');
    await main(page).getByLabel('SumUp', { exact: true }).check();
    await continueButton();
    await main(page).getByLabel('Appli SumUp', { exact: true }).check();
    await continueButton();
    await main(page).getByLabel(fr('access.label'), { exact: true }).fill('Café du port');
    problems.push(...(await scan('wizard: access step with scopes (SumUp)')));
    const pending = h.nextAuthorizationPage();
    await main(page)
      .getByRole('button', { name: fr('access.connect'), exact: true })
      .click();
    await main(page).getByTestId('waiting-for-browser').waitFor();
    problems.push(...(await scan('wizard: waiting for the browser')));

    const tab = await pending;
    await tab.getByRole('button', { name: 'Approve' }).click();
    await tab.waitForURL(/^http:\/\/127\.0\.0\.1:\d+\/callback/);
    await tab.waitForLoadState('load');
    // The browser's page speaks the app's language: each of its texts is one of its French table.
    const success = CALLBACK_PAGE_TEXT.fr.pages.success;
    const allowed = new Set([success.title, success.heading, success.body]);
    const shown = (await visibleStrings(tab)).map((found) => found.split(': ').slice(1).join(': '));
    if (!shown.includes(success.heading))
      problems.push(`callback page: no French heading "${success.heading}"`);
    const lang = await tab.locator('html').getAttribute('lang');
    if (lang !== 'fr') problems.push(`callback page: <html lang="${lang}">, not fr`);
    problems.push(
      ...shown
        .filter((text) => !allowed.has(text))
        .map((text) => `callback page: not in its French table: "${text}"`),
    );
    await tab.close();
    await page.bringToFront();

    await expectTitle(page, 'Café du port');
    problems.push(...(await scan('connection: overview tab (SumUp, tokens and scopes)')));
    await nav('nav.connections');
    await main(page).getByRole('button', { name: 'Café du port', exact: true }).first().waitFor();
    problems.push(...(await scan('overview with connections')));

    expect(problems, `English or unknown texts:\n  ${problems.join('\n  ')}\n`).toEqual([]);
  });

  it('errors and dialogs: a revoked grant, the overview asking to reconnect, the reconnect screen, a failed request, a discovery error, confirmations, a received report', async () => {
    const problems: string[] = [];
    const revoked = await fetch(h.sandbox.d.admin.revoke, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ vendor: 'sumup' }),
    });
    expect(revoked.ok).toBe(true);
    await main(page).getByRole('button', { name: 'Café du port', exact: true }).first().click();
    await expectTitle(page, 'Café du port');
    await main(page)
      .getByRole('button', { name: fr('actions.refresh'), exact: true })
      .click();
    await main(page).getByTestId('error-notice').first().waitFor();
    problems.push(...(await scan('connection: needs reconnecting, with the error')));

    await nav('nav.connections');
    await main(page).getByRole('button', { name: 'Café du port', exact: true }).first().waitFor();
    problems.push(...(await scan('overview: a connection needs reconnecting')));
    await main(page)
      .getByRole('button', { name: new RegExp(`Café du port`) })
      .filter({ hasText: fr('actions.reconnect') })
      .first()
      .click();
    await expectTitle(page, fr('connect.reconnectTitle'));
    problems.push(...(await scan('reconnect screen')));

    await nav('nav.connections');
    await main(page).getByRole('button', { name: 'Kiosque de la gare', exact: true }).first().click();
    await expectTitle(page, 'Kiosque de la gare');
    await main(page)
      .getByRole('button', { name: fr('actions.disconnect'), exact: true })
      .click();
    await page.getByRole('dialog').waitFor();
    problems.push(...(await scan('disconnect confirmation')));
    await page
      .getByRole('dialog')
      .getByRole('button', { name: fr('common.cancel'), exact: true })
      .click();
    await main(page)
      .getByRole('button', { name: fr('actions.copyToken'), exact: true })
      .click();
    await page.getByRole('dialog').waitFor();
    problems.push(...(await scan('copy token confirmation')));
    await page
      .getByRole('dialog')
      .getByRole('button', { name: fr('common.cancel'), exact: true })
      .click();

    await main(page)
      .getByRole('tab', { name: fr('detail.tabs.test') })
      .click();
    await main(page).getByLabel(fr('testCall.path'), { exact: true }).fill('/nulle-part');
    await main(page)
      .getByRole('button', { name: fr('testCall.send'), exact: true })
      .click();
    await main(page)
      .getByTestId('test-call-response')
      .or(main(page).getByTestId('error-notice'))
      .first()
      .waitFor();
    problems.push(...(await scan('connection: a free request to a missing path')));

    await nav('nav.settings');
    await expectTitle(page, fr('settings.title'));
    await main(page)
      .getByLabel(fr('custom.discoveryUrl'), { exact: true })
      .fill(`${h.sandbox.d.base_url}/nulle-part`);
    await main(page)
      .getByRole('button', { name: fr('custom.discover'), exact: true })
      .click();
    await main(page).getByTestId('error-notice').first().waitFor();
    problems.push(...(await scan('settings: a discovery URL that answers 404')));

    // A definition with problems: each is said in French next to its field.
    await main(page)
      .getByLabel(fr('custom.json'), { exact: true })
      .fill(JSON.stringify({ id: 'x', name: '', grants: [], scopes: [{ name: 'a b' }], client_secret: 's' }));
    await main(page)
      .getByRole('button', { name: fr('custom.save'), exact: true })
      .click();
    await main(page).locator('.problem-list').waitFor();
    problems.push(...(await scan('settings: a custom provider definition with problems')));

    // Support: the screen, then a report of all connections opened read-only (the refused password
    // of the wizard is in it as a failed attempt), and one of its connections.
    await page
      .getByRole('navigation')
      .getByRole('button', { name: fr('reports.nav'), exact: true })
      .click();
    await expectTitle(page, fr('reports.title'));
    problems.push(...(await scan('support')));
    const report = await h.services.handlers['diagnostics:exportReport']({ all: true });
    await main(page)
      .getByLabel(fr('reports.file'), { exact: true })
      .setInputFiles({
        name: 'boutique.json',
        mimeType: 'application/json',
        buffer: Buffer.from(report.content),
      });
    await main(page).getByTestId('report-banner').waitFor();
    problems.push(...(await scan('support: a received report')));
    await main(page).getByRole('button', { name: 'Kiosque de la gare', exact: true }).first().click();
    await expectTitle(page, 'Kiosque de la gare');
    problems.push(...(await scan('support: a connection of a received report')));

    expect(problems, `English or unknown texts:\n  ${problems.join('\n  ')}\n`).toEqual([]);
  });

  it('scanned every screen it meant to', () => {
    expect(screens.length).toBeGreaterThanOrEqual(31);
  });
});
