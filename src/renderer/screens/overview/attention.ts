import type { AttentionItem, ConnectionSummary } from '../../../shared/models';

/** Most urgent first: lost access, then access about to be lost, then a failed refresh. */
export const ATTENTION_ORDER: AttentionItem['kind'][] = [
  'needs_reauthorization',
  'refresh_token_expiring',
  'refresh_failed',
  'access_token_expired',
];

export interface AttentionRow {
  connection: ConnectionSummary;
  item: AttentionItem;
}

export function sortAttention(connections: ConnectionSummary[]): AttentionRow[] {
  const rows = connections.flatMap((connection) =>
    connection.attention.map((item) => ({ connection, item })),
  );
  return rows.sort((a, b) => {
    const byKind = ATTENTION_ORDER.indexOf(a.item.kind) - ATTENTION_ORDER.indexOf(b.item.kind);
    if (byKind !== 0) return byKind;
    const at = (row: AttentionRow) => (row.item.at ? Date.parse(row.item.at) : Number.POSITIVE_INFINITY);
    return at(a) - at(b);
  });
}

/** Connections that need attention first, then by label. */
export function sortConnections(connections: ConnectionSummary[]): ConnectionSummary[] {
  const rank = (c: ConnectionSummary) =>
    c.attention.length === 0
      ? ATTENTION_ORDER.length
      : Math.min(...c.attention.map((i) => ATTENTION_ORDER.indexOf(i.kind)));
  return [...connections].sort((a, b) => rank(a) - rank(b) || a.label.localeCompare(b.label));
}
