import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors';
import { REPORT_VERSION, type SupportReport } from '../../../src/shared/report';
import { ATTEMPTS_KEPT_MS } from '../../../src/main/db/attempts-log';
import { SCHEMA_VERSION } from '../../../src/main/db/schema';
import { openStorage, type Storage } from '../../../src/main/storage';
import { KeytarKeychain } from '../../../src/main/vault/keytar-keychain';
import { findLeaks, type KnownSecret } from '../../support/leak-scan';
import { realStorageDir, type RealStorageDir } from '../../support/real-storage';
import { startHarness, type Harness } from '../../support/services-harness';
import { issuedSecrets, setFault } from '../oauth/helpers';

/**
 * Issue 12, point 6: support from one file. A failed first connect leaves a line in the attempts
 * log (pos-connect.db, real keychain), a report of all connections carries it with the machine's
 * facts, the report opens again through the app's own validation, and no secret reaches the log
 * or the file, even when the vendor echoes every secret it was sent.
 */

let dir: RealStorageDir;
let storage: Storage;
let h: Harness;
let clock: () => number = Date.now;

async function start() {
  dir = await realStorageDir();
  storage = await openStorage({
    dataDir: dir.dataDir,
    keychain: dir.keychain,
    keychainService: dir.keychainService,
    now: () => clock(),
  });
  h = await startHarness({ store: storage.store, vault: storage.vault, attempts: storage.attempts });
  clock = h.now;
}

afterEach(async () => {
  await h?.close();
  storage?.close();
  await dir?.cleanup();
  clock = Date.now;
});

async function failingConnect(run: () => Promise<unknown>): Promise<AppError> {
  const outcome = await run().then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(AppError);
  return outcome as AppError;
}

async function reportOfAll(): Promise<{ content: string; report: SupportReport }> {
  const exported = await h.services.handlers['diagnostics:exportReport']({ all: true });
  const opened = await h.services.handlers['diagnostics:openReport']({
    fileName: exported.fileName,
    text: exported.content,
  });
  return { content: exported.content, report: opened.report };
}

async function dbBytes(): Promise<string> {
  return [...(await dir.files()).values()].map((bytes) => bytes.toString('latin1')).join('\n');
}

describe('a failed first connect is in the report of all connections', () => {
  it('PowerEPOS with a wrong password: logged, reported with the machine facts, opened again', async () => {
    await start();
    const app = await h.addApp('powerepos');
    const account = h.sandbox.d.vendors.powerepos.users![0]!;
    const wrong = `not-${account.password}-${randomUUID()}`;
    const error = await failingConnect(() =>
      h.connect(app.id, 'password', {
        username: account.username,
        password: wrong,
        params: { org_id: account.org_id! },
        scopes: ['des'],
      }),
    );
    expect(error.code).toBe('INVALID_GRANT');
    expect(h.store.listConnections()).toEqual([]);

    const logged = storage.attempts.list();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      providerId: 'powerepos',
      providerName: 'PowerEPOS',
      appId: app.id,
      grant: 'password',
      moment: 'first_connect',
      host: new URL(h.sandbox.d.base_url).host,
      error: { code: 'INVALID_GRANT' },
    });
    // The vendor's own reason is kept, for support.
    expect(logged[0]?.error.detail).toContain('The service account ID or password is wrong.');
    expect(logged[0]!.startedAt!).toBeLessThanOrEqual(logged[0]!.at);

    const { content, report } = await reportOfAll();
    expect(report).toMatchObject({
      format: 'pos-connect-report',
      version: REPORT_VERSION,
      scope: 'all',
      app: { version: '0.0.0-test', environment: 'sandbox', databaseSchemaVersion: SCHEMA_VERSION },
      system: { platform: process.platform, release: expect.any(String), arch: process.arch },
      connections: [],
    });
    expect(report.system.timeZone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(report.system.locale).toBeTruthy();
    expect(report.system.machine).toBeTruthy();
    expect(report.attempts).toHaveLength(1);
    expect(report.attempts[0]).toMatchObject({ providerId: 'powerepos', moment: 'first_connect' });
    expect(report.attempts[0]?.error.detail).toContain('password is wrong');
    // Measured against the failed attempt's vendor: the sandbox runs on this machine's clock.
    expect(report.clockSkew).toMatchObject({ host: new URL(h.sandbox.d.base_url).host });
    expect(Math.abs(report.clockSkew.skewMs ?? Infinity)).toBeLessThan(2_000);

    const secrets: KnownSecret[] = [
      { kind: 'typed password', vendor: 'powerepos', value: wrong },
      { kind: 'client secret', vendor: 'powerepos', value: (await h.vault.getAppSecret(app.id))! },
    ];
    expect(findLeaks(secrets, { report: content, database: await dbBytes() })).toEqual([]);
  });

  it('a vendor that echoes every secret it was sent: the log and the report stay clean', async () => {
    await start();
    const app = await h.addApp('powerepos');
    const account = h.sandbox.d.vendors.powerepos.users![0]!;
    await setFault(h.sandbox, 'powerepos', 'echo', { target: 'token', times: 1 });
    // Shorter than the registry's floor for typed values: redacted by value all the same.
    const typed = 'Pw7x!q';
    const error = await failingConnect(() =>
      h.connect(app.id, 'password', {
        username: account.username,
        password: typed,
        params: { org_id: account.org_id! },
        scopes: ['des'],
      }),
    );
    // The echo was there to be found: the error's detail carried the request back.
    expect(JSON.stringify(storage.attempts.list())).toContain('[redacted]');
    expect(error.code).not.toBe('INTERNAL');

    const { content } = await reportOfAll();
    const secrets: KnownSecret[] = [
      ...(await issuedSecrets(h.sandbox)).map((value) => ({ kind: 'issued', vendor: 'sandbox', value })),
      { kind: 'typed password', vendor: 'powerepos', value: typed },
      { kind: 'client secret', vendor: 'powerepos', value: (await h.vault.getAppSecret(app.id))! },
    ];
    const leaks = findLeaks(secrets, {
      report: content,
      'attempts log': JSON.stringify(storage.attempts.list()),
      'database files': await dbBytes(),
    });
    expect(leaks, leaks.join('\n')).toEqual([]);
  });

  it('a failed reconnect is in its connection report, with a health check and the clock skew it measured', async () => {
    await start();
    const app = await h.addApp('powerepos');
    const user = h.sandbox.d.vendors.powerepos.users![0]!;
    const login = { username: user.username, params: { org_id: user.org_id! }, scopes: ['des'] };
    const clientSecret = (await h.vault.getAppSecret(app.id))!;
    // A secret pasted where it does not belong (the label) is removed from the report by value.
    const connected = await h.connect(app.id, 'password', {
      label: `Front desk ${clientSecret}`,
      ...login,
      password: user.password,
    });
    expect(clientSecret.length).toBeGreaterThan(8);
    await failingConnect(() =>
      h.connect(app.id, 'password', {
        ...login,
        password: 'wrong-password-1',
        reconnectId: connected.id,
      }),
    );
    const exported = await h.services.handlers['diagnostics:exportReport']({ connectionId: connected.id });
    expect(exported.fileName).toMatch(/^pos-connect-report-powerepos-front-desk-/);
    const { report } = await h.services.handlers['diagnostics:openReport']({
      fileName: exported.fileName,
      text: exported.content,
    });
    expect(report.scope).toBe('connection');
    expect(report.connections).toHaveLength(1);
    expect(report.connections[0]?.detail.id).toBe(connected.id);
    expect(report.connections[0]?.healthCheck?.items.map((item) => item.id)).toContain('clock_skew');
    expect(
      report.connections[0]?.detail.history.some((event) => event.summary === 'Reconnecting failed.'),
    ).toBe(true);
    expect(report.attempts).toEqual([
      expect.objectContaining({ moment: 'reconnect', connectionId: connected.id, providerId: 'powerepos' }),
    ]);
    expect(report.clockSkew.skewMs).toEqual(expect.any(Number));
    expect(report.connections[0]?.detail.label).toBe('Front desk [redacted]');
    const secrets: KnownSecret[] = [
      { kind: 'typed password', vendor: 'powerepos', value: 'wrong-password-1' },
      { kind: 'client secret', vendor: 'powerepos', value: clientSecret },
      ...(await issuedSecrets(h.sandbox)).map((value) => ({ kind: 'issued', vendor: 'sandbox', value })),
    ];
    expect(findLeaks(secrets, { report: exported.content })).toEqual([]);
  });
});

describe('the attempts log is bounded in time and kept across restarts', () => {
  it('an attempt older than 30 days is gone from the log and the report; a recent one survives a restart', async () => {
    await start();
    const app = await h.addApp('sumup');
    await setFault(h.sandbox, 'sumup', '5xx', { target: 'token' });
    const fail = () => failingConnect(() => h.connect(app.id, 'authorization_code', { scopes: [] }));
    await fail();
    expect(storage.attempts.list()).toHaveLength(1);
    await h.advance(ATTEMPTS_KEPT_MS / 1000 + 60);
    expect((await reportOfAll()).report.attempts).toEqual([]);
    await fail();
    // Pruned on write: the table itself holds one row, not two.
    expect(storage.database.db.prepare('SELECT count(*) AS n FROM attempts').get()).toEqual({ n: 1 });

    await h.close();
    storage.close();
    storage = await openStorage({
      dataDir: dir.dataDir,
      keychain: new KeytarKeychain(),
      keychainService: dir.keychainService,
      now: () => clock(),
    });
    expect(storage.attempts.list()).toHaveLength(1);
    h = await startHarness({ store: storage.store, vault: storage.vault, attempts: storage.attempts });
  });
});
