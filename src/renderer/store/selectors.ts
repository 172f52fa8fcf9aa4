import { useShallow } from 'zustand/react/shallow';
import {
  CONNECTION_STATES,
  type AttentionItem,
  type ConnectionState,
  type ConnectionSummary,
  type ProviderSummary,
} from '../../shared/models';
import { useAppStore } from './index';
import type { AppState } from './types';

export const useStoreShallow = <T>(selector: (state: AppState) => T): T => useAppStore(useShallow(selector));

export const selectProvider =
  (providerId: string | undefined) =>
  (state: AppState): ProviderSummary | undefined =>
    state.providers.find((p) => p.definition.id === providerId);

export const useProvider = (providerId: string | undefined): ProviderSummary | undefined =>
  useAppStore(selectProvider(providerId));

// ---- The overview's view: search, state filter, sort, grouping (pure, over the summaries) ----

/** `attention`: anything on the connection's attention list; otherwise one state. */
export type StateFilter = 'all' | 'attention' | ConnectionState;
export const STATE_FILTERS: readonly StateFilter[] = ['all', 'attention', ...CONNECTION_STATES];

/** `attention`: what needs a person first (the default), then the shop's name. */
export type SortKey = 'attention' | 'label' | 'vendor' | 'state' | 'expiry';
export const SORT_KEYS: readonly SortKey[] = ['attention', 'label', 'vendor', 'state', 'expiry'];

/**
 * `shop`: the connection's label, which the wizard asks for as the "Shop label" ("which shop or
 * account this is"), so a shop's connections to several vendors share it; compared without case,
 * accents or surrounding spaces.
 */
export type GroupKey = 'none' | 'vendor' | 'shop';
export const GROUP_KEYS: readonly GroupKey[] = ['none', 'vendor', 'shop'];

export interface OverviewView {
  query: string;
  state: StateFilter;
  sort: SortKey;
  group: GroupKey;
}

export const DEFAULT_OVERVIEW_VIEW: OverviewView = {
  query: '',
  state: 'all',
  sort: 'attention',
  group: 'none',
};

export interface ConnectionGroup {
  /** Empty when the view is not grouped. */
  key: string;
  title: string;
  connections: ConnectionSummary[];
}

export interface OverviewRows {
  groups: ConnectionGroup[];
  /** Connections shown, all groups together. */
  shown: number;
  total: number;
}

/** Most urgent first: lost access, then access about to be lost, then a failed refresh. */
export const ATTENTION_ORDER: AttentionItem['kind'][] = [
  'needs_reauthorization',
  'refresh_token_expiring',
  'refresh_failed',
  'access_token_expired',
];

/** States from the one that needs a person most to the one that needs nothing. */
const STATE_ORDER: ConnectionState[] = [
  'needs_reauthorization',
  'failed',
  'expiring_soon',
  'refreshing',
  'connected',
  'disconnected',
];

/** Lower case, accents and surrounding spaces removed: "  Café " and "cafe" are the same text. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
}

// Summaries are replaced, never mutated, when a connection changes: their folded text can be kept.
const searchTextOf = new WeakMap<ConnectionSummary, string>();
function searchText(c: ConnectionSummary): string {
  let text = searchTextOf.get(c);
  if (text === undefined) {
    text = `${foldText(c.label)}\n${foldText(c.providerName)}`;
    searchTextOf.set(c, text);
  }
  return text;
}

export function matchesView(c: ConnectionSummary, query: string, state: StateFilter): boolean {
  if (state === 'attention' ? c.attention.length === 0 : state !== 'all' && c.state !== state) return false;
  return query === '' || searchText(c).includes(query);
}

const collators = new Map<string, Intl.Collator>();
export function collatorFor(locale: string): Intl.Collator {
  let collator = collators.get(locale);
  if (!collator) {
    collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
    collators.set(locale, collator);
  }
  return collator;
}

function attentionRank(c: ConnectionSummary): number {
  let rank = ATTENTION_ORDER.length;
  for (const item of c.attention) rank = Math.min(rank, ATTENTION_ORDER.indexOf(item.kind));
  return rank;
}

function expiryOf(c: ConnectionSummary): number {
  const at = c.accessTokenExpiresAt ? Date.parse(c.accessTokenExpiresAt) : NaN;
  return Number.isNaN(at) ? Number.POSITIVE_INFINITY : at;
}

export function compareConnections(
  sort: SortKey,
  locale: string,
): (a: ConnectionSummary, b: ConnectionSummary) => number {
  const byName = collatorFor(locale).compare;
  const byLabel = (a: ConnectionSummary, b: ConnectionSummary) =>
    byName(a.label || a.providerName, b.label || b.providerName) || byName(a.providerName, b.providerName);
  switch (sort) {
    case 'attention':
      return (a, b) => attentionRank(a) - attentionRank(b) || byLabel(a, b);
    case 'label':
      return byLabel;
    case 'vendor':
      return (a, b) => byName(a.providerName, b.providerName) || byLabel(a, b);
    case 'state':
      return (a, b) => STATE_ORDER.indexOf(a.state) - STATE_ORDER.indexOf(b.state) || byLabel(a, b);
    case 'expiry':
      // Soonest first; no known expiry last. (Infinity - Infinity is NaN: equal, by name.)
      return (a, b) => {
        const diff = expiryOf(a) - expiryOf(b);
        return (Number.isNaN(diff) ? 0 : diff) || byLabel(a, b);
      };
  }
}

// One sorted copy per list of summaries, sort and language: a keystroke in the search box filters
// the sorted list (linear) instead of sorting 1,000 summaries again. The store replaces the array
// when a connection changes, which drops its entry.
const sortedLists = new WeakMap<readonly ConnectionSummary[], Map<string, ConnectionSummary[]>>();
function sortedFor(
  connections: readonly ConnectionSummary[],
  sort: SortKey,
  locale: string,
): readonly ConnectionSummary[] {
  let bySort = sortedLists.get(connections);
  if (!bySort) {
    bySort = new Map();
    sortedLists.set(connections, bySort);
  }
  const key = `${sort}\n${locale}`;
  let sorted = bySort.get(key);
  if (!sorted) {
    sorted = [...connections].sort(compareConnections(sort, locale));
    bySort.set(key, sorted);
  }
  return sorted;
}

/** The overview's rows for a view: filtered, sorted, and grouped (groups by name, A–Z). */
export function selectOverviewRows(
  connections: readonly ConnectionSummary[],
  view: OverviewView,
  locale: string,
): OverviewRows {
  const query = foldText(view.query);
  const shown = sortedFor(connections, view.sort, locale).filter((c) => matchesView(c, query, view.state));
  if (view.group === 'none') {
    return {
      groups: [{ key: '', title: '', connections: shown }],
      shown: shown.length,
      total: connections.length,
    };
  }
  const groups = new Map<string, ConnectionGroup>();
  for (const c of shown) {
    const title = view.group === 'vendor' ? c.providerName : c.label.trim() || c.providerName;
    const key = view.group === 'vendor' ? c.providerId : foldText(title);
    let group = groups.get(key);
    if (!group) {
      group = { key, title, connections: [] };
      groups.set(key, group);
    }
    group.connections.push(c);
  }
  const byName = collatorFor(locale).compare;
  return {
    groups: [...groups.values()].sort((a, b) => byName(a.title, b.title)),
    shown: shown.length,
    total: connections.length,
  };
}
