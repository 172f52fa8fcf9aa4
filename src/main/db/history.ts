import type { HistoryEvent } from '../../shared/models';
import { historyEventSchema } from '../store/schema';
import type { StorageDatabase } from './database';

/**
 * Connection histories in the `history` table: one row per line, read and trimmed through the
 * (connection, time, sequence) index, so appending costs the same whatever the number of
 * connections or lines stored. Each connection keeps its `limit` most recent lines.
 */
export class HistoryTable {
  private readonly insert;
  private readonly trim;
  private readonly select;
  private readonly removeAll;

  constructor(
    private readonly database: StorageDatabase,
    private readonly limit: number,
  ) {
    const { db } = database;
    this.insert = db.prepare<[string, string, string]>(
      'INSERT INTO history (connection_id, at, json) VALUES (?, ?, ?)',
    );
    this.trim = db.prepare<[string, number]>(
      `DELETE FROM history WHERE seq IN (
         SELECT seq FROM history WHERE connection_id = ? ORDER BY at DESC, seq DESC LIMIT -1 OFFSET ?)`,
    );
    this.select = db.prepare<[string], { json: string }>(
      'SELECT json FROM history WHERE connection_id = ? ORDER BY at, seq',
    );
    this.removeAll = db.prepare<[string]>('DELETE FROM history WHERE connection_id = ?');
  }

  /** Appends a line already checked against historyEventSchema. */
  append(connectionId: string, event: HistoryEvent): void {
    this.database.transaction(() => {
      this.insert.run(connectionId, event.at, JSON.stringify(event));
      this.trim.run(connectionId, this.limit);
    });
  }

  /** Oldest first. A line that fails the schema (edited by hand) is left out, not deleted. */
  list(connectionId: string): HistoryEvent[] {
    const events: HistoryEvent[] = [];
    for (const { json } of this.select.all(connectionId)) {
      try {
        const parsed = historyEventSchema.safeParse(JSON.parse(json));
        if (parsed.success) events.push(parsed.data);
      } catch {
        // not JSON: skipped, like a line failing the schema
      }
    }
    return events;
  }

  /** Within the caller's transaction when there is one. */
  deleteFor(connectionId: string): void {
    this.removeAll.run(connectionId);
  }
}
