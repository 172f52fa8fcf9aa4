import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AttemptsLog, ATTEMPTS_KEPT_MS, type ConnectAttempt } from '../../../src/main/db/attempts-log';
import { openDatabase, type StorageDatabase } from '../../../src/main/db/database';

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

const attempt = (at: number, detail = 'invalid_client'): ConnectAttempt => ({
  at,
  providerId: 'sumup',
  appId: 'app1',
  grant: 'authorization_code',
  host: 'api.sumup.com',
  code: 'INVALID_CLIENT',
  detail,
});

describe('attempts log', () => {
  it('lists failed attempts most recent first, and forgets them after the kept time', () => {
    const log = new AttemptsLog(database, () => now);
    log.append(attempt(now - ATTEMPTS_KEPT_MS - 1, 'too old'));
    log.append(attempt(now - 1000, 'first'));
    log.append(attempt(now, 'second'));
    expect(log.list().map((a) => a.detail)).toEqual(['second', 'first']);
    expect(database.db.prepare('SELECT count(*) AS n FROM attempts').get()).toEqual({ n: 2 });
    now += ATTEMPTS_KEPT_MS;
    expect(log.list().map((a) => a.detail)).toEqual(['second']);
  });

  it('refuses a field that is not in its schema (a secret has no place in it)', () => {
    const log = new AttemptsLog(database, () => now);
    expect(() => log.append({ ...attempt(now), password: 'S3cr3t' } as ConnectAttempt)).toThrow(/password/);
    expect(log.list()).toEqual([]);
  });
});
