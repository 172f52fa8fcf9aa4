import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppHarness, type AppHarness } from './support/app-harness';
import { expectTitle, main, registerSandboxApp } from './support/flows';
import { e2eStorage } from './support/storage';

/**
 * The wizard and Rename with the keyboard alone: every control is reached by focus and worked with
 * Enter, Space, typing and Escape (no click). After each wizard step focus is on the new step's
 * heading, never on <body>; Escape cancels a sign-in waiting for the browser and closes Rename
 * without saving, focus back on the Rename button.
 */
describe('keyboard: focus follows the wizard, Escape cancels', () => {
  let h: AppHarness;
  let page: Page;

  beforeAll(async () => {
    h = await startAppHarness({ storage: e2eStorage });
    page = h.page;
    await expectTitle(page, 'Connections');
  });

  afterAll(async () => {
    await h?.close();
  });

  /** Focus a control and press a key on it: what Tab then Enter/Space does, without counting Tabs. */
  async function press(control: Locator, key: 'Enter' | 'Space'): Promise<void> {
    await control.focus();
    await page.keyboard.press(key);
  }

  async function focused(): Promise<{ tag: string; text: string; className: string }> {
    return page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      return {
        tag: element?.tagName ?? 'none',
        text: element?.textContent?.trim() ?? '',
        className: element?.className ?? '',
      };
    });
  }

  async function expectFocusOnHeading(text: string | RegExp): Promise<void> {
    await expect.poll(focused).toMatchObject({ tag: 'H2', className: expect.stringContaining('step-title') });
    expect((await focused()).text).toMatch(text);
  }

  it('moves focus to each step’s heading, and Escape cancels the sign-in that waits for the browser', async () => {
    const client = await registerSandboxApp(h, 'sumup', { redirect: true });
    await h.services.handlers['apps:save']({
      providerId: 'sumup',
      label: 'Keyboard SumUp app',
      clientId: client.clientId,
      clientSecret: client.clientSecret!,
      ...(client.port ? { redirectPort: client.port } : {}),
      params: {},
    });
    // Provider apps reach the window when it loads (saving one through the handler sends no event).
    await page.reload();
    await expectTitle(page, 'Connections');

    await press(page.getByRole('navigation').getByRole('button', { name: 'Connect an account' }), 'Enter');
    await expectTitle(page, 'Connect an account');
    await press(main(page).getByLabel('SumUp', { exact: true }), 'Space');
    await press(main(page).getByRole('button', { name: 'Continue', exact: true }), 'Enter');
    await expectFocusOnHeading(/SumUp/);

    await press(main(page).getByLabel('Keyboard SumUp app', { exact: true }), 'Space');
    await press(main(page).getByRole('button', { name: 'Continue', exact: true }), 'Enter');
    await expectFocusOnHeading(/./);
    const accessHeading = (await focused()).text;

    // Back goes to the app step's heading, Continue to the access step's again.
    await press(main(page).getByRole('button', { name: 'Back', exact: true }), 'Enter');
    await expectFocusOnHeading(/SumUp/);
    await press(main(page).getByRole('button', { name: 'Continue', exact: true }), 'Enter');
    await expectFocusOnHeading(accessHeading);

    await main(page).getByLabel('Shop label', { exact: true }).focus();
    await page.keyboard.type('Keyboard Café');
    const authorizationPage = h.nextAuthorizationPage();
    await press(main(page).getByRole('button', { name: 'Connect', exact: true }), 'Enter');
    await main(page).getByTestId('waiting-for-browser').waitFor();
    await authorizationPage;
    await h.page.bringToFront();
    await expectFocusOnHeading(/SumUp/);

    await page.keyboard.press('Escape');
    await main(page).locator('[data-testid="connect-run"][data-step="cancelled"]').waitFor();
    await expectFocusOnHeading(/SumUp/);
    expect((await h.services.handlers['connections:list']()).map((c) => c.label)).not.toContain(
      'Keyboard Café',
    );
  });

  it('Escape closes Rename without saving, focus back on the Rename button', async () => {
    const client = await registerSandboxApp(h, 'taptouch');
    const app = await h.services.handlers['apps:save']({
      providerId: 'taptouch',
      label: 'Keyboard Taptouch app',
      clientId: client.clientId,
      ...(client.clientSecret ? { clientSecret: client.clientSecret } : {}),
      params: {},
    });
    await h.services.handlers['connections:connect']({
      attemptId: 'keyboard-rename',
      appId: app.id,
      grant: 'client_credentials',
      label: 'Quay Bar',
      scopes: ['integration.store'],
      params: {},
    });
    await press(page.getByRole('navigation').getByRole('button', { name: 'Connections' }), 'Enter');
    await expectTitle(page, 'Connections');
    await press(main(page).getByRole('button', { name: 'Quay Bar', exact: true }).first(), 'Enter');
    await expectTitle(page, 'Quay Bar');

    const rename = main(page).getByRole('button', { name: 'Rename', exact: true });
    await press(rename, 'Enter');
    const field = main(page).getByLabel('New shop label', { exact: true });
    await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('End');
    await page.keyboard.type(' (never saved)');
    await page.keyboard.press('Escape');

    await field.waitFor({ state: 'detached' });
    await expect.poll(() => rename.evaluate((el) => el === document.activeElement)).toBe(true);
    expect((await h.services.handlers['connections:list']()).map((c) => c.label)).toContain('Quay Bar');
    expect((await h.services.handlers['connections:list']()).map((c) => c.label)).not.toContain(
      'Quay Bar (never saved)',
    );
  });
});
