import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fileKitLedger } from '../../../src/main/kits/kit-ledger-file';
import type { AppErrorData } from '../../../src/shared/errors';
import type { ProviderApp } from '../../../src/shared/models';
import { findLeaks, type KnownSecret } from '../../support/leak-scan';
import {
  NO_SECRET_SERVICE,
  NO_SECRET_SERVICE_REASON,
  realStorageDir,
  type RealStorageDir,
} from '../../support/real-storage';
import { startHarness, type Harness } from '../../support/services-harness';
import { openSandbox, type Sandbox } from '../oauth/helpers';

/**
 * Connection kits through the real services and the real storage (pos-connect.db, the keychain):
 * a technician's computer exports, a shop's computer previews and imports, and the imported app
 * connects at the sandbox. Client secrets travel only encrypted, land in the vault, and never
 * appear in a kit made without them nor in anything the window is sent.
 */

if (NO_SECRET_SERVICE) throw new Error(NO_SECRET_SERVICE_REASON);

const PASSPHRASE = 'blue harbour 42 lanterns';

let sandbox: Sandbox;
const dirs: RealStorageDir[] = [];
const harnesses: Harness[] = [];

async function computer(
  options: Parameters<typeof startHarness>[0] = {},
): Promise<{ h: Harness; dir: RealStorageDir }> {
  const dir = await realStorageDir();
  dirs.push(dir);
  const { store, vault } = await dir.open();
  const h = await startHarness({ sandbox, store, vault, ...options });
  harnesses.push(h);
  return { h, dir };
}

async function refusal(promise: Promise<unknown>): Promise<AppErrorData> {
  try {
    await promise;
  } catch (error) {
    return error as AppErrorData;
  }
  throw new Error('it was accepted');
}

async function appSecrets(h: Harness, apps: ProviderApp[]): Promise<KnownSecret[]> {
  const out: KnownSecret[] = [];
  for (const app of apps) {
    const value = await h.vault.getAppSecret(app.id);
    if (value) out.push({ kind: 'client_secret', vendor: app.providerId, value });
  }
  return out;
}

beforeAll(async () => {
  sandbox = await openSandbox();
});

afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
  for (const dir of dirs.splice(0)) await dir.cleanup();
});

afterAll(async () => {
  await sandbox.close();
});

describe('a kit from a technician to a shop', { timeout: 60_000 }, () => {
  it('round trip with secrets: previewed without them, imported into the vault, and the app connects', async () => {
    const technician = (await computer()).h;
    const taptouch = await technician.addApp('taptouch');
    const chimpy = await technician.addApp('chimpy');
    const generic = await technician.addGenericApp();
    const secrets = await appSecrets(technician, [taptouch, chimpy, generic]);
    expect(secrets.map((s) => s.vendor).sort()).toEqual([generic.providerId, 'taptouch'].sort());

    const { content, fileName } = await technician.services.handlers['kits:export']({
      appIds: [taptouch.id, chimpy.id, generic.id],
      customProviderIds: [],
      createdBy: 'Acme POS support',
      scopes: { [taptouch.id]: ['integration.store'] },
      passphrase: PASSPHRASE,
    });
    expect(fileName).toMatch(/^pos-connect-kit-\d{4}-\d{2}-\d{2}\.posconnect$/);
    // Encrypted: no client secret in the file in any encoding the scanner knows.
    expect(findLeaks(secrets, { kit: content })).toEqual([]);
    expect(JSON.parse(content)).toHaveProperty('secrets.cipher', 'aes-256-gcm');

    const shop = (await computer()).h;
    const preview = await shop.services.handlers['kits:preview']({ text: content, fileName });
    expect(preview).toMatchObject({ createdBy: 'Acme POS support', needsPassphrase: true, fileName });
    expect(preview.customProviders).toEqual([
      { id: generic.providerId, name: expect.any(String), outcome: 'add' },
    ]);
    expect(
      preview.apps.map((a) => [a.providerId, a.label, a.clientId, a.outcome, a.hasClientSecret]),
    ).toEqual([
      ['taptouch', taptouch.label, taptouch.clientId, 'add', true],
      ['chimpy', chimpy.label, chimpy.clientId, 'add', false], // a public client: no secret to carry
      [generic.providerId, generic.label, generic.clientId, 'add', true],
    ]);
    expect(preview.apps[0]).toMatchObject({
      redirectUri: taptouch.redirectUri,
      scopes: ['integration.store'],
    });
    expect(preview.apps[1]!.params).toEqual(chimpy.params);
    expect(findLeaks(secrets, { preview: JSON.stringify(preview) })).toEqual([]);

    // A wrong passphrase adds nothing.
    expect(
      await refusal(
        shop.services.handlers['kits:import']({
          kitId: preview.kitId,
          passphrase: 'blue harbour 43 lanterns',
        }),
      ),
    ).toMatchObject({
      code: 'KIT_PASSPHRASE_WRONG',
    });
    expect(await refusal(shop.services.handlers['kits:import']({ kitId: preview.kitId }))).toMatchObject({
      code: 'KIT_PASSPHRASE_NEEDED',
    });
    expect(await shop.services.handlers['apps:list']()).toEqual([]);
    expect(shop.services.providers.all().some((p) => p.id === generic.providerId)).toBe(false);

    const result = await shop.services.handlers['kits:import']({
      kitId: preview.kitId,
      passphrase: PASSPHRASE,
    });
    expect(result).toEqual({
      addedApps: [taptouch.label, chimpy.label, generic.label],
      addedProviders: [expect.any(String)],
      skipped: [],
      secretsStored: 2,
    });
    expect(findLeaks(secrets, { result: JSON.stringify(result) })).toEqual([]);
    const imported = await shop.services.handlers['apps:list']();
    expect(findLeaks(secrets, { 'apps:list': JSON.stringify(imported) })).toEqual([]);
    const shopTaptouch = imported.find((a) => a.providerId === 'taptouch')!;
    expect(shopTaptouch).toMatchObject({
      clientId: taptouch.clientId,
      redirectPort: taptouch.redirectPort,
      hasClientSecret: true,
      suggestedScopes: ['integration.store'],
    });
    // The secret is in the shop's vault (the keychain-held key), exactly as the technician had it.
    expect(await shop.vault.getAppSecret(shopTaptouch.id)).toBe(
      await technician.vault.getAppSecret(taptouch.id),
    );
    expect(imported.find((a) => a.providerId === 'chimpy')).toMatchObject({
      params: chimpy.params,
      hasClientSecret: false,
    });

    // The manager's remaining job: sign in. The kit's app works at the vendor.
    const connection = await shop.connect(shopTaptouch.id, 'authorization_code', {
      scopes: ['integration.store'],
    });
    expect(connection.state).toBe('connected');

    // Opened again: everything is already there, nothing is added twice.
    const again = await shop.services.handlers['kits:preview']({ text: content });
    expect(again.apps.map((a) => a.outcome)).toEqual(['same', 'same', 'same']);
    expect(again.customProviders.map((p) => p.outcome)).toEqual(['same']);
    await shop.services.handlers['kits:import']({ kitId: again.kitId, passphrase: PASSPHRASE });
    expect(await shop.services.handlers['apps:list']()).toHaveLength(3);
  });

  it('a kit changed after export (another client ID) keeps its secrets closed and adds nothing', async () => {
    const technician = (await computer()).h;
    const taptouch = await technician.addApp('taptouch');
    const { content } = await technician.services.handlers['kits:export']({
      appIds: [taptouch.id],
      customProviderIds: [],
      passphrase: PASSPHRASE,
    });
    const tampered = content.replace(
      `"clientId": "${taptouch.clientId}"`,
      '"clientId": "someone-elses-client"',
    );
    expect(tampered).not.toBe(content);

    const shop = (await computer()).h;
    const preview = await shop.services.handlers['kits:preview']({ text: tampered });
    expect(
      await refusal(shop.services.handlers['kits:import']({ kitId: preview.kitId, passphrase: PASSPHRASE })),
    ).toMatchObject({
      code: 'KIT_TAMPERED',
      message: expect.stringContaining('changed after it was made'),
    });
    expect(await shop.services.handlers['apps:list']()).toEqual([]);
  });

  it('without "include secrets": no secret in the file, and the apps arrive without one', async () => {
    const technician = (await computer()).h;
    const apps = [
      await technician.addApp('taptouch'),
      await technician.addApp('sumup'),
      await technician.addApp('powerepos'),
    ];
    const secrets = await appSecrets(technician, apps);
    expect(secrets).toHaveLength(3);
    const { content } = await technician.services.handlers['kits:export']({
      appIds: apps.map((a) => a.id),
      customProviderIds: [],
    });
    expect(findLeaks(secrets, { kit: content })).toEqual([]);
    expect(JSON.parse(content)).not.toHaveProperty('secrets');

    const shop = (await computer()).h;
    const preview = await shop.services.handlers['kits:preview']({ text: content });
    expect(preview.needsPassphrase).toBe(false);
    await shop.services.handlers['kits:import']({ kitId: preview.kitId });
    expect((await shop.services.handlers['apps:list']()).map((a) => a.hasClientSecret)).toEqual([
      false,
      false,
      false,
    ]);
  });

  it('all or nothing: an app the vendor rules refuse takes back the provider and apps added before it', async () => {
    const technician = (await computer()).h;
    const taptouch = await technician.addApp('taptouch');
    const generic = await technician.addGenericApp();
    const { content } = await technician.services.handlers['kits:export']({
      appIds: [taptouch.id, generic.id],
      customProviderIds: [],
    });
    const kit = JSON.parse(content) as { apps: unknown[] };
    kit.apps.push({
      ref: 'app-3',
      providerId: 'chimpy',
      label: 'Chimpy over plain http',
      clientId: 'chimpy-client',
      params: {
        authorization_service_uri: 'http://auth.tenant.example',
        pos_api_uri: 'pos.tenant.example',
        audience: 'a',
      },
    });

    const shop = (await computer()).h;
    const preview = await shop.services.handlers['kits:preview']({ text: JSON.stringify(kit) });
    expect(preview.apps.map((a) => a.outcome)).toEqual(['add', 'add', 'add']);
    const error = await refusal(shop.services.handlers['kits:import']({ kitId: preview.kitId }));
    expect(error.code).not.toBe('INTERNAL');
    expect(await shop.services.handlers['apps:list']()).toEqual([]);
    expect(shop.services.providers.all().some((p) => p.id === generic.providerId)).toBe(false);
  });

  it('refuses a kit that is not JSON with the line and column, through the IPC handler', async () => {
    const shop = (await computer()).h;
    const error = await refusal(
      shop.services.handlers['kits:preview']({ text: '{\n  "format": "pos-connect-kit",\n  "apps": [\n}' }),
    );
    expect(error).toMatchObject({ code: 'KIT_INVALID', params: { line: 4, column: 1 } });
  });
});

describe('the machine-wide folder', { timeout: 60_000 }, () => {
  let folder: string;
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('imports a kit without secrets at start, once: a restart does not add it again, even after it was removed', async () => {
    const technician = (await computer()).h;
    const powerepos = await technician.addApp('powerepos');
    const { content } = await technician.services.handlers['kits:export']({
      appIds: [powerepos.id],
      customProviderIds: [],
    });
    folder = await mkdtemp(join(tmpdir(), 'pos-connect-kits-'));
    await writeFile(join(folder, 'shop.posconnect'), content);
    await writeFile(join(folder, 'notes.txt'), 'not a kit');
    await writeFile(join(folder, 'broken.posconnect'), '{"format": "pos-connect-kit",');

    const dir = await realStorageDir();
    dirs.push(dir);
    const ledger = fileKitLedger(dir.dataDir);
    const start = async () => {
      const { store, vault } = await dir.open();
      const h = await startHarness({ sandbox, store, vault, machineKits: { dir: folder, ledger } });
      harnesses.push(h);
      return h;
    };
    const first = await start();
    const apps = await first.services.handlers['apps:list']();
    expect(apps.map((a) => a.clientId)).toEqual([powerepos.clientId]);
    // The broken kit is logged for IT, by name and code, and the start goes on.
    expect(
      first.logLines.some((line) => line.includes('broken.posconnect') && line.includes('KIT_INVALID')),
    ).toBe(true);
    await first.services.handlers['apps:delete']({ appId: apps[0]!.id });
    await first.close();
    harnesses.splice(harnesses.indexOf(first), 1);

    const second = await start();
    expect(await second.services.handlers['apps:list']()).toEqual([]);
  });

  it('a kit with secrets waits in the window for its passphrase, then is not offered again', async () => {
    const technician = (await computer()).h;
    const taptouch = await technician.addApp('taptouch');
    const { content } = await technician.services.handlers['kits:export']({
      appIds: [taptouch.id],
      customProviderIds: [],
      passphrase: PASSPHRASE,
    });
    folder = await mkdtemp(join(tmpdir(), 'pos-connect-kits-'));
    await writeFile(join(folder, 'with-secrets.posconnect'), content);

    const dir = await realStorageDir();
    dirs.push(dir);
    const ledger = fileKitLedger(dir.dataDir);
    const start = async () => {
      const { store, vault } = await dir.open();
      const h = await startHarness({ sandbox, store, vault, machineKits: { dir: folder, ledger } });
      harnesses.push(h);
      return h;
    };
    const first = await start();
    expect(await first.services.handlers['apps:list']()).toEqual([]);
    const waiting = await first.services.handlers['kits:opened']();
    expect(waiting.map((k) => [k.fileName, k.needsPassphrase])).toEqual([['with-secrets.posconnect', true]]);
    await first.services.handlers['kits:import']({ kitId: waiting[0]!.kitId, passphrase: PASSPHRASE });
    expect(await first.services.handlers['kits:opened']()).toEqual([]);
    const [app] = await first.services.handlers['apps:list']();
    expect(await first.vault.getAppSecret(app!.id)).toBe(await technician.vault.getAppSecret(taptouch.id));
    await first.close();
    harnesses.splice(harnesses.indexOf(first), 1);

    const second = await start();
    expect(await second.services.handlers['kits:opened']()).toEqual([]);
    expect(await second.services.handlers['apps:list']()).toHaveLength(1);
  });
});

describe('sandbox mode prefills every provider app', { timeout: 90_000 }, () => {
  it('five vendors, five apps from the sandbox’s registrations, each connects without a client ID typed', async () => {
    const { h } = await computer({ sandboxPrefill: true });
    const apps = await h.services.handlers['apps:list']();
    expect(apps.map((a) => a.providerId).sort()).toEqual([
      'chimpy',
      'powerepos',
      'sumup',
      'sumup-pos-pro',
      'taptouch',
    ]);
    const of = (id: string) => apps.find((a) => a.providerId === id)!;
    expect(of('sumup')).toMatchObject({
      clientId: 'sbx-sumup-vetted',
      hasClientSecret: true,
      redirectPort: 47811,
    });
    expect(of('chimpy').params).toMatchObject({ audience: sandbox.d.vendors.chimpy.audience });

    const powereposUser = sandbox.d.vendors.powerepos.users![0]!;
    const chimpyUser = sandbox.d.vendors.chimpy.users![0]!;
    const connected = [
      await h.connect(of('sumup').id, 'authorization_code'),
      await h.connect(of('sumup-pos-pro').id, 'authorization_code', { scopes: ['order/read'] }),
      await h.connect(of('taptouch').id, 'authorization_code', { scopes: ['integration.store'] }),
      await h.connect(of('powerepos').id, 'password', {
        username: powereposUser.username,
        password: powereposUser.password,
        params: { org_id: powereposUser.org_id! },
        scopes: ['des', 'offline_access'],
      }),
      await h.connect(of('chimpy').id, 'password', {
        username: chimpyUser.username,
        password: chimpyUser.password,
        scopes: ['offline_access'],
      }),
    ];
    expect(connected.map((c) => c.state)).toEqual(Array(5).fill('connected'));

    // A second start adds nothing twice.
    await h.services.prepare();
    expect(await h.services.handlers['apps:list']()).toHaveLength(5);
  });
});
