import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setFault } from '../integration/oauth/helpers';
import { startAppHarness, type AppHarness } from './support/app-harness';
import { expectTitle, goTo, main, registerSandboxApp } from './support/flows';
import { e2eStorage } from './support/storage';

/**
 * Issue "Keep-alive that holds in real time", the window's part: the settings for running in the
 * background and opening at login, the refresh lead bounded by the settings schema, and "Check all
 * now" on the overview, in Chromium against the real services and the sandbox.
 */

describe('running in the background and Check all now, in Chromium', () => {
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

  const settings = () => h.services.handlers['settings:get']();

  it('keeps running in the background and opens at login as chosen, by keyboard, saved by the main process', async () => {
    await goTo(page, 'Settings');
    await expectTitle(page, 'Settings');
    const section = main(page).getByTestId('background-settings');
    await section.getByRole('heading', { name: 'Running in the background' }).waitFor();

    const keepRunning = section.getByLabel('Keep running in the background when the window is closed');
    await expect.poll(() => keepRunning.isChecked()).toBe(true);
    expect(await keepRunning.getAttribute('aria-describedby')).toBeTruthy();
    const auto = section.getByLabel('When a connection needs keeping alive (recommended)');
    await expect.poll(() => auto.isChecked()).toBe(true);

    // Keyboard only: Space unticks the box, the arrow keys move the radio choice.
    await keepRunning.focus();
    await page.keyboard.press('Space');
    await expect.poll(async () => (await settings()).runInBackground).toBe(false);
    await section.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();

    await auto.focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(async () => (await settings()).openAtLogin).toBe('on');
    await page.keyboard.press('ArrowDown');
    await expect.poll(async () => (await settings()).openAtLogin).toBe('off');
    await expect.poll(() => section.getByLabel('Never').isChecked()).toBe(true);
    expect(await section.getByRole('group', { name: 'Open at login' }).isVisible()).toBe(true);

    // The screen shows what main holds after a reload, and speaks French.
    await page.reload();
    await goTo(page, 'Settings');
    await main(page).getByLabel('Language', { exact: true }).selectOption('fr');
    await expectTitle(page, 'Réglages');
    const french = main(page).getByTestId('background-settings');
    await french.getByRole('heading', { name: 'Fonctionnement en arrière-plan' }).waitFor();
    await expect
      .poll(() => french.getByLabel('Continuer en arrière-plan quand la fenêtre est fermée').isChecked())
      .toBe(false);

    await expect.poll(() => french.getByLabel('Jamais').isChecked()).toBe(true);
    // Controlled inputs: they show the new state once main has saved it, so click and wait for main.
    await french.getByLabel('Continuer en arrière-plan quand la fenêtre est fermée').click();
    await expect.poll(async () => (await settings()).runInBackground).toBe(true);
    await french.getByLabel('Quand une connexion doit être maintenue (recommandé)').click();
    await expect.poll(async () => (await settings()).openAtLogin).toBe('auto');
    await main(page).getByLabel('Langue', { exact: true }).selectOption('en');
    await expectTitle(page, 'Settings');
  });

  it('bounds the refresh lead by the settings schema (1 to 60 minutes) and says it is capped at half a lifetime', async () => {
    const lead = main(page).getByLabel('Renew access tokens this many minutes before they expire');
    expect(await lead.getAttribute('min')).toBe('1');
    expect(await lead.getAttribute('max')).toBe('60');
    const help = await main(page)
      .getByText(/^Between 1 and 60 minutes\./)
      .innerText();
    expect(help).toContain('half its lifetime');

    await lead.fill('61');
    await main(page).getByRole('button', { name: 'Save renewal settings' }).click();
    await main(page).getByText('Enter a whole number of minutes between 1 and 60.').waitFor();
    expect(await lead.getAttribute('aria-invalid')).toBe('true');
    expect((await settings()).refreshLeadSeconds).toBe(300);

    await lead.fill('60');
    await main(page).getByRole('button', { name: 'Save renewal settings' }).click();
    await expect.poll(async () => (await settings()).refreshLeadSeconds).toBe(3600);
    await lead.fill('5');
    await main(page).getByRole('button', { name: 'Save renewal settings' }).click();
    await expect.poll(async () => (await settings()).refreshLeadSeconds).toBe(300);
  });

  it('checks every connection from the overview: progress while it runs, the result announced', async () => {
    for (const label of ['Harbour Bar', 'Quay Café']) {
      const client = await registerSandboxApp(h, 'taptouch');
      const app = await h.services.handlers['apps:save']({
        providerId: 'taptouch',
        label: `${label} app`,
        clientId: client.clientId,
        ...(client.clientSecret ? { clientSecret: client.clientSecret } : {}),
        params: {},
      });
      await h.services.handlers['connections:connect']({
        attemptId: `check-all-${label}`,
        appId: app.id,
        grant: 'client_credentials',
        label,
        scopes: ['integration.store'],
        params: {},
      });
    }
    await goTo(page, 'Connections');
    await expectTitle(page, 'Connections');
    await main(page).getByTestId('connections-table').getByText('Quay Café').waitFor();

    // A slow vendor, so the check is seen running.
    await setFault(h.sandbox, 'taptouch', 'latency', { latency_ms: 1500, target: 'api' });
    const button = main(page).getByRole('button', { name: 'Check all now' });
    await button.click();
    const running = main(page).getByRole('button', { name: 'Checking connections…' });
    await running.waitFor();
    expect(await running.getAttribute('aria-busy')).toBe('true');
    expect(await running.isDisabled()).toBe(true);

    const status = main(page).getByRole('status').filter({ hasText: 'Check finished' });
    await status.waitFor({ timeout: 20_000 });
    expect(await status.innerText()).toBe('Check finished: 2 work.');
    await setFault(h.sandbox, 'taptouch', null);
    expect(await button.isEnabled()).toBe(true);

    // Each check reached the vendor: the history of both connections says so.
    for (const summary of await h.services.handlers['connections:list']()) {
      const detail = await h.services.handlers['connections:get']({ connectionId: summary.id });
      expect(detail.history.some((event) => event.kind === 'checked')).toBe(true);
    }

    // The same in French.
    await goTo(page, 'Settings');
    await main(page).getByLabel('Language', { exact: true }).selectOption('fr');
    await page.getByRole('navigation').getByRole('button', { name: 'Connexions' }).click();
    await main(page).getByRole('button', { name: 'Tout vérifier maintenant' }).click();
    const french = main(page).getByRole('status').filter({ hasText: 'Vérification terminée' });
    await french.waitFor({ timeout: 20_000 });
    expect(await french.innerText()).toBe('Vérification terminée : 2 fonctionnent.');
  });
});
