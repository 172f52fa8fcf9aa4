import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AttemptsLog, ATTEMPTS_KEPT_COUNT, ATTEMPTS_KEPT_MS } from '../../../src/main/db/attempts-log';
import { openDatabase, type StorageDatabase } from '../../../src/main/db/database';
import type { FailedAttempt } from '../../../src/main/ports';

let dir: string;
let database: StorageDatabase;
let now = Date.UTC(2026, 0, 1);
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pos-attempts-'));
  database = openDatabase({ dataDir: dir, now: () => now, report: () => undefined });
});
afterEach(async () => {
  database.close();
  await rm(dir, { recursive: true, force: true });
});

const attempt = (at: number, detail = 'invalid_client'): FailedAttempt => ({
  at,
  providerId: 'sumup',
  appId: 'app1',
  grant: 'authorization_code',
  moment: 'first_connect',
  host: 'api.sumup.com',
  error: { code: 'INVALID_CLIENT', message: 'The vendor refused the app.', detail },
});
const count = () => database.db.prepare('SELECT count(*) AS n FROM attempts').get();

describe('attempts log', () => {
  it('lists failed attempts most recent first, and forgets them after the kept time', () => {
    const log = new AttemptsLog(database, () => now);
    log.append(attempt(now - ATTEMPTS_KEPT_MS - 1, 'too old'));
    log.append(attempt(now - 1000, 'first'));
    log.append(attempt(now, 'second'));
    expect(log.list().map((a) => a.error.detail)).toEqual(['second', 'first']);
    expect(count()).toEqual({ n: 2 });
    now += ATTEMPTS_KEPT_MS;
    expect(log.list().map((a) => a.error.detail)).toEqual(['second']);
  });

  it(`keeps at most ${ATTEMPTS_KEPT_COUNT} rows, dropping the oldest on write`, () => {
    const log = new AttemptsLog(database, () => now);
    for (let i = 0; i < ATTEMPTS_KEPT_COUNT + 25; i += 1) log.append(attempt(now - 1000 + i, `n${i}`));
    expect(count()).toEqual({ n: ATTEMPTS_KEPT_COUNT });
    const kept = log.list();
    expect(kept).toHaveLength(ATTEMPTS_KEPT_COUNT);
    expect(kept[0]?.error.detail).toBe(`n${ATTEMPTS_KEPT_COUNT + 24}`);
    expect(kept.at(-1)?.error.detail).toBe('n25');
  });

  it('refuses a field that is not in its schema (a secret has no place in it)', () => {
    const log = new AttemptsLog(database, () => now);
    expect(() => log.append({ ...attempt(now), password: 'S3cr3t' } as FailedAttempt)).toThrow(/password/);
    expect(() =>
      log.append({ ...attempt(now), error: { ...attempt(now).error, token: 'x' } } as FailedAttempt),
    ).toThrow(/token/);
    expect(log.list()).toEqual([]);
  });
});
