import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppStore, AppVault } from '../../src/main/ports';
import { startAppHarness, type AppHarness } from './support/app-harness';
import { axeScan, expectTitle, goTo, main, screenshot, seriousFindings } from './support/flows';
import { seedConnections, type SeedConnection } from './support/seed-connections';
import { e2eStorage } from './support/storage';

/**
 * The overview with many connections: search, state filter, sort and grouping driven from the
 * keyboard, the choice kept across screens, and 1,000 connections listed by a windowed table. The
 * connections are written straight into the real store (a connect each through the UI would take
 * minutes); the list the window gets comes from the real services over the bridge.
 */

const MIXED: SeedConnection[] = [
  { label: 'Rue de Rivoli store', providerId: 'sumup', expiresInMinutes: 120 },
  { label: 'Rue de Rivoli store', providerId: 'taptouch', state: 'needs_reauthorization' },
  { label: 'Harbour Bar', providerId: 'powerepos', expiresInMinutes: 30 },
  { label: 'Café Élysée', providerId: 'chimpy', state: 'failed', expiresInMinutes: 300 },
  { label: 'Station Kiosk', providerId: 'sumup-pos-pro', expiresInMinutes: 60 },
  { label: 'Market Stall', providerId: 'taptouch', expiresInMinutes: 240 },
];
const MANY = 1000;

function table(page: Page): Locator {
  return main(page).getByTestId('connections-table');
}

/** The shop and vendor of every row the table has in the DOM, in order. */
async function shownRows(page: Page): Promise<string[]> {
  return table(page)
    .locator('tr[data-connection-id]')
    .evaluateAll((rows) =>
      rows.map((row) => {
        const cells = row.querySelectorAll('th, td');
        return `${cells[0]?.querySelector('button')?.textContent ?? ''} / ${cells[1]?.textContent ?? ''}`;
      }),
    );
}

/**
 * Picks an option of a focused native select with the keyboard only: Home, then ArrowDown until
 * the option shown is `label` (a closed select changes its value on each arrow key).
 */
async function choose(page: Page, select: Locator, label: string): Promise<void> {
  expect(await select.evaluate((el) => el === document.activeElement)).toBe(true);
  await page.keyboard.press('Home');
  const options = await select.locator('option').allInnerTexts();
  const index = options.findIndex((text) => text.trim() === label);
  expect(index, `${label} is not one of ${options.join(', ')}`).toBeGreaterThanOrEqual(0);
  for (let i = 0; i < index; i += 1) await page.keyboard.press('ArrowDown');
  await expect
    .poll(() => select.evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent?.trim()))
    .toBe(label);
}

async function count(page: Page): Promise<string> {
  return (
    await main(page)
      .getByRole('status')
      .filter({ hasText: /connection/ })
      .innerText()
  ).trim();
}

describe('the overview: search, filter, sort and group, then 1,000 connections', () => {
  let h: AppHarness;
  let page: Page;
  let storage: { store: AppStore; vault: AppVault } | undefined;

  beforeAll(async () => {
    h = await startAppHarness({
      storage: async (dataDir) => (storage = await e2eStorage(dataDir)),
    });
    page = h.page;
    if (!storage) throw new Error('the harness opened no storage');
    seedConnections(storage.store, MIXED);
    await page.reload();
    await expectTitle(page, 'Connections');
    await main(page).getByRole('status').filter({ hasText: '6 connections' }).waitFor();
  });

  afterAll(async () => {
    await h?.close();
  });

  it('searches by shop or vendor, ignoring case and accents, and announces the count', async () => {
    const search = main(page).getByRole('searchbox', { name: 'Search' });
    await search.focus();
    await page.keyboard.type('rivoli');
    await expect.poll(() => count(page)).toBe('Showing 2 of 6 connections');
    expect(await shownRows(page)).toEqual(['Rue de Rivoli store / Taptouch', 'Rue de Rivoli store / SumUp']);
    expect(await table(page).getAttribute('aria-rowcount')).toBe('3');

    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('cafe elysee');
    await expect.poll(() => shownRows(page)).toEqual(['Café Élysée / Chimpy POS']);

    // A vendor's name finds its connections too.
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('TAPTOUCH');
    await expect.poll(() => count(page)).toBe('Showing 2 of 6 connections');

    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('no such shop');
    await expect.poll(() => count(page)).toBe('Showing 0 of 6 connections');
    await main(page).getByText('No connection matches this search and filter.').waitFor();

    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Backspace');
    await expect.poll(() => count(page)).toBe('6 connections');
  });

  it('filters by state from the keyboard', async () => {
    const state = main(page).getByLabel('State', { exact: true });
    // Tab from the search box reaches the state filter next.
    await main(page).getByRole('searchbox', { name: 'Search' }).focus();
    await page.keyboard.press('Tab');
    expect(await state.evaluate((el) => el === document.activeElement)).toBe(true);

    await choose(page, state, 'Needs reconnecting');
    await expect.poll(() => state.inputValue()).toBe('needs_reauthorization');
    await expect.poll(() => shownRows(page)).toEqual(['Rue de Rivoli store / Taptouch']);

    await choose(page, state, 'Failed');
    await expect.poll(() => shownRows(page)).toEqual(['Café Élysée / Chimpy POS']);

    // "Needs attention": anything on a connection's attention list.
    await choose(page, state, 'Needs attention');
    await expect.poll(() => state.inputValue()).toBe('attention');
    const needing = await shownRows(page);
    expect(needing).toContain('Rue de Rivoli store / Taptouch');
    expect(needing).not.toContain('Market Stall / Taptouch');

    // The search and the state filter apply together.
    await main(page).getByRole('searchbox', { name: 'Search' }).fill('market');
    await expect.poll(() => count(page)).toBe('Showing 0 of 6 connections');
    await main(page).getByRole('searchbox', { name: 'Search' }).fill('');

    await state.focus();
    await choose(page, state, 'All states');
    await expect.poll(() => state.inputValue()).toBe('all');
    await expect.poll(() => count(page)).toBe('6 connections');
  });

  it('sorts by vendor, state and expiry from the keyboard', async () => {
    const sort = main(page).getByLabel('Sort by');
    await main(page).getByLabel('State', { exact: true }).focus();
    await page.keyboard.press('Tab');
    expect(await sort.evaluate((el) => el === document.activeElement)).toBe(true);

    await choose(page, sort, 'Vendor');
    await expect.poll(() => sort.inputValue()).toBe('vendor');
    await expect
      .poll(() => shownRows(page))
      .toEqual([
        'Café Élysée / Chimpy POS',
        'Harbour Bar / PowerEPOS',
        'Rue de Rivoli store / SumUp',
        'Station Kiosk / SumUp POS Pro',
        'Market Stall / Taptouch',
        'Rue de Rivoli store / Taptouch',
      ]);

    await choose(page, sort, 'Access token expiry (soonest first)');
    await expect.poll(() => sort.inputValue()).toBe('expiry');
    // Soonest expiry first; the connection with no known expiry last.
    await expect
      .poll(() => shownRows(page))
      .toEqual([
        'Harbour Bar / PowerEPOS',
        'Station Kiosk / SumUp POS Pro',
        'Rue de Rivoli store / SumUp',
        'Market Stall / Taptouch',
        'Café Élysée / Chimpy POS',
        'Rue de Rivoli store / Taptouch',
      ]);

    await choose(page, sort, 'State');
    await expect.poll(() => sort.inputValue()).toBe('state');
    const byState = await shownRows(page);
    expect(byState.slice(0, 2)).toEqual(['Rue de Rivoli store / Taptouch', 'Café Élysée / Chimpy POS']);
  });

  it('groups by shop or vendor, and keeps the choice when leaving the overview and coming back', async () => {
    const group = main(page).getByLabel('Group by');
    await main(page).getByLabel('Sort by').focus();
    await page.keyboard.press('Tab');
    expect(await group.evaluate((el) => el === document.activeElement)).toBe(true);
    await choose(page, group, 'Shop');
    await expect.poll(() => group.inputValue()).toBe('shop');

    const groupHeaders = () =>
      table(page)
        .locator('tr.overview-group-row th')
        .evaluateAll((cells) => cells.map((c) => c.textContent?.trim()));
    await expect
      .poll(groupHeaders)
      .toEqual([
        'Café Élysée (1 connection)',
        'Harbour Bar (1 connection)',
        'Market Stall (1 connection)',
        'Rue de Rivoli store (2 connections)',
        'Station Kiosk (1 connection)',
      ]);
    // Six connections and five group rows, plus the header row.
    expect(await table(page).getAttribute('aria-rowcount')).toBe('12');
    expect(seriousFindings(await axeScan(page))).toEqual([]);
    await screenshot(page, 'overview-grouped-by-shop');

    await choose(page, group, 'Vendor');
    await expect.poll(groupHeaders).toContain('Taptouch (2 connections)');

    await main(page).getByRole('searchbox', { name: 'Search' }).fill('rivoli');
    await goTo(page, 'Settings');
    await expectTitle(page, 'Settings');
    await goTo(page, 'Connections');
    await expectTitle(page, 'Connections');
    expect(await main(page).getByRole('searchbox', { name: 'Search' }).inputValue()).toBe('rivoli');
    expect(await main(page).getByLabel('Group by').inputValue()).toBe('vendor');
    expect(await main(page).getByLabel('Sort by').inputValue()).toBe('state');
    await expect.poll(groupHeaders).toEqual(['SumUp (1 connection)', 'Taptouch (1 connection)']);

    await main(page).getByRole('button', { name: 'Show all connections' }).click();
    await expect.poll(() => count(page)).toBe('6 connections');
    expect(await main(page).getByLabel('Group by').inputValue()).toBe('none');
  });

  it(`lists ${MANY.toLocaleString('en')} connections in a windowed table, and the search narrows them`, async () => {
    if (!storage) throw new Error('no storage');
    seedConnections(
      storage.store,
      Array.from({ length: MANY }, (_, i) => ({
        label: `Shop ${i}`,
        providerId: 'sumup-pos-pro' as const,
        expiresInMinutes: 60 + i,
      })),
    );
    await page.reload();
    await expectTitle(page, 'Connections');
    const total = MANY + MIXED.length;
    await expect.poll(() => count(page)).toBe(`${total.toLocaleString('en')} connections`);
    expect(await table(page).getAttribute('aria-rowcount')).toBe(String(total + 1));
    expect(await table(page).getAttribute('data-result-count')).toBe(String(total));
    // Only the rows in view (and a margin) are in the DOM.
    const rendered = await table(page).locator('tr[data-connection-id]').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(80);

    // Scrolled to the end, the last rows are there with their place in the whole table.
    await table(page).evaluate((el) => {
      const scroller = el.parentElement;
      if (scroller) scroller.scrollTop = scroller.scrollHeight;
    });
    await table(page)
      .locator(`tr[aria-rowindex="${total + 1}"]`)
      .waitFor();
    await table(page).evaluate((el) => {
      const scroller = el.parentElement;
      if (scroller) scroller.scrollTop = 0;
    });
    await table(page).locator('tr[aria-rowindex="2"]').waitFor();

    // Tab walks down the rows past the first window: the window follows the focus.
    await table(page).locator('tr[aria-rowindex="2"] button').focus();
    for (let i = 0; i < 60; i += 1) await page.keyboard.press('Tab');
    const focusedRow = await page.evaluate(() =>
      document.activeElement?.closest('tr')?.getAttribute('aria-rowindex'),
    );
    expect(focusedRow).toBe('62');

    const search = main(page).getByRole('searchbox', { name: 'Search' });
    await search.focus();
    await page.keyboard.type('Shop 12');
    // "Shop 12" and "Shop 120" … "Shop 129".
    await expect.poll(() => count(page)).toBe(`Showing 11 of ${total.toLocaleString('en')} connections`);
    const rows = await shownRows(page);
    expect(rows).toHaveLength(11);
    expect(rows.every((row) => /^Shop 12\d? \/ SumUp POS Pro$/.test(row))).toBe(true);
    expect(seriousFindings(await axeScan(page))).toEqual([]);
  });
});
