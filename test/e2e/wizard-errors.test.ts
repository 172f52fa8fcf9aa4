import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../integration/oauth/helpers';
import { startAppHarness, type AppHarness } from './support/app-harness';
import {
  approve,
  connectThroughUi,
  expectTitle,
  fillConnectWizard,
  goTo,
  main,
  openConnection,
  registerSandboxApp,
} from './support/flows';
import { e2eStorage } from './support/storage';

/**
 * Issue 12, points 2 to 4, as a shop manager meets them in the window (Chromium, the real services
 * through the loopback bridge, the sandbox): the wizard, each error told for its moment, and one
 * wording of the same fact on every screen.
 */
describe('issue 12: the wizard, its errors and one truth (Chromium, real services, sandbox)', () => {
  let h: AppHarness;
  let page: Page;
  const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

  beforeAll(async () => {
    // A short wait before the "sign-in page never came back" hint (25 s in the app).
    h = await startAppHarness({ storage: e2eStorage, signInStalledMs: 1500 });
    page = h.page;
    await expectTitle(page, 'Connections');
  });

  afterAll(async () => {
    await h?.close();
  });

  /** Starts the wizard over and goes to the app step of a vendor. */
  async function openAppStep(vendor: string): Promise<void> {
    await goTo(page, 'Connect an account');
    await expectTitle(page, 'Connect an account');
    await goTo(page, 'Connect an account');
    await main(page).getByLabel(vendor, { exact: true }).check();
    await main(page).getByRole('button', { name: 'Continue', exact: true }).click();
    await main(page).getByRole('heading', { level: 2 }).filter({ hasText: vendor }).first().waitFor();
  }

  const continueButton = () => main(page).getByRole('button', { name: 'Continue', exact: true });
  const runError = () => main(page).getByTestId('connect-run').getByTestId('error-notice');
  const healthFinding = (check: string) =>
    main(page).locator(`[data-check="${check}"]`).getByTestId('health-finding').innerText();

  it('point 2: the redirect URI shows before saving, Continue saves, the app is edited in the wizard, Settings and back keeps the wizard', async () => {
    const client = await registerSandboxApp(h, 'sumup-pos-pro', { redirect: true });
    await openAppStep('SumUp POS Pro');
    expect(await main(page).getByRole('button', { name: 'Save provider app' }).count()).toBe(0);
    await main(page).getByLabel('Name of the app', { exact: true }).fill('Bakery app');
    await main(page).getByLabel('Client ID', { exact: true }).fill(client.clientId);
    await main(page).getByLabel('Client secret', { exact: true }).fill(client.clientSecret!);
    await main(page).getByLabel('Redirect port', { exact: true }).fill(String(client.port));

    // Before anything is saved: the URI from the port typed, once, with its copy button.
    const uri = main(page).getByTestId('redirect-uri');
    await expect.poll(() => uri.innerText()).toContain(`http://127.0.0.1:${client.port}/callback`);
    expect(await uri.count()).toBe(1);
    expect(await uri.getByRole('button', { name: 'Copy redirect URI' }).count()).toBe(1);
    expect((await h.services.handlers['apps:list']()).map((a) => a.label)).not.toContain('Bakery app');

    // A look at Settings and back: the wizard is where it was, with what was typed (not the secret).
    await goTo(page, 'Settings');
    await expectTitle(page, 'Settings');
    await goTo(page, 'Connect an account');
    await main(page).getByLabel('Client ID', { exact: true }).waitFor();
    expect(await main(page).getByLabel('Client ID', { exact: true }).inputValue()).toBe(client.clientId);
    expect(await main(page).getByLabel('Name of the app', { exact: true }).inputValue()).toBe('Bakery app');
    expect(await main(page).getByLabel('Redirect port', { exact: true }).inputValue()).toBe(
      String(client.port),
    );
    await main(page).getByLabel('Client secret', { exact: true }).fill(client.clientSecret!);

    // Continue saves the app and goes on; the access step repeats no redirect URI.
    await continueButton().click();
    await main(page).getByLabel('Shop label', { exact: true }).waitFor();
    const saved = (await h.services.handlers['apps:list']()).find((a) => a.label === 'Bakery app');
    expect(saved?.redirectPort).toBe(client.port);
    expect(saved?.hasClientSecret).toBe(true);
    expect(await main(page).getByTestId('redirect-uri').count()).toBe(0);

    // Back, edit the chosen app right here, Continue saves the change.
    await main(page).getByRole('button', { name: 'Back', exact: true }).click();
    await main(page).getByRole('button', { name: 'Edit “Bakery app”' }).click();
    await main(page).getByLabel('Name of the app', { exact: true }).fill('Bakery app (edited)');
    await continueButton().click();
    await main(page).getByLabel('Shop label', { exact: true }).waitFor();
    expect((await h.services.handlers['apps:list']()).find((a) => a.id === saved!.id)?.label).toBe(
      'Bakery app (edited)',
    );

    // And it connects.
    await main(page).getByLabel('Shop label', { exact: true }).fill('Bakery (POS Pro)');
    const tab = h.nextAuthorizationPage();
    await main(page).getByRole('button', { name: 'Connect', exact: true }).click();
    await approve(h, tab);
    await expectTitle(page, 'Bakery (POS Pro)');
  });

  it('point 4: a success notice stays on its page', async () => {
    const notice = page.locator('.notice-area');
    await expect.poll(() => notice.innerText()).toContain('“Bakery (POS Pro)” is connected.');
    await goTo(page, 'Connections');
    await expectTitle(page, 'Connections');
    expect(await notice.innerText()).not.toContain('is connected');
  });

  it('point 4: health check in plain words, local dates, a reachable token endpoint is not "Pass (HTTP 405)"', async () => {
    await openConnection(page, 'Bakery (POS Pro)');
    await main(page).getByRole('tab', { name: 'Diagnostics' }).click();
    await main(page).getByRole('button', { name: 'Run health check' }).click();
    await main(page).getByTestId('health-results').waitFor();
    const endpoint = await healthFinding('token_endpoint');
    expect(endpoint).toMatch(/^The token endpoint is reachable \(it answered in \d+ ms\)\.$/);
    expect(endpoint).not.toContain('405');
    const refresh = await healthFinding('refresh_token');
    expect(refresh).toContain('The refresh token is valid until');
    expect(refresh).not.toMatch(ISO);
    const all = await main(page).getByTestId('health-results').locator('.health-list').innerText();
    expect(all).not.toMatch(ISO);
  });

  it('point 4: "Needs reconnecting" makes Reconnect the primary button', async () => {
    const actions = main(page).getByRole('group', { name: 'Connection actions' });
    await main(page).getByRole('tab', { name: 'Overview' }).click();
    expect(await actions.locator('.btn-primary').innerText()).toBe('Refresh now');
    const revoked = await fetch(h.sandbox.d.admin.revoke, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ vendor: 'sumup-pos-pro' }),
    });
    expect(revoked.ok).toBe(true);
    await actions.getByRole('button', { name: 'Refresh now' }).click();
    await expect.poll(() => main(page).locator('.screen-head').innerText()).toContain('Needs reconnecting');
    await expect.poll(() => actions.locator('.btn-primary').innerText()).toBe('Reconnect');
  });

  it('point 4: a client-credentials connection renews itself, and the detail and the health check say so alike', async () => {
    const client = await registerSandboxApp(h, 'sumup', { redirect: true });
    await connectThroughUi(h, {
      vendor: 'SumUp',
      app: {
        label: 'Till app',
        clientId: client.clientId,
        clientSecret: client.clientSecret!,
        port: client.port!,
      },
      grant: 'App credentials only',
      shopLabel: 'Till by app credentials',
    });
    const renewal = await main(page).getByTestId('renewal').innerText();
    expect(renewal).toContain('renews itself by asking again with the provider app');
    expect(renewal).not.toContain('cannot renew');
    await main(page).getByRole('button', { name: 'Refresh now' }).click();
    await expect.poll(() => main(page).getByTestId('action-status').innerText()).toContain('Refreshed');

    await main(page).getByRole('tab', { name: 'Diagnostics' }).click();
    await main(page).getByRole('button', { name: 'Run health check' }).click();
    await main(page).getByTestId('health-results').waitFor();
    expect(renewal).toContain(await healthFinding('refresh_token'));
    // SumUp documents calls, but each needs a merchant permission app credentials cannot have.
    const token = await healthFinding('token_valid');
    expect(token).not.toContain('No documented call');
    expect(token).toContain('every documented call needs a permission');
  });

  it("point 3: a wrong PowerEPOS password or organisation code on a first connect says so, with the vendor's reason in view", async () => {
    const client = await registerSandboxApp(h, 'powerepos');
    const user = h.sandbox.d.vendors.powerepos.users![0]!;
    await fillConnectWizard(h, {
      vendor: 'PowerEPOS',
      app: { label: 'Kiosk app', clientId: client.clientId, clientSecret: client.clientSecret! },
      grant: 'Username and password',
      shopLabel: 'Kiosk',
      fields: { 'Organisation code': user.org_id! },
      username: user.username,
      password: 'not-the-password',
      keepPassword: false,
    });
    await main(page).getByRole('button', { name: 'Connect', exact: true }).click();
    const message = runError().locator('.notice-message');
    await message.waitFor();
    const wrongPassword = await message.innerText();
    expect(wrongPassword).toContain(
      'PowerEPOS says the username or password is wrong (or the Organisation code).',
    );
    expect(wrongPassword).toContain('The vendor said: “The service account ID or password is wrong.”');
    expect(wrongPassword).not.toMatch(/reconnect/i);

    await main(page).getByRole('button', { name: 'Change the settings' }).click();
    await main(page).getByLabel('Organisation code', { exact: true }).fill('ORG-WRONG-9');
    await main(page).getByLabel('Password', { exact: true }).fill(user.password);
    await main(page).getByRole('button', { name: 'Connect', exact: true }).click();
    await expect
      .poll(() => runError().locator('.notice-message').innerText())
      .toContain('The vendor said: “The service account does not belong to organisation ORG-WRONG-9.”');
  });

  it('point 3: invalid_scope names the refused scope', async () => {
    const user = h.sandbox.d.vendors.powerepos.users![0]!;
    await fillConnectWizard(h, {
      vendor: 'PowerEPOS',
      app: { existing: 'Kiosk app' },
      grant: 'Username and password',
      shopLabel: 'Kiosk',
      fields: { 'Organisation code': user.org_id! },
      username: user.username,
      password: user.password,
      keepPassword: false,
      onAccessStep: () => main(page).getByTestId('extra-scopes').fill('reports.read'),
    });
    await main(page).getByRole('button', { name: 'Connect', exact: true }).click();
    const message = runError().locator('.notice-message');
    await message.waitFor();
    expect(await message.innerText()).toContain('The permission “reports.read”');
  });

  it('point 3: reconnecting a connection that keeps its password: username filled in, "Keep" ticked, blank keeps it', async () => {
    const user = h.sandbox.d.vendors.powerepos.users![0]!;
    await connectThroughUi(h, {
      vendor: 'PowerEPOS',
      app: { existing: 'Kiosk app' },
      grant: 'Username and password',
      shopLabel: 'Kiosk kept',
      fields: { 'Organisation code': user.org_id! },
      username: user.username,
      password: user.password,
      keepPassword: true,
    });
    await main(page).getByRole('button', { name: 'Reconnect', exact: true }).click();
    await expectTitle(page, 'Reconnect an account');
    const username = main(page).getByLabel('Service account or username', { exact: true });
    await expect.poll(() => username.inputValue()).toBe(user.username);
    expect(await main(page).getByLabel('Keep the password for unattended renewal').isChecked()).toBe(true);
    expect(await main(page).getByLabel('Password', { exact: true }).inputValue()).toBe('');
    await main(page).getByRole('button', { name: 'Reconnect', exact: true }).click();
    await expectTitle(page, 'Kiosk kept');
    await expect
      .poll(() => page.locator('.notice-area').innerText())
      .toContain('“Kiosk kept” is reconnected.');
  });

  it("point 2/3: Chimpy's fields in Chimpy's words, https as the hint says, and a wrong password says so", async () => {
    const client = await registerSandboxApp(h, 'chimpy', { secret: false });
    const user = h.sandbox.d.vendors.chimpy.users![0]!;
    await openAppStep('Chimpy POS');
    const step = await main(page).innerText();
    expect(step).toContain('AUTH_AUDIENCE');
    expect(step).toContain('Example: auth.example.chimpy.app');
    await main(page).getByLabel('Name of the app', { exact: true }).fill('Market app');
    await main(page).getByLabel('Client ID', { exact: true }).fill(client.clientId);
    await main(page)
      .getByLabel('Authorization service URI', { exact: true })
      .fill('http://auth.example.chimpy.app');
    await main(page).getByLabel('PoS API URI', { exact: true }).fill(`${h.sandbox.d.base_url}/chimpy`);
    await main(page).getByLabel('Audience', { exact: true }).fill(h.sandbox.d.vendors.chimpy.audience!);
    await continueButton().click();
    await main(page)
      .getByText('The Authorization service URI must be a host name or start with https://')
      .waitFor();
    expect((await h.services.handlers['apps:list']()).map((a) => a.label)).not.toContain('Market app');
    // This computer's address over http is the sandbox's, accepted in sandbox mode only.
    await main(page)
      .getByLabel('Authorization service URI', { exact: true })
      .fill(`${h.sandbox.d.base_url}/chimpy`);
    await continueButton().click();
    await main(page).getByLabel('Shop label', { exact: true }).fill('Market');
    await main(page).getByLabel('Service account or username', { exact: true }).fill(user.username);
    await main(page).getByLabel('Password', { exact: true }).fill('wrong-password');
    await main(page).getByRole('button', { name: 'Connect', exact: true }).click();
    const message = runError().locator('.notice-message');
    await message.waitFor();
    expect(await message.innerText()).toContain('Chimpy POS says the username or password is wrong.');
    expect(await message.innerText()).toContain('The vendor said: “Wrong username or password.”');

    // In French: the per-code text of the catalogue, not main's English, the vendor's words kept.
    await h.services.handlers['settings:update']({ language: 'fr' });
    try {
      await expect
        .poll(() => message.innerText())
        .toContain("Chimpy POS indique que l'identifiant ou le mot de passe est incorrect.");
      expect(await message.innerText()).toContain('Réponse du fournisseur : « Wrong username or password. »');
    } finally {
      await h.services.handlers['settings:update']({ language: 'en' });
    }
    await expect.poll(() => message.innerText()).toContain('Chimpy POS says');
  });

  it('point 3: a SumUp credentials file gives the line and column of a JSON error, and names its wrong fields', async () => {
    await openAppStep('SumUp');
    const add = main(page).getByRole('button', { name: 'Add a provider app' });
    if ((await add.count()) > 0) await add.first().click();
    const file = main(page).getByLabel('SumUp client credentials file');
    await file.setInputFiles({
      name: 'sumup-credentials.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{\n  "client_id": "abc",\n  client_secret: "s3cret-value"\n}'),
    });
    const notice = main(page).getByTestId('error-notice').locator('.notice-message');
    await expect.poll(() => notice.innerText()).toContain('the error is at line 3, column 3');
    expect(await main(page).innerText()).not.toContain('s3cret-value');

    await file.setInputFiles({
      name: 'sumup-credentials.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ client_id: 'abc', redirect_uris: [] })),
    });
    await expect
      .poll(() => notice.innerText())
      .toContain('This is not a SumUp client-credentials file: client_secret');
  });

  it('point 3: a pasted definition gives the line and column; a discovery 404 says the URL has no discovery document', async () => {
    await goTo(page, 'Settings');
    await expectTitle(page, 'Settings');
    const custom = main(page).getByTestId('custom-providers');
    await custom.getByLabel('Provider definition (JSON)').fill('{\n  "id": "acme",\n  "name": "Acme",,\n}');
    await custom.getByRole('button', { name: 'Save provider' }).click();
    const notice = custom.getByTestId('error-notice').locator('.notice-message');
    await expect.poll(() => notice.innerText()).toContain('line 3, column 18');

    await custom.getByLabel('Discovery URL').fill(`${h.sandbox.d.base_url}/no-such-issuer`);
    await custom.getByRole('button', { name: 'Fill from discovery URL' }).click();
    await expect.poll(() => notice.innerText()).toContain('This URL has no discovery document');
  });

  it('a custom provider can be edited, not only deleted', async () => {
    await goTo(page, 'Settings');
    await expectTitle(page, 'Settings');
    const custom = main(page).getByTestId('custom-providers');
    await custom.getByLabel('Discovery URL').fill(h.sandbox.d.vendors.generic.metadata_url!);
    await custom.getByRole('button', { name: 'Fill from discovery URL' }).click();
    const json = custom.getByLabel('Provider definition (JSON)');
    await expect.poll(() => json.inputValue()).toContain('"token"');
    const draft = JSON.parse(await json.inputValue()) as { id: string; name: string };
    await custom.getByRole('button', { name: 'Save provider' }).click();
    await custom.getByRole('button', { name: `Edit ${draft.name}` }).waitFor();

    await custom.getByRole('button', { name: `Edit ${draft.name}` }).click();
    const loaded = JSON.parse(await json.inputValue()) as { id: string; name: string };
    expect(loaded.id).toBe(draft.id);
    await json.fill(JSON.stringify({ ...loaded, name: 'Renamed provider' }, null, 2));
    await custom.getByRole('button', { name: 'Save provider' }).click();
    await custom.getByRole('button', { name: 'Edit Renamed provider' }).waitFor();
    const providers = await h.services.handlers['providers:list']();
    expect(providers.filter((p) => p.definition.id === draft.id).map((p) => p.definition.name)).toEqual([
      'Renamed provider',
    ]);
  });

  it('point 3: a sign-in page that never comes back (unknown application) gets a hint and a way to the app, never blame', async () => {
    const port = await freePort();
    await fillConnectWizard(h, {
      vendor: 'SumUp',
      app: { label: 'Mistyped app', clientId: 'garbage-client-id', clientSecret: 'x', port },
      grant: 'Sign in through the browser',
      shopLabel: 'Mistyped',
    });
    const tab = h.nextAuthorizationPage();
    await main(page).getByRole('button', { name: 'Connect', exact: true }).click();
    const vendorPage = await tab;
    await vendorPage.getByText('Unknown application').first().waitFor();
    await page.bringToFront();
    const hint = main(page).getByTestId('sign-in-stalled');
    await hint.waitFor({ timeout: 15_000 });
    const text = await hint.innerText();
    expect(text).toContain('“Unknown application”');
    expect(text).toContain('Redirect URI not registered');
    expect(text).not.toMatch(/sooner|approve access/i);
    // The person leaves the vendor's page for the app.
    await vendorPage.close();
    await hint.getByRole('button', { name: "Check the provider app's settings" }).click();
    // The waiting attempt is cancelled in main, not left behind.
    await expect
      .poll(() => h.logLines.some((line) => line.includes('"step":"cancelled"')), { timeout: 10_000 })
      .toBe(true);
    const clientId = main(page).getByLabel('Client ID', { exact: true });
    await clientId.waitFor();
    expect(await clientId.inputValue()).toBe('garbage-client-id');
  });

  it('point 3: a wrong client secret on a first connect names the app and leads to it, not to Settings', async () => {
    const client = await registerSandboxApp(h, 'sumup', { redirect: true });
    await fillConnectWizard(h, {
      vendor: 'SumUp',
      app: {
        label: 'Wrong secret app',
        clientId: client.clientId,
        clientSecret: 'not-the-secret',
        port: client.port!,
      },
      grant: 'App credentials only',
      shopLabel: 'Wrong secret',
    });
    await main(page).getByRole('button', { name: 'Connect', exact: true }).click();
    const notice = runError();
    await notice.waitFor();
    const message = await notice.locator('.notice-message').innerText();
    expect(message).toContain("SumUp did not recognise the provider app's client ID or client secret.");
    expect(message).not.toContain('Settings');
    await notice.getByRole('button', { name: "Check the provider app's settings" }).click();
    await main(page).getByLabel('Client secret', { exact: true }).fill(client.clientSecret!);
    await continueButton().click();
    await main(page).getByRole('button', { name: 'Connect', exact: true }).click();
    await expectTitle(page, 'Wrong secret');
  });

  it('point 4: deleting an app no connection uses says so, not "0 connections use it"', async () => {
    await goTo(page, 'Settings');
    await expectTitle(page, 'Settings');
    await main(page).getByRole('button', { name: 'Delete Mistyped app' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    const text = await dialog.innerText();
    expect(text).toContain('No connection uses it.');
    expect(text).not.toContain('0 connections');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });
});
