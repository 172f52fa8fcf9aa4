import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../../src/shared/ipc/channels';
import { stand } from './electron-stand-in';

vi.mock('electron', async () => (await import('./electron-stand-in')).electronStandIn);
// Storage and the keychain are tested on their own (test/unit/store, test/unit/vault, integration).
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

/**
 * src/main/index.ts against the recording stand-in of `electron`: the single-instance lock, what is
 * registered before ready, and at ready the order that keeps the window safe — the session hardened
 * and every IPC channel handled before the window loads.
 */

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
const names = () => stand.calls().map((c) => `${c.target}.${c.method}`);

let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'pos-connect-index-'));
  vi.resetModules();
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('the Electron entry point', () => {
  it('a second instance quits at once and registers nothing (the first one shows its window)', async () => {
    stand.reset({ singleInstance: false, dataDir });
    await import('../../../src/main/index');
    expect(names()).toEqual([
      'protocol.registerSchemesAsPrivileged',
      'app.requestSingleInstanceLock',
      'app.quit',
    ]);
  });

  it('the first instance hardens every web contents and hands the app’s life to the lifecycle before ready', async () => {
    stand.reset({ dataDir });
    await import('../../../src/main/index');
    expect(names()).toEqual([
      'protocol.registerSchemesAsPrivileged',
      'app.requestSingleInstanceLock',
      'app.on',
      'app.on',
      'app.on',
      'app.on',
      'app.on',
      'app.on',
      'app.on',
      'app.whenReady',
    ]);
    expect(stand.argsOf('app', 'on').map(([event]) => event)).toEqual([
      'web-contents-created',
      // Kits the OS opens (src/main/electron/kit-opening.ts), before the lifecycle's own events.
      'open-file',
      'second-instance',
      'second-instance',
      'activate',
      'window-all-closed',
      'before-quit',
    ]);

    // Any web contents: no navigation, no new windows, no webviews.
    const registered: string[] = [];
    const contents = {
      on: (event: string, listener: (e: { preventDefault: () => void }) => void) => {
        const prevented = vi.fn();
        listener({ preventDefault: prevented });
        if (prevented.mock.calls.length === 1) registered.push(event);
      },
      setWindowOpenHandler: (handler: () => { action: string }) => registered.push(handler().action),
    };
    stand.emit('app', 'web-contents-created', {}, contents);
    expect(registered).toEqual(['will-navigate', 'deny', 'will-attach-webview']);
  });

  it('at ready: the session hardened, then every IPC channel handled, then the tray, then the window loads', async () => {
    stand.reset({ dataDir });
    await import('../../../src/main/index');
    stand.ready();
    await vi.waitFor(() => expect(stand.argsOf('window', 'loadURL')).toHaveLength(1));
    await settle();

    const order = names();
    const first = (name: string) => order.indexOf(name);
    const last = (name: string) => order.lastIndexOf(name);
    expect(first('session.setPermissionRequestHandler')).toBeGreaterThanOrEqual(0);
    expect(first('session.onHeadersReceived')).toBeLessThan(first('ipcMain.handle'));
    expect(stand.argsOf('ipcMain', 'handle').map(([channel]) => channel)).toEqual([...CHANNELS]);
    expect(last('ipcMain.handle')).toBeLessThan(first('Tray.new'));
    expect(first('Tray.new')).toBeLessThan(first('BrowserWindow.new'));
    expect(first('protocol.handle')).toBeLessThan(first('BrowserWindow.new'));
    expect(first('BrowserWindow.new')).toBeLessThan(first('window.loadURL'));
    expect(stand.argsOf('Tray', 'new')).toEqual([
      [join('/app', 'resources', 'tray', process.platform === 'darwin' ? 'trayTemplate.png' : 'tray.png')],
    ]);
    expect(stand.argsOf('window', 'loadURL')).toEqual([['app://pos-connect/index.html']]);
    expect(stand.argsOf('window', 'loadFile')).toEqual([]);
    // File > Open a connection kit, once the services run.
    expect(first('Menu.setApplicationMenu')).toBeGreaterThan(first('BrowserWindow.new'));

    // Quitting stops the real services before the process exits.
    stand.emit('app', 'before-quit', { preventDefault: () => undefined });
    await vi.waitFor(() => expect(stand.argsOf('app', 'exit')).toEqual([[0]]));
  });
});
