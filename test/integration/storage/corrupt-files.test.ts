import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE_NAME } from '../../../src/main/db/database';
import type { Storage } from '../../../src/main/storage';
import {
  NO_SECRET_SERVICE,
  NO_SECRET_SERVICE_REASON,
  realStorageDir,
  type RealStorageDir,
} from '../../support/real-storage';
import { startHarness, type Harness } from '../../support/services-harness';
import { openSandbox, type Sandbox } from '../oauth/helpers';

/**
 * Issues 4 and 14: a damaged database is kept aside byte for byte and reported after the restart
 * (app:info startupProblems: DATABASE_CORRUPT), a secret row that fails its check (damaged, or
 * moved from another row) is kept aside in the database and reported (VAULT_CORRUPT), a record
 * that fails its schema is left in the database and reported; never silently dropped or
 * overwritten, and the app carries on and can connect again.
 */

if (NO_SECRET_SERVICE) console.warn(NO_SECRET_SERVICE_REASON);

const STORES = { method: 'GET', path: '/integration/v1/stores', headers: {} } as const;

describe.skipIf(NO_SECRET_SERVICE)('damaged storage on the real database and keychain', () => {
  let sandbox: Sandbox;
  let dir: RealStorageDir;
  const open: Harness[] = [];
  const storages: Storage[] = [];
  const harness = async () => {
    const storage = await dir.open();
    storages.push(storage);
    const h = await startHarness({ sandbox, ...storage });
    open.push(h);
    return h;
  };
  const closeAll = async () => {
    for (const h of open.splice(0)) await h.close();
    for (const storage of storages.splice(0)) storage.close();
  };
  /** A first run that leaves two Taptouch connections behind, the database closed (WAL checkpointed). */
  const firstRun = async () => {
    dir = await realStorageDir();
    const h = await harness();
    const app = await h.addApp('taptouch');
    const one = await h.connect(app.id, 'authorization_code', {
      scopes: ['integration.store'],
      label: 'Till 1',
    });
    const two = await h.connect(app.id, 'authorization_code', {
      scopes: ['integration.store'],
      label: 'Till 2',
    });
    await closeAll();
    return { app, one, two };
  };
  const dbPath = () => join(dir.dataDir, DATABASE_FILE_NAME);
  /** Changes the database with SQLite itself (as a person with a database browser would). */
  const edit = (sql: (db: Database.Database) => void) => {
    const db = new Database(dbPath());
    try {
      sql(db);
    } finally {
      db.close();
    }
  };
  const keptAside = async (prefix: string) =>
    [...(await dir.files()).entries()].filter(([name]) => name.startsWith(prefix));

  beforeAll(async () => {
    sandbox = await openSandbox();
  });
  afterAll(async () => {
    await sandbox?.close();
  });
  afterEach(async () => {
    await closeAll();
    await dir?.cleanup();
  });

  it.each([
    ['truncated', (bytes: Buffer) => bytes.subarray(0, Math.floor(bytes.length / 2))],
    [
      'overwritten (not a database)',
      (bytes: Buffer) => Buffer.from(`{"schemaVersion": 2}\n${'x'.repeat(bytes.length)}`),
    ],
    [
      'with a damaged page (the records)',
      (bytes: Buffer) => {
        const copy = Buffer.from(bytes);
        // Page 2 onwards hold the tables; scribble over the middle of every page but the first.
        for (let page = 4096; page < copy.length; page += 4096) copy.fill(0xa5, page + 100, page + 3000);
        return copy;
      },
    ],
  ])(
    'a database file %s is kept aside byte for byte and reported as DATABASE_CORRUPT',
    async (_what, damage) => {
      const { one } = await firstRun();
      const original = await readFile(dbPath());
      const damaged = damage(original);
      expect(damaged.equals(original)).toBe(false);
      await writeFile(dbPath(), damaged);

      const h = await harness();
      const info = await h.services.handlers['app:info'](undefined);
      expect(info.startupProblems.map((p) => p.code)).toEqual(['DATABASE_CORRUPT']);
      const problem = info.startupProblems[0];
      expect(problem?.message).toMatch(/set the damaged file aside/);
      const aside = await keptAside(`${DATABASE_FILE_NAME}.corrupt-`);
      expect(aside).toHaveLength(1);
      expect(problem?.params?.file).toBe(aside[0]?.[0]);
      expect(aside[0]?.[1].equals(damaged)).toBe(true);
      // Started empty, and carries on: a new provider app and connection are saved.
      expect(await h.services.handlers['connections:list'](undefined)).toEqual([]);
      expect(await h.vault.getConnectionSecrets(one.id)).toBeUndefined();
      const app = await h.addApp('taptouch');
      const again = await h.connect(app.id, 'authorization_code', { scopes: ['integration.store'] });
      expect(again.state).toBe('connected');
      await closeAll();

      // The report is about that start: the next one is clean, and nothing more is set aside.
      const next = await harness();
      expect((await next.services.handlers['app:info'](undefined)).startupProblems).toEqual([]);
      expect((await next.services.handlers['connections:list'](undefined)).map((c) => c.id)).toEqual([
        again.id,
      ]);
      expect(await keptAside(`${DATABASE_FILE_NAME}.corrupt-`)).toHaveLength(1);
    },
  );

  it.each([
    [
      'damaged (one ciphertext byte changed)',
      (db: Database.Database, id: string) => {
        const row = db
          .prepare<[string], { data: Buffer }>(
            "SELECT data FROM secrets WHERE kind = 'connection' AND id = ?",
          )
          .get(id);
        const data = Buffer.from(row?.data ?? Buffer.alloc(0));
        data[0] = (data[0] ?? 0) ^ 0xff;
        db.prepare("UPDATE secrets SET data = ? WHERE kind = 'connection' AND id = ?").run(data, id);
      },
    ],
    [
      "replaced by another connection's row (rows swapped)",
      (db: Database.Database, id: string, other: string) => {
        db.prepare(
          `UPDATE secrets SET (key_id, iv, tag, data) =
             (SELECT key_id, iv, tag, data FROM secrets WHERE kind = 'connection' AND id = ?)
           WHERE kind = 'connection' AND id = ?`,
        ).run(other, id);
      },
    ],
  ])(
    "a connection's secret row %s is kept aside and reported as VAULT_CORRUPT; the connection is kept for a reconnect",
    async (_what, damage) => {
      const { one, two } = await firstRun();
      let before: { iv: Buffer; tag: Buffer; data: Buffer } | undefined;
      edit((db) => {
        damage(db, one.id, two.id);
        before = db
          .prepare<[string], { iv: Buffer; tag: Buffer; data: Buffer }>(
            "SELECT iv, tag, data FROM secrets WHERE kind = 'connection' AND id = ?",
          )
          .get(one.id);
      });

      const h = await harness();
      await expect(
        h.services.handlers['connections:testCall']({ connectionId: one.id, ...STORES }),
      ).rejects.toMatchObject({
        code: 'SECRET_NOT_FOUND',
      });
      const info = await h.services.handlers['app:info'](undefined);
      expect(info.startupProblems.map((p) => p.code)).toEqual(['VAULT_CORRUPT']);
      expect(info.startupProblems[0]?.detail).toContain(one.id);
      // Kept aside byte for byte, in the database.
      const aside = new Database(dbPath(), { readonly: true });
      const kept = aside
        .prepare<[string], { iv: Buffer; tag: Buffer; data: Buffer }>(
          "SELECT iv, tag, data FROM secrets_aside WHERE kind = 'connection' AND id = ?",
        )
        .all(one.id);
      aside.close();
      expect(kept).toEqual([before]);
      // The other connection still works; the damaged one is kept and reconnected in place.
      expect(
        (await h.services.handlers['connections:testCall']({ connectionId: two.id, ...STORES })).status,
      ).toBe(200);
      expect((await h.services.handlers['connections:list'](undefined)).map((c) => c.id).sort()).toEqual(
        [one.id, two.id].sort(),
      );
      const app = await h.addApp('taptouch');
      const reconnected = await h.connect(app.id, 'authorization_code', {
        scopes: ['integration.store'],
        reconnectId: one.id,
      });
      expect(reconnected.id).toBe(one.id);
      expect(
        (await h.services.handlers['connections:testCall']({ connectionId: one.id, ...STORES })).status,
      ).toBe(200);
      await closeAll();

      const next = await harness();
      expect(
        (await next.services.handlers['connections:testCall']({ connectionId: one.id, ...STORES })).status,
      ).toBe(200);
      expect((await next.services.handlers['app:info'](undefined)).startupProblems).toEqual([]);
    },
  );

  it('a record that fails its schema is left in the database, not loaded, and reported', async () => {
    const { one, two } = await firstRun();
    let json = '';
    edit((db) => {
      json =
        db.prepare<[string], { json: string }>('SELECT json FROM connections WHERE id = ?').get(one.id)
          ?.json ?? '';
      db.prepare('UPDATE connections SET json = ? WHERE id = ?').run(
        json.replace('"state":"connected"', '"state":42'),
        one.id,
      );
    });
    const h = await harness();
    const info = await h.services.handlers['app:info'](undefined);
    expect(info.startupProblems.map((p) => p.code)).toEqual(['DATABASE_CORRUPT']);
    expect(info.startupProblems[0]?.detail).toContain(`${one.id} (state)`);
    expect((await h.services.handlers['connections:list'](undefined)).map((c) => c.id)).toEqual([two.id]);
    await closeAll();
    edit((db) => {
      expect(
        db.prepare<[string], { json: string }>('SELECT json FROM connections WHERE id = ?').get(one.id)?.json,
      ).toContain('"state":42');
    });
  });
});
