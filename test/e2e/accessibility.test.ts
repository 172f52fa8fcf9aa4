import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppHarness, type AppHarness } from './support/app-harness';
import {
  axeScan,
  connectThroughUi,
  expectTitle,
  goTo,
  main,
  openConnection,
  registerSandboxApp,
  runPresetTestCall,
  screenshot,
  seriousFindings,
} from './support/flows';
import { e2eStorage } from './support/storage';

/**
 * axe-core on every screen, in the light and the dark theme: overview (empty and with
 * connections), each step of the connect wizard including the wait for the browser and a failed
 * attempt, the connection's three tabs with a response and health results shown, and Settings.
 * No serious or critical finding may remain.
 *
 * How axe gets in: the renderer's CSP (script-src 'self') refuses page.addScriptTag (it adds an
 * inline <script>, reported as a script-src-elem violation); page.evaluate of axe.min.js's text
 * runs through the DevTools protocol, which the page's CSP does not govern, so that is what
 * axeScan does (context.addInitScript would work for the same reason).
 */
describe('accessibility of every screen (axe-core, light and dark)', () => {
  let h: AppHarness;
  let page: Page;
  const findings: string[] = [];
  const scanned: string[] = [];
  /** Moderate and minor findings: reported, not failing. */
  const lesser = new Set<string>();

  async function scan(screen: string): Promise<void> {
    const theme = (await page.evaluate(() => document.documentElement.dataset.theme)) ?? 'system';
    const name = `${screen} [${theme}]`;
    scanned.push(name);
    const all = await axeScan(page);
    for (const finding of seriousFindings(all)) findings.push(`${name}: ${finding}`);
    for (const f of all)
      if (f.impact !== 'serious' && f.impact !== 'critical') lesser.add(`${f.impact} ${f.id}: ${f.help}`);
  }

  async function setTheme(theme: 'light' | 'dark'): Promise<void> {
    await h.services.handlers['settings:update']({ theme });
    await page.locator(`html[data-theme="${theme}"]`).waitFor({ state: 'attached' });
  }

  /** The connection's three tabs, with a test call response and health results on screen. */
  async function scanConnection(label: string, preset: string): Promise<void> {
    await openConnection(page, label);
    await scan('connection detail: overview tab');
    const response = await runPresetTestCall(page, preset);
    expect(await response.getByTestId('response-status').innerText()).toContain('200');
    await scan('connection detail: test call tab with a response');
    await main(page).getByRole('tab', { name: 'Diagnostics' }).click();
    await main(page).getByRole('button', { name: 'Run health check' }).click();
    await main(page).getByTestId('health-results').waitFor();
    await scan('connection detail: diagnostics tab with results');
  }

  async function scanSettingsAndOverview(): Promise<void> {
    await goTo(page, 'Connections');
    await main(page).locator('tr[data-connection-id]').first().waitFor();
    await scan('overview with connections');
    await goTo(page, 'Settings');
    await expectTitle(page, 'Settings');
    await scan('settings');
  }

  beforeAll(async () => {
    h = await startAppHarness({ storage: e2eStorage });
    page = h.page;
    await expectTitle(page, 'Connections');
  });

  afterAll(async () => {
    if (lesser.size > 0) console.info(`axe, moderate or minor (not failing):\n${[...lesser].join('\n')}`);
    await h?.close();
  });

  it('light theme: no serious or critical violation on any screen', async () => {
    await setTheme('light');
    await main(page).getByText('No account connected yet').waitFor();
    await scan('overview, empty');

    // A denied sign-in: the failed attempt with its error notice.
    const denied = await registerSandboxApp(h, 'sumup', { redirect: true });
    await goTo(page, 'Connect an account');
    await main(page).getByLabel('SumUp', { exact: true }).check();
    await scan('connect wizard: vendor step');
    await main(page).getByRole('button', { name: 'Continue', exact: true }).click();
    await main(page).getByLabel('SumUp client credentials file').waitFor();
    await scan('connect wizard: app step with the new-app form and the SumUp import');
    await main(page).getByRole('button', { name: 'Continue', exact: true }).click();
    await main(page).getByRole('alert').first().waitFor();
    await scan('connect wizard: app form with errors');
    const form = main(page);
    await form.getByLabel('Name of the app', { exact: true }).fill('Denied app');
    await form.getByLabel('Client ID', { exact: true }).fill(denied.clientId);
    await form.getByLabel('Client secret', { exact: true }).fill(denied.clientSecret!);
    await form.getByLabel('Redirect port', { exact: true }).fill(String(denied.port));
    await main(page).getByTestId('redirect-uri').waitFor();
    await scan('connect wizard: app step with the redirect URI before saving');
    await main(page).getByRole('button', { name: 'Continue', exact: true }).click();
    await main(page).getByTestId('scope-picker').waitFor();
    await main(page).getByLabel('Shop label', { exact: true }).fill('');
    await main(page).getByRole('button', { name: 'Connect', exact: true }).click();
    await main(page).getByRole('alert').first().waitFor();
    await scan('connect wizard: access step with errors');
    await main(page).getByLabel('Shop label', { exact: true }).fill('Denied shop');
    await scan('connect wizard: access step (grant, scopes)');
    const pending = h.nextAuthorizationPage();
    await main(page).getByRole('button', { name: 'Connect', exact: true }).click();
    await main(page).getByTestId('waiting-for-browser').waitFor();
    await scan('connect wizard: waiting for the browser');
    const tab = await pending;
    await tab.getByRole('button', { name: 'Deny' }).click();
    await tab.waitForURL(/^http:\/\/127\.0\.0\.1:\d+\/callback/);
    await tab.waitForLoadState('load');
    await tab.close();
    await page.bringToFront();
    await main(page).locator('[data-testid="connect-run"][data-step="failed"]').waitFor();
    await scan('connect wizard: failed attempt');

    // A working connection for the detail screens.
    const client = await registerSandboxApp(h, 'powerepos');
    const user = h.sandbox.d.vendors.powerepos.users![0]!;
    await connectThroughUi(h, {
      vendor: 'PowerEPOS',
      app: { label: 'PowerEPOS app', clientId: client.clientId, clientSecret: client.clientSecret! },
      grant: 'Username and password',
      shopLabel: 'Station Kiosk',
      fields: { 'Organisation code': user.org_id! },
      username: user.username,
      password: user.password,
      onAccessStep: () => scan('connect wizard: access step, password grant'),
    });
    await scanConnection('Station Kiosk', 'Service status');
    await scanSettingsAndOverview();

    expect(findings, `axe found serious or critical problems:\n${findings.join('\n')}`).toEqual([]);
    expect(scanned.length).toBeGreaterThanOrEqual(14);

    // The scan does catch a problem when there is one: a button with no name.
    await page.evaluate(() => {
      const planted = document.createElement('button');
      planted.id = 'planted-a11y-problem';
      document.getElementById('main')!.append(planted);
    });
    const planted = await axeScan(page);
    await page.evaluate(() => document.getElementById('planted-a11y-problem')?.remove());
    expect(seriousFindings(planted).some((f) => f.includes('button-name'))).toBe(true);
  });

  it('dark theme: no serious or critical violation on any screen', async () => {
    findings.length = 0;
    await setTheme('dark');
    await goTo(page, 'Connections');
    await scan('overview with connections');

    const client = await registerSandboxApp(h, 'taptouch', { redirect: true });
    await connectThroughUi(h, {
      vendor: 'Taptouch',
      app: {
        label: 'Taptouch app',
        clientId: client.clientId,
        clientSecret: client.clientSecret!,
        port: client.port!,
      },
      grant: 'Sign in through the browser',
      shopLabel: 'Harbour Bar',
      onVendorStep: () => scan('connect wizard: vendor step'),
      onAppStep: () => scan('connect wizard: app step with the new-app form'),
      onAccessStep: () => scan('connect wizard: access step (grant, scopes)'),
      onWaiting: () => scan('connect wizard: waiting for the browser'),
    });
    await scanConnection('Harbour Bar', 'Stores');
    await screenshot(page, 'dark-theme-diagnostics');
    await scanSettingsAndOverview();
    await screenshot(page, 'dark-theme-settings');
    await goTo(page, 'Connections');
    await screenshot(page, 'dark-theme-overview');

    expect(findings, `axe found serious or critical problems:\n${findings.join('\n')}`).toEqual([]);
  });
});
