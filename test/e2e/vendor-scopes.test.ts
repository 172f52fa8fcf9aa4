import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppHarness, type AppHarness } from './support/app-harness';
import { connectThroughUi, expectTitle, main, registerSandboxApp } from './support/flows';
import { e2eStorage } from './support/storage';

/**
 * Issue 13 in the wizard: points 1 (scopes per grant: SumUp client credentials start without the
 * merchant scopes, which are disabled with the reason) and 4 (an extra scope typed by hand, marked
 * as not in the vendor's list on the connection).
 */
describe('issue 13 in the connect wizard (Chromium, real services, sandbox)', () => {
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

  it('issue 13 point 1: "App credentials only" unticks and disables the merchant scopes, with the reason, and connects', async () => {
    const client = await registerSandboxApp(h, 'sumup', { redirect: true });
    await connectThroughUi(h, {
      vendor: 'SumUp',
      app: {
        label: 'Scopes app',
        clientId: client.clientId,
        clientSecret: client.clientSecret!,
        port: client.port!,
      },
      grant: 'App credentials only',
      shopLabel: 'Till by app credentials',
      onAccessStep: async () => {
        const picker = main(page).getByTestId('scope-picker');
        for (const name of ['transactions.history', 'user.app-settings', 'user.profile_readonly']) {
          const box = picker.getByLabel(name, { exact: true });
          expect(await box.isChecked(), name).toBe(false);
          expect(await box.isDisabled(), name).toBe(true);
        }
        expect(await picker.innerText()).toContain('merchant-level permissions need');
        // Feature scopes stay available to app credentials.
        expect(await picker.getByLabel('payments', { exact: true }).isDisabled()).toBe(false);
        // Back to the browser sign-in: the merchant defaults come back, ticked.
        await main(page).getByLabel('Sign in through the browser', { exact: true }).check();
        expect(await picker.getByLabel('transactions.history', { exact: true }).isChecked()).toBe(true);
        await main(page).getByLabel('App credentials only', { exact: true }).check();
        expect(await picker.getByLabel('transactions.history', { exact: true }).isChecked()).toBe(false);
      },
    });
    expect(await main(page).getByTestId('scopes').innerText()).not.toContain('transactions.history');
  });

  it('issue 13 point 4: an extra scope is validated, sent, and marked "Not in the vendor\'s list"', async () => {
    await connectThroughUi(h, {
      vendor: 'SumUp',
      app: { existing: 'Scopes app' },
      grant: 'Sign in through the browser',
      shopLabel: 'Till with customers',
      onAccessStep: async () => {
        const field = main(page).getByTestId('extra-scopes');
        await field.fill('bad"scope');
        await main(page).getByRole('button', { name: 'Connect', exact: true }).click();
        await main(page).getByText('is not a valid permission name').waitFor();
        await field.fill('customers');
      },
    });
    const row = main(page).getByTestId('scopes-table').locator('[data-scope="customers"]');
    await row.waitFor();
    expect(await row.innerText()).toContain("Not in the vendor's list");
  });
});
