import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { stand } from './electron-stand-in';

/**
 * The private scheme, the run mode and the updates as src/main/index.ts wires them, against the
 * recording stand-in of `electron`: what is registered, in which order, what the window loads, what
 * the sender check it wires trusts, and when the updater is touched.
 */
const mocks = vi.hoisted(() => ({
  loadSandboxEnvironment: vi.fn(async (url: string) => ({ url, overrides: {}, descriptor: { vendors: {} } })),
  autoUpdater: {
    autoDownload: true,
    autoInstallOnAppQuit: false,
    checkForUpdates: vi.fn(async () => null),
    downloadUpdate: vi.fn(async () => []),
    quitAndInstall: vi.fn(),
    on: vi.fn(),
  },
}));

vi.mock('electron', async () => (await import('./electron-stand-in')).electronStandIn);
vi.mock('electron-store', () => ({ default: class {} }));
vi.mock('electron-updater', () => ({ default: { autoUpdater: mocks.autoUpdater } }));
vi.mock('../../../src/main/storage', async () => {
  const { MemoryAttemptsLog, MemoryStore, MemoryVault } = await import('../../support/memory-storage');
  return {
    openStorage: async () => ({
      store: new MemoryStore(),
      vault: new MemoryVault(),
      attempts: new MemoryAttemptsLog(),
    }),
  };
});
vi.mock('../../../src/main/vault/keytar-keychain', () => ({ createKeytarKeychain: () => ({}) }));
vi.mock('../../../src/main/providers/sandbox-environment', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  loadSandboxEnvironment: mocks.loadSandboxEnvironment,
}));

const savedEnv = { ...process.env };
const savedArgv = [...process.argv];
let dataDir: string;
let resources: string;

async function startMain(options: { isPackaged: boolean; env?: Record<string, string>; argv?: string[] }) {
  stand.reset({ isPackaged: options.isPackaged, dataDir });
  Object.assign(process.env, options.env ?? {});
  process.argv = [...savedArgv, ...(options.argv ?? [])];
  vi.resetModules();
  await import('../../../src/main/index');
}

async function whenWindowLoaded(): Promise<void> {
  stand.ready();
  await vi.waitFor(() => expect(stand.argsOf('window', 'loadURL')).toHaveLength(1));
}

const order = () => stand.calls().map((c) => `${c.target}.${c.method}`);

/** The handler ipcMain got for a channel, called as Electron would from a top frame at `url`. */
function invoke(channel: string, url: string): Promise<unknown> {
  const registration = stand.argsOf('ipcMain', 'handle').find(([name]) => name === channel);
  const handler = registration![1] as (event: unknown, input: unknown) => Promise<unknown>;
  const frame = { url };
  return handler({ senderFrame: frame, sender: { mainFrame: frame } }, undefined);
}

function windowPreferences(): Record<string, unknown> {
  const [options] = stand.argsOf('BrowserWindow', 'new')[0] as [{ webPreferences: Record<string, unknown> }];
  return options.webPreferences;
}

beforeEach(async () => {
  delete process.env.ELECTRON_RENDERER_URL;
  delete process.env.POS_CONNECT_SANDBOX;
  dataDir = await mkdtemp(join(tmpdir(), 'pos-connect-main-'));
  // Electron's resources folder, where electron-builder writes app-update.yml when a feed is set.
  resources = await mkdtemp(join(tmpdir(), 'pos-connect-resources-'));
  Object.defineProperty(process, 'resourcesPath', { value: resources, configurable: true });
  mocks.autoUpdater.checkForUpdates.mockClear();
  mocks.loadSandboxEnvironment.mockClear();
});

afterEach(async () => {
  process.env = { ...savedEnv };
  process.argv = [...savedArgv];
  await rm(dataDir, { recursive: true, force: true });
  await rm(resources, { recursive: true, force: true });
});

describe('the private scheme and the run mode', () => {
  it('registers app:// as privileged and standard before the app is ready', async () => {
    await startMain({ isPackaged: true });
    expect(stand.argsOf('protocol', 'registerSchemesAsPrivileged')).toEqual([
      [[{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]],
    ]);
    expect(order().indexOf('protocol.registerSchemesAsPrivileged')).toBeLessThan(
      order().indexOf('app.whenReady'),
    );
    expect(order()).not.toContain('protocol.handle');
  });

  it('a packaged app serves app:// before its window loads it, with no DevTools and no dev switches', async () => {
    await startMain({
      isPackaged: true,
      env: { ELECTRON_RENDERER_URL: 'http://localhost:5173', POS_CONNECT_SANDBOX: 'http://127.0.0.1:47810' },
    });
    await whenWindowLoaded();
    expect(stand.argsOf('protocol', 'handle').map(([scheme]) => scheme)).toEqual(['app']);
    expect(order().indexOf('protocol.handle')).toBeLessThan(order().indexOf('window.loadURL'));
    expect(stand.argsOf('window', 'loadURL')).toEqual([['app://pos-connect/index.html']]);
    expect(stand.argsOf('window', 'loadFile')).toEqual([]);
    expect(windowPreferences()).toMatchObject({ devTools: false, sandbox: true, contextIsolation: true });
    expect(mocks.loadSandboxEnvironment).not.toHaveBeenCalled();
  });

  it('the app:// handler serves the renderer folder and nothing beside it', async () => {
    await startMain({ isPackaged: true });
    await whenWindowLoaded();
    const handler = stand.argsOf('protocol', 'handle')[0]![1] as (request: Request) => Promise<Response>;
    const entry = await handler(new Request('app://pos-connect/index.html'));
    expect(entry.status).toBe(200);
    expect(entry.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(entry.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await entry.text()).toContain('<div id="root">');
    // Under test the folder is src/renderer, beside src/main.
    expect((await handler(new Request('app://pos-connect/%2e%2e/main/index.ts'))).status).toBe(404);
  });

  it('the IPC sender check trusts the app:// page and refuses file:// and other origins', async () => {
    await startMain({ isPackaged: true });
    await whenWindowLoaded();
    expect(await invoke('app:info', 'app://pos-connect/index.html')).toMatchObject({ ok: true });
    for (const url of ['file:///tmp/index.html', 'http://localhost:5173/', 'app://evil/index.html']) {
      expect(await invoke('app:info', url), url).toMatchObject({
        ok: false,
        error: { code: 'UNTRUSTED_SENDER' },
      });
    }
  });

  it('a development run may load the dev server with DevTools and use the sandbox', async () => {
    await startMain({
      isPackaged: false,
      env: { ELECTRON_RENDERER_URL: 'http://localhost:5173' },
      argv: ['--sandbox=http://127.0.0.1:47810'],
    });
    await whenWindowLoaded();
    expect(stand.argsOf('window', 'loadURL')).toEqual([['http://localhost:5173']]);
    expect(windowPreferences()).toMatchObject({ devTools: true });
    expect(mocks.loadSandboxEnvironment).toHaveBeenCalledWith('http://127.0.0.1:47810');
    expect(await invoke('app:info', 'http://localhost:5173/')).toMatchObject({ ok: true });
    expect(await invoke('app:info', 'app://pos-connect/index.html')).toMatchObject({ ok: false });
  });
});

describe('updates', () => {
  const feedFile = () =>
    writeFile(join(resources, 'app-update.yml'), 'provider: generic\nurl: https://updates.example/\n');

  it('a packaged build without a feed never checks and says so', async () => {
    await startMain({ isPackaged: true });
    await whenWindowLoaded();
    expect(await invoke('updates:status', 'app://pos-connect/index.html')).toEqual({
      ok: true,
      value: { state: 'off', reason: 'no-feed' },
    });
    expect(mocks.autoUpdater.checkForUpdates).not.toHaveBeenCalled();
  });

  it('a packaged build with a feed checks on start and downloads only when told', async () => {
    await feedFile();
    await startMain({ isPackaged: true });
    await whenWindowLoaded();
    await vi.waitFor(() => expect(mocks.autoUpdater.checkForUpdates).toHaveBeenCalledTimes(1));
    expect(mocks.autoUpdater.autoDownload).toBe(false);
    await vi.waitFor(async () =>
      expect(await invoke('updates:status', 'app://pos-connect/index.html')).toMatchObject({
        value: { state: 'up-to-date' },
      }),
    );
  });

  it('a development run has no updates even with a feed file', async () => {
    await feedFile();
    await startMain({ isPackaged: false });
    await whenWindowLoaded();
    expect(await invoke('updates:status', 'app://pos-connect/index.html')).toEqual({
      ok: true,
      value: { state: 'off', reason: 'development' },
    });
    expect(mocks.autoUpdater.checkForUpdates).not.toHaveBeenCalled();
  });
});
