import { describe, expect, it } from 'vitest';
import type { ConnectionSummary } from '../../../src/shared/models';
import {
  DEFAULT_OVERVIEW_VIEW,
  foldText,
  selectOverviewRows,
  type OverviewView,
} from '../../../src/renderer/store/selectors';
import { visibleRange, withFocusedRow } from '../../../src/renderer/screens/overview/windowing';

const NOW = Date.parse('2026-11-27T12:00:00Z');

function summary(
  label: string,
  providerName: string,
  extra: Partial<ConnectionSummary> = {},
): ConnectionSummary {
  return {
    id: `${label}/${providerName}`,
    providerId: providerName.toLowerCase().replace(/\s+/g, '-'),
    providerName,
    appId: 'app',
    label,
    grant: 'authorization_code',
    environment: 'sandbox',
    state: 'connected',
    hasRefreshToken: true,
    renewal: 'refresh_token',
    requestedScopes: [],
    extraScopes: [],
    grantedScopes: [],
    scopesSource: 'response',
    createdAt: new Date(NOW).toISOString(),
    attention: [],
    ...extra,
  };
}

const inMinutes = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString();

const CONNECTIONS = [
  summary('Rue de Rivoli store', 'SumUp', { accessTokenExpiresAt: inMinutes(120) }),
  summary('Rue de Rivoli store', 'Taptouch', {
    state: 'needs_reauthorization',
    attention: [{ kind: 'needs_reauthorization' }],
  }),
  summary('Harbour Bar', 'PowerEPOS', { accessTokenExpiresAt: inMinutes(3), state: 'expiring_soon' }),
  summary('Café Élysée', 'Chimpy POS', { state: 'failed', accessTokenExpiresAt: inMinutes(300) }),
  summary('Shop 10', 'SumUp POS Pro', { accessTokenExpiresAt: inMinutes(60) }),
  summary('Shop 9', 'SumUp POS Pro', { accessTokenExpiresAt: inMinutes(60) }),
];

const rows = (view: Partial<OverviewView>) =>
  selectOverviewRows(CONNECTIONS, { ...DEFAULT_OVERVIEW_VIEW, ...view }, 'en');
const names = (view: Partial<OverviewView>) =>
  rows(view).groups.flatMap((g) => g.connections.map((c) => `${c.label} / ${c.providerName}`));

describe('the overview selectors', () => {
  it('folds case, accents and surrounding spaces', () => {
    expect(foldText('  Café ÉLYSÉE ')).toBe('cafe elysee');
  });

  it('searches labels and vendor names, and counts what it shows', () => {
    expect(names({ query: 'CAFE' })).toEqual(['Café Élysée / Chimpy POS']);
    expect(names({ query: 'taptouch' })).toEqual(['Rue de Rivoli store / Taptouch']);
    const result = rows({ query: 'rivoli' });
    expect(result.shown).toBe(2);
    expect(result.total).toBe(CONNECTIONS.length);
    expect(rows({ query: '' }).shown).toBe(CONNECTIONS.length);
  });

  it('filters by state, by "needs attention", and together with the search', () => {
    expect(names({ state: 'failed' })).toEqual(['Café Élysée / Chimpy POS']);
    expect(names({ state: 'attention' })).toEqual(['Rue de Rivoli store / Taptouch']);
    expect(names({ state: 'connected', query: 'rivoli' })).toEqual(['Rue de Rivoli store / SumUp']);
    expect(rows({ state: 'disconnected' }).shown).toBe(0);
  });

  it('sorts by attention, name (numbers as numbers), vendor, state and expiry', () => {
    expect(names({})[0]).toBe('Rue de Rivoli store / Taptouch');
    expect(names({ sort: 'label' })).toEqual([
      'Café Élysée / Chimpy POS',
      'Harbour Bar / PowerEPOS',
      'Rue de Rivoli store / SumUp',
      'Rue de Rivoli store / Taptouch',
      'Shop 9 / SumUp POS Pro',
      'Shop 10 / SumUp POS Pro',
    ]);
    expect(names({ sort: 'vendor' }).map((n) => n.split(' / ')[1])).toEqual([
      'Chimpy POS',
      'PowerEPOS',
      'SumUp',
      'SumUp POS Pro',
      'SumUp POS Pro',
      'Taptouch',
    ]);
    expect(names({ sort: 'state' }).slice(0, 3)).toEqual([
      'Rue de Rivoli store / Taptouch',
      'Café Élysée / Chimpy POS',
      'Harbour Bar / PowerEPOS',
    ]);
    // Soonest first, equal expiries by name, no expiry last.
    expect(names({ sort: 'expiry' })).toEqual([
      'Harbour Bar / PowerEPOS',
      'Shop 9 / SumUp POS Pro',
      'Shop 10 / SumUp POS Pro',
      'Rue de Rivoli store / SumUp',
      'Café Élysée / Chimpy POS',
      'Rue de Rivoli store / Taptouch',
    ]);
  });

  it('groups by shop (the label, folded) and by vendor, groups A–Z', () => {
    const byShop = rows({ group: 'shop', sort: 'vendor' }).groups;
    expect(byShop.map((g) => `${g.title}: ${g.connections.length}`)).toEqual([
      'Café Élysée: 1',
      'Harbour Bar: 1',
      'Rue de Rivoli store: 2',
      'Shop 9: 1',
      'Shop 10: 1',
    ]);
    expect(byShop[2]?.connections.map((c) => c.providerName)).toEqual(['SumUp', 'Taptouch']);
    const byVendor = rows({ group: 'vendor', query: 'shop' }).groups;
    expect(byVendor.map((g) => `${g.title}: ${g.connections.length}`)).toEqual(['SumUp POS Pro: 2']);
    expect(rows({}).groups).toHaveLength(1);
    expect(rows({}).groups[0]?.key).toBe('');
  });

  it('labels that differ only in case or accents are one shop', () => {
    const result = selectOverviewRows(
      [summary('Café Élysée', 'SumUp'), summary('  cafe elysee', 'Taptouch')],
      { ...DEFAULT_OVERVIEW_VIEW, group: 'shop' },
      'fr',
    );
    expect(result.groups).toHaveLength(1);
    expect(result.groups[0]?.connections).toHaveLength(2);
  });
});

describe('the windowed rows', () => {
  it('renders the rows in view and the overscan, never past either end', () => {
    expect(
      visibleRange({ count: 1000, rowHeight: 44, scrollTop: 0, viewportHeight: 440, overscan: 10 }),
    ).toEqual({
      start: 0,
      end: 20,
      before: 0,
      after: 980,
    });
    expect(
      visibleRange({ count: 1000, rowHeight: 44, scrollTop: 44 * 500, viewportHeight: 440, overscan: 10 }),
    ).toEqual({ start: 490, end: 520, before: 490, after: 480 });
    expect(
      visibleRange({ count: 1000, rowHeight: 44, scrollTop: 44 * 2000, viewportHeight: 440, overscan: 10 }),
    ).toMatchObject({ start: 1000, end: 1000, after: 0 });
    expect(visibleRange({ count: 3, rowHeight: 44, scrollTop: 0, viewportHeight: 440 })).toEqual({
      start: 0,
      end: 3,
      before: 0,
      after: 0,
    });
  });

  it('keeps the focused row and its neighbours rendered', () => {
    const range = { start: 0, end: 20, before: 0, after: 980 };
    // The row Tab just reached, at the window's edge: the next ones come with it.
    expect(withFocusedRow(range, 19, 1000, 5)).toEqual({ start: 0, end: 25, before: 0, after: 975 });
    // Far away (scrolled off with the wheel): the rows in view win.
    expect(withFocusedRow(range, 500, 1000, 5)).toBe(range);
    expect(withFocusedRow(range, null, 1000, 5)).toBe(range);
  });
});
