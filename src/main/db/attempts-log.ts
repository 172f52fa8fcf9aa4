import { z } from 'zod';
import { ERROR_CODES } from '../../shared/errors';
import type { StorageDatabase } from './database';

/**
 * Failed connect attempts, kept for a bounded time (ATTEMPTS_KEPT_MS) in the `attempts` table,
 * indexed by time. What is logged is checked against a strict schema: provider, grant, host and
 * the error's code and detail (already redacted by the caller), never a secret or a typed value.
 */

export const ATTEMPTS_KEPT_MS = 30 * 24 * 3600 * 1000;

export const connectAttemptSchema = z.strictObject({
  at: z.number().int().nonnegative(),
  providerId: z.string().min(1).max(200),
  appId: z.string().max(200).optional(),
  grant: z.string().max(50),
  /** The host asked (no path, no query). */
  host: z.string().max(255).optional(),
  code: z.enum(ERROR_CODES),
  detail: z.string().max(500).optional(),
});

export type ConnectAttempt = z.infer<typeof connectAttemptSchema>;

export class AttemptsLog {
  private readonly insert;
  private readonly prune;
  private readonly select;

  constructor(
    private readonly database: StorageDatabase,
    private readonly now: () => number,
    private readonly keptMs = ATTEMPTS_KEPT_MS,
  ) {
    const { db } = database;
    this.insert = db.prepare<[number, string]>('INSERT INTO attempts (at, json) VALUES (?, ?)');
    this.prune = db.prepare<[number]>('DELETE FROM attempts WHERE at < ?');
    this.select = db.prepare<[number, number], { json: string }>(
      'SELECT json FROM attempts WHERE at >= ? ORDER BY at DESC, seq DESC LIMIT ?',
    );
  }

  /** Logs one failed attempt (throws INVALID_INPUT-like zod errors for anything off-schema) and drops expired ones. */
  append(attempt: ConnectAttempt): void {
    const checked = connectAttemptSchema.parse(attempt);
    this.database.transaction(() => {
      this.insert.run(checked.at, JSON.stringify(checked));
      this.prune.run(this.now() - this.keptMs);
    });
  }

  /** Most recent first, within the kept time. */
  list(limit = 100): ConnectAttempt[] {
    return this.select
      .all(this.now() - this.keptMs, limit)
      .map(({ json }) => connectAttemptSchema.parse(JSON.parse(json)));
  }
}
