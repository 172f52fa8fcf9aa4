import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as SandboxEnvironment from '../../../src/main/providers/sandbox-environment';
import type { UpdatesPort } from '../../../src/main/ports';
import { createElectronStandIn, type ElectronStandIn } from '../../support/electron-stand-in';

/**
 * The Electron glue (src/main/index.ts and src/main/electron/*) against a recording stand-in of
 * the `electron` module: what is registered, in which order, and what the window loads. The
 * services behind it are tested elsewhere; here they are inert.
 */
const mocks = vi.hoisted(() => ({
  electron: undefined as ElectronStandIn | undefined,
  loadSandboxEnvironment: undefined as unknown as ReturnType<typeof vi.fn>,
  servicesOptions: undefined as { updates?: UpdatesPort } | undefined,
  autoUpdater: {
    autoDownload: true,
    autoInstallOnAppQuit: false,
    checkForUpdates: vi.fn(async () => null),
    downloadUpdate: vi.fn(async () => []),
    quitAndInstall: vi.fn(),
    on: vi.fn(),
  },
}));

// Each test starts main again with a new stand-in; the mocked module reads the current one.
vi.mock('electron', () => {
  type Module = ElectronStandIn['module'];
  const names = Object.keys(createElectronStandIn().module);
  return new Proxy({} as Module, {
    get: (_target, name) => mocks.electron!.module[name as keyof Module],
    has: (_target, name) => names.includes(name as string),
    ownKeys: () => names,
    getOwnPropertyDescriptor: () => ({ enumerable: true, configurable: true }),
  });
});
vi.mock('electron-store', () => ({ default: class {} }));
vi.mock('../../../src/main/vault/keytar-keychain', () => ({ createKeytarKeychain: () => ({}) }));
vi.mock('../../../src/main/storage', () => ({ openStorage: async () => ({ store: {}, vault: {} }) }));
vi.mock('../../../src/main/logging/logger', () => ({
  createLogger: () => ({ info: () => undefined, warn: () => undefined, error: () => undefined }),
}));
vi.mock('electron-updater', () => ({ default: { autoUpdater: mocks.autoUpdater } }));
vi.mock('../../../src/main/app-services', () => ({
  createAppServices: (options: { updates?: UpdatesPort }) =>
    (mocks.servicesOptions = options) && {
      handlers: { 'app:info': async () => ({ name: 'POS Connect' }) },
      events: { subscribe: () => () => undefined },
      start: () => undefined,
      stop: async () => undefined,
    },
}));
vi.mock('../../../src/main/providers/sandbox-environment', async (importOriginal) => {
  const original = await importOriginal<typeof SandboxEnvironment>();
  mocks.loadSandboxEnvironment = vi.fn(async (url: string) => ({ url, overrides: {} }));
  return { ...original, loadSandboxEnvironment: mocks.loadSandboxEnvironment };
});

let electron: ElectronStandIn;
const savedEnv = { ...process.env };
const savedArgv = [...process.argv];

async function startMain(options: { isPackaged: boolean; env?: Record<string, string>; argv?: string[] }) {
  electron = createElectronStandIn();
  electron.module.app.isPackaged = options.isPackaged;
  mocks.electron = electron;
  Object.assign(process.env, options.env ?? {});
  process.argv = [...savedArgv, ...(options.argv ?? [])];
  vi.resetModules();
  await import('../../../src/main/index');
}

async function whenWindowLoaded(): Promise<void> {
  electron.ready();
  await vi.waitFor(() => expect(electron.indexOf('BrowserWindow.loadURL')).toBeGreaterThanOrEqual(0));
}

function trustedBy(url: string): Promise<unknown> {
  // The handler ipcMain got for app:info, called as Electron would from a frame at `url`.
  const registration = electron.named('ipcMain.handle').find((call) => call.args[0] === 'app:info');
  const handler = registration!.args[1] as (event: unknown, input: unknown) => Promise<unknown>;
  const frame = { url };
  return handler({ senderFrame: frame, sender: { mainFrame: frame } }, undefined);
}

let resources: string;

beforeEach(async () => {
  delete process.env.ELECTRON_RENDERER_URL;
  delete process.env.POS_CONNECT_SANDBOX;
  // Electron's resources folder, where electron-builder writes app-update.yml when a feed is set.
  resources = await mkdtemp(join(tmpdir(), 'pos-connect-resources-'));
  Object.defineProperty(process, 'resourcesPath', { value: resources, configurable: true });
  mocks.autoUpdater.checkForUpdates.mockClear();
});

afterEach(async () => {
  process.env = { ...savedEnv };
  process.argv = [...savedArgv];
  await rm(resources, { recursive: true, force: true });
});

describe('the Electron main process', () => {
  it('registers app:// as privileged and standard before the app is ready', async () => {
    await startMain({ isPackaged: true });
    const registrations = electron.named('protocol.registerSchemesAsPrivileged');
    expect(registrations).toHaveLength(1);
    expect(registrations[0]!.args[0]).toEqual([
      {
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true }),
      },
    ]);
    expect(electron.indexOf('protocol.registerSchemesAsPrivileged')).toBeLessThan(
      electron.indexOf('app.whenReady'),
    );
    // Nothing is served and no window exists until ready.
    expect(electron.indexOf('protocol.handle')).toBe(-1);
    expect(electron.indexOf('new BrowserWindow')).toBe(-1);
  });

  it('a packaged app serves the renderer before its window loads app://, with no DevTools and no dev switches', async () => {
    await startMain({
      isPackaged: true,
      env: { ELECTRON_RENDERER_URL: 'http://localhost:5173', POS_CONNECT_SANDBOX: 'http://127.0.0.1:47810' },
    });
    await whenWindowLoaded();

    expect(electron.named('protocol.handle').map((call) => call.args[0])).toEqual(['app']);
    expect(electron.indexOf('protocol.handle')).toBeLessThan(electron.indexOf('BrowserWindow.loadURL'));
    expect(electron.indexOf('ipcMain.handle')).toBeLessThan(electron.indexOf('BrowserWindow.loadURL'));
    expect(electron.named('BrowserWindow.loadURL').map((call) => call.args[0])).toEqual([
      'app://pos-connect/index.html',
    ]);
    expect(electron.indexOf('BrowserWindow.loadFile')).toBe(-1);
    const [options] = electron.named('new BrowserWindow')[0]!.args as [
      { webPreferences: Record<string, unknown> },
    ];
    expect(options.webPreferences).toMatchObject({ devTools: false, sandbox: true, contextIsolation: true });
    expect(mocks.loadSandboxEnvironment).not.toHaveBeenCalled();
  });

  it('the app:// handler serves the renderer folder and nothing beside it', async () => {
    await startMain({ isPackaged: true });
    await whenWindowLoaded();
    const handler = electron.named('protocol.handle')[0]!.args[1] as (request: Request) => Promise<Response>;

    const entry = await handler(new Request('app://pos-connect/index.html'));
    expect(entry.status).toBe(200);
    expect(entry.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(entry.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await entry.text()).toContain('<div id="root">');
    // src/main/index.ts sits beside the renderer folder the test build serves.
    const escape = await handler(new Request('app://pos-connect/%2e%2e/main/index.ts'));
    expect(escape.status).toBe(404);
  });

  it('the IPC sender check trusts the app:// page and refuses file:// and other origins', async () => {
    await startMain({ isPackaged: true });
    await whenWindowLoaded();
    expect(await trustedBy('app://pos-connect/index.html')).toMatchObject({ ok: true });
    for (const url of ['file:///tmp/index.html', 'http://localhost:5173/', 'app://evil/index.html']) {
      expect(await trustedBy(url), url).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } });
    }
  });

  it('a development run may load the dev server with DevTools and use the sandbox', async () => {
    await startMain({
      isPackaged: false,
      env: { ELECTRON_RENDERER_URL: 'http://localhost:5173' },
      argv: ['--sandbox=http://127.0.0.1:47810'],
    });
    await whenWindowLoaded();
    expect(electron.named('BrowserWindow.loadURL').map((call) => call.args[0])).toEqual([
      'http://localhost:5173',
    ]);
    const [options] = electron.named('new BrowserWindow')[0]!.args as [
      { webPreferences: Record<string, unknown> },
    ];
    expect(options.webPreferences).toMatchObject({ devTools: true });
    expect(mocks.loadSandboxEnvironment).toHaveBeenCalledWith('http://127.0.0.1:47810');
    expect(await trustedBy('http://localhost:5173/')).toMatchObject({ ok: true });
    expect(await trustedBy('app://pos-connect/index.html')).toMatchObject({ ok: false });
  });

  describe('updates', () => {
    it('a packaged build without a feed never checks and says so', async () => {
      await startMain({ isPackaged: true });
      await whenWindowLoaded();
      expect(mocks.servicesOptions?.updates?.status()).toEqual({ state: 'off', reason: 'no-feed' });
      expect(mocks.autoUpdater.checkForUpdates).not.toHaveBeenCalled();
    });

    it('a packaged build with a feed checks on start, downloading only when the controller says', async () => {
      await writeFile(
        join(resources, 'app-update.yml'),
        'provider: generic\nurl: https://updates.example/\n',
      );
      await startMain({ isPackaged: true });
      await whenWindowLoaded();
      await vi.waitFor(() => expect(mocks.autoUpdater.checkForUpdates).toHaveBeenCalledTimes(1));
      expect(mocks.autoUpdater.autoDownload).toBe(false);
      expect(mocks.servicesOptions?.updates?.status()).toMatchObject({ state: 'up-to-date' });
    });

    it('a development run has no updates even with a feed file', async () => {
      await writeFile(
        join(resources, 'app-update.yml'),
        'provider: generic\nurl: https://updates.example/\n',
      );
      await startMain({ isPackaged: false });
      await whenWindowLoaded();
      expect(mocks.servicesOptions?.updates?.status()).toEqual({ state: 'off', reason: 'development' });
      expect(mocks.autoUpdater.checkForUpdates).not.toHaveBeenCalled();
    });
  });
});
