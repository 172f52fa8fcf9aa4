import { beforeEach, describe, expect, it } from 'vitest';
import { ProviderApps } from '../../../src/main/apps/provider-apps';
import { ProviderRegistry } from '../../../src/main/providers/provider-registry';
import { MemoryStore, MemoryVault } from '../../support/memory-storage';
import { connectionRecord } from '../../support/connection-record';

let store: MemoryStore;
let vault: MemoryVault;
let apps: ProviderApps;

beforeEach(() => {
  store = new MemoryStore();
  vault = new MemoryVault();
  apps = new ProviderApps(store, vault, new ProviderRegistry(store), () => Date.UTC(2026, 10, 23));
});

describe('provider apps', () => {
  it('keeps the client secret in the vault only, and keeps, replaces or removes it on save', async () => {
    const saved = await apps.save({
      providerId: 'sumup',
      label: 'Café',
      clientId: 'cid',
      clientSecret: 's3cret-value',
      params: {},
    });
    expect(saved.hasClientSecret).toBe(true);
    expect(await vault.getAppSecret(saved.id)).toBe('s3cret-value');
    expect(JSON.stringify(store.listApps())).not.toContain('s3cret-value');

    const kept = await apps.save({
      id: saved.id,
      providerId: 'sumup',
      label: 'Café 2',
      clientId: 'cid',
      params: {},
    });
    expect(kept.hasClientSecret).toBe(true);
    expect(await vault.getAppSecret(saved.id)).toBe('s3cret-value');

    const removed = await apps.save({
      id: saved.id,
      providerId: 'sumup',
      label: 'Café 2',
      clientId: 'cid',
      clientSecret: '',
      params: {},
    });
    expect(removed.hasClientSecret).toBe(false);
    expect(await vault.getAppSecret(saved.id)).toBeUndefined();
  });

  it('shows the exact redirect URI to register, on the vendor’s fixed loopback port', async () => {
    const sumup = await apps.save({ providerId: 'sumup', label: 'a', clientId: 'c', params: {} });
    expect(sumup.redirectUri).toBe('http://127.0.0.1:47811/callback');
    const custom = await apps.save({
      providerId: 'taptouch',
      label: 'b',
      clientId: 'c',
      redirectPort: 50123,
      params: {},
    });
    expect(custom.redirectUri).toBe('http://127.0.0.1:50123/callback');
    const password = await apps.save({ providerId: 'powerepos', label: 'c', clientId: 'c', params: {} });
    expect(password.redirectUri).toBeUndefined();
  });

  it('imports SumUp’s client-credentials file as SumUp gives it, taking the loopback port from its redirect URIs', async () => {
    const app = await apps.importSumupCredentials(
      JSON.stringify({
        id: 'CCCFAXYD',
        name: 'SA web client',
        client_id: 'fOcmczrYtYMJ7Li5GjMLLcUeC9dN',
        client_secret: '717bd571b54297494cd7a79b491e8f2c',
        application_type: 'web',
        redirect_uris: ['https://sample-app.example.com/callback', 'http://127.0.0.1:51000/callback'],
      }),
    );
    expect(app).toMatchObject({
      providerId: 'sumup',
      label: 'SA web client',
      clientId: 'fOcmczrYtYMJ7Li5GjMLLcUeC9dN',
      redirectPort: 51000,
      hasClientSecret: true,
    });
    expect(await vault.getAppSecret(app.id)).toBe('717bd571b54297494cd7a79b491e8f2c');
  });

  it('refuses a file that is not SumUp’s credentials, with a message that says where to get it', async () => {
    await expect(apps.importSumupCredentials('{"hello": 1}')).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('SumUp'),
    });
    await expect(apps.importSumupCredentials('<html>')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('asks for the app-level parameters a vendor needs, and only https URLs', async () => {
    await expect(
      apps.save({ providerId: 'chimpy', label: 'c', clientId: 'c', params: {} }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(
      apps.save({
        providerId: 'chimpy',
        label: 'c',
        clientId: 'c',
        params: {
          authorization_service_uri: 'http://auth.example.com',
          audience: 'a',
          pos_api_uri: 'https://pos.example.com',
        },
      }),
    ).rejects.toMatchObject({ code: 'INSECURE_URL' });
    const ok = await apps.save({
      providerId: 'chimpy',
      label: 'c',
      clientId: 'c',
      params: {
        authorization_service_uri: 'https://auth.example.com/',
        audience: 'a',
        pos_api_uri: 'https://pos.example.com',
      },
    });
    expect(ok.params.authorization_service_uri).toBe('https://auth.example.com');
  });

  it('will not delete an app its connections still use, and a refused keychain leaves no half-made app', async () => {
    const app = await apps.save({ providerId: 'sumup', label: 'a', clientId: 'c', params: {} });
    store.saveConnection(connectionRecord({ appId: app.id }));
    await expect(apps.delete(app.id)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(store.getApp(app.id)).toBeDefined();

    vault.failWrites = true;
    await expect(
      apps.save({
        providerId: 'taptouch',
        label: 'x',
        clientId: 'c',
        clientSecret: 'zzzz-secret',
        params: {},
      }),
    ).rejects.toThrow();
    expect(store.listApps().map((a) => a.label)).toEqual(['a']);
  });
});
