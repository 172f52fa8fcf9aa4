import { z } from 'zod';
import { ERROR_CODES } from '../../shared/errors';
import type { AttemptsLogPort, FailedAttempt } from '../ports';
import type { StorageDatabase } from './database';

/**
 * Failed connect attempts in the `attempts` table, indexed by time, kept for ATTEMPTS_KEPT_MS and
 * at most ATTEMPTS_KEPT_COUNT rows: both are pruned on every write, so the table never grows past
 * them whatever happens. What is logged is checked against a strict schema: vendor, app, grant,
 * moment, host and the error (already redacted by the caller), never a secret or a typed value.
 */

export const ATTEMPTS_KEPT_MS = 30 * 24 * 3600 * 1000;
export const ATTEMPTS_KEPT_COUNT = 500;

const text = (max: number) => z.string().max(max);

export const failedAttemptSchema = z.strictObject({
  at: z.number().int().nonnegative(),
  startedAt: z.number().int().nonnegative().optional(),
  providerId: z.string().min(1).max(200),
  providerName: text(200).optional(),
  appId: text(200).optional(),
  grant: z.enum(['authorization_code', 'client_credentials', 'password']),
  moment: z.enum(['first_connect', 'reconnect']),
  connectionId: text(200).optional(),
  /** The host asked (no path, no query). */
  host: text(255).optional(),
  error: z.strictObject({
    code: z.enum(ERROR_CODES),
    message: text(1000),
    detail: text(2000).optional(),
    retryAfterSeconds: z.number().optional(),
    params: z.record(text(64), z.union([text(500), z.number()])).optional(),
  }),
}) satisfies z.ZodType<FailedAttempt>;

export class AttemptsLog implements AttemptsLogPort {
  private readonly insert;
  private readonly pruneOld;
  private readonly pruneExtra;
  private readonly select;

  constructor(
    private readonly database: StorageDatabase,
    private readonly now: () => number,
    private readonly keptMs = ATTEMPTS_KEPT_MS,
    private readonly keptCount = ATTEMPTS_KEPT_COUNT,
  ) {
    const { db } = database;
    this.insert = db.prepare<[number, string]>('INSERT INTO attempts (at, json) VALUES (?, ?)');
    this.pruneOld = db.prepare<[number]>('DELETE FROM attempts WHERE at < ?');
    // seq grows with every insert: the rows past the newest keptCount are the oldest written.
    this.pruneExtra = db.prepare<[number]>(
      'DELETE FROM attempts WHERE seq <= (SELECT seq FROM attempts ORDER BY seq DESC LIMIT 1 OFFSET ?)',
    );
    this.select = db.prepare<[number, number], { json: string }>(
      'SELECT json FROM attempts WHERE at >= ? ORDER BY at DESC, seq DESC LIMIT ?',
    );
  }

  /** Logs one failed attempt (a ZodError for anything off-schema) and drops expired and surplus ones. */
  append(attempt: FailedAttempt): void {
    const checked = failedAttemptSchema.parse(attempt);
    this.database.transaction(() => {
      this.insert.run(checked.at, JSON.stringify(checked));
      this.pruneOld.run(this.now() - this.keptMs);
      this.pruneExtra.run(this.keptCount);
    });
  }

  /** Most recent first, within the kept time; a row that no longer fits the schema is left out. */
  list(limit = this.keptCount): FailedAttempt[] {
    return this.select.all(this.now() - this.keptMs, limit).flatMap(({ json }) => {
      let value: unknown;
      try {
        value = JSON.parse(json);
      } catch {
        return [];
      }
      const parsed = failedAttemptSchema.safeParse(value);
      return parsed.success ? [parsed.data] : [];
    });
  }
}
