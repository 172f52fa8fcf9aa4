import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppHarness, type AppHarness } from './support/app-harness';
import { connectThroughUi, expectTitle, goTo, main, runPresetTestCall } from './support/flows';
import { e2eStorage } from './support/storage';

/**
 * Issue 12, done when: "a browser test connects all five sandbox vendors with no client ID typed".
 * The app starts in sandbox mode as `npm start -- --sandbox` and `npm run web -- --sandbox` do:
 * every vendor's provider app is prefilled from the sandbox's descriptor. Through the UI only, a
 * newcomer picks the vendor, the prefilled app, and signs in (in the vendor's page, or with the
 * sandbox user's name and password); nobody types a client ID, a secret, a port or a tenant URI.
 */

describe('sandbox mode: five vendors connected without typing a client ID', () => {
  let h: AppHarness;

  beforeAll(async () => {
    h = await startAppHarness({ storage: e2eStorage, sandboxPrefill: true });
    await expectTitle(h.page, 'Connections');
  });

  afterAll(async () => {
    await h?.close();
  });

  it('the Settings list shows one ready app per vendor, each with its client ID and secret', async () => {
    await goTo(h.page, 'Settings');
    const apps = main(h.page).getByTestId('apps-settings');
    for (const label of ['SumUp', 'SumUp POS Pro', 'Taptouch', 'PowerEPOS', 'Chimpy POS'])
      await apps.getByRole('heading', { name: `${label} (sandbox)` }).waitFor();
    const stored = await h.services.handlers['apps:list']();
    expect(stored.map((a) => a.providerId).sort()).toEqual([
      'chimpy',
      'powerepos',
      'sumup',
      'sumup-pos-pro',
      'taptouch',
    ]);
  });

  it('connects all five through the wizard, with the prefilled apps', { timeout: 180_000 }, async () => {
    const powerepos = h.sandbox.d.vendors.powerepos.users![0]!;
    const chimpy = h.sandbox.d.vendors.chimpy.users![0]!;
    // The wizard's "Client ID" field must never be filled: count what is typed into it.
    await h.page.evaluate(() => {
      (window as unknown as { clientIdTyped: number }).clientIdTyped = 0;
      document.addEventListener(
        'input',
        (event) => {
          const target = event.target as HTMLInputElement;
          const label = target.labels?.[0]?.textContent ?? '';
          if (/client id/i.test(label)) (window as unknown as { clientIdTyped: number }).clientIdTyped += 1;
        },
        true,
      );
    });

    await connectThroughUi(h, {
      vendor: 'SumUp',
      app: { existing: 'SumUp (sandbox)' },
      grant: 'Sign in through the browser',
      shopLabel: 'Sandbox café (SumUp)',
    });
    expect(
      await (await runPresetTestCall(h.page, 'Merchant profile')).getByTestId('response-status').innerText(),
    ).toContain('200');

    await connectThroughUi(h, {
      vendor: 'SumUp POS Pro',
      app: { existing: 'SumUp POS Pro (sandbox)' },
      grant: 'Sign in through the browser',
      shopLabel: 'Sandbox bakery (POS Pro)',
    });
    await connectThroughUi(h, {
      vendor: 'Taptouch',
      app: { existing: 'Taptouch (sandbox)' },
      grant: 'Sign in through the browser',
      shopLabel: 'Sandbox bar (Taptouch)',
    });
    await connectThroughUi(h, {
      vendor: 'PowerEPOS',
      app: { existing: 'PowerEPOS (sandbox)' },
      grant: 'Username and password',
      shopLabel: 'Sandbox kiosk (PowerEPOS)',
      fields: { 'Organisation code': powerepos.org_id! },
      username: powerepos.username,
      password: powerepos.password,
      keepPassword: false,
    });
    await connectThroughUi(h, {
      vendor: 'Chimpy POS',
      app: { existing: 'Chimpy POS (sandbox)' },
      grant: 'Username and password',
      shopLabel: 'Sandbox stall (Chimpy)',
      username: chimpy.username,
      password: chimpy.password,
    });
    expect(
      await (await runPresetTestCall(h.page, 'Stores')).getByTestId('response-status').innerText(),
    ).toContain('200');

    const connections = await h.services.handlers['connections:list']();
    expect(connections.map((c) => [c.providerId, c.state]).sort()).toEqual([
      ['chimpy', 'connected'],
      ['powerepos', 'connected'],
      ['sumup', 'connected'],
      ['sumup-pos-pro', 'connected'],
      ['taptouch', 'connected'],
    ]);
    // No app was made along the way, and nothing was typed into a Client ID field.
    expect(await h.services.handlers['apps:list']()).toHaveLength(5);
    expect(await h.page.evaluate(() => (window as unknown as { clientIdTyped: number }).clientIdTyped)).toBe(
      0,
    );
  });
});
