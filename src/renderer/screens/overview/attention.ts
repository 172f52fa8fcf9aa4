import type { AttentionItem, ConnectionSummary } from '../../../shared/models';
import { ATTENTION_ORDER } from '../../store/selectors';

export interface AttentionRow {
  connection: ConnectionSummary;
  item: AttentionItem;
}

export function sortAttention(connections: readonly ConnectionSummary[]): AttentionRow[] {
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
