import { tmpdir } from 'node:os';
import { vi } from 'vitest';

/**
 * A recording stand-in for the `electron` module (vi.mock('electron', ...)), for the glue code
 * that only Electron runs: src/main/index.ts and src/main/electron/*. Every call lands in `calls`
 * in order, with its arguments; tests assert on those, never on what the stand-in returns.
 * `ready()` resolves app.whenReady(), so a test can look at what happened before and after.
 */
export interface RecordedCall {
  name: string;
  args: unknown[];
}

export function createElectronStandIn() {
  const calls: RecordedCall[] = [];
  const record =
    <R>(name: string, result?: (...args: unknown[]) => R) =>
    (...args: unknown[]): R => {
      calls.push({ name, args });
      return result?.(...args) as R;
    };
  let markReady: () => void = () => undefined;
  const whenReady = new Promise<void>((resolve) => (markReady = resolve));

  const webContents = {
    setWindowOpenHandler: record('webContents.setWindowOpenHandler'),
    on: record('webContents.on'),
    send: record('webContents.send'),
    mainFrame: { url: '' },
  };
  class BrowserWindow {
    webContents = webContents;
    constructor(options: unknown) {
      calls.push({ name: 'new BrowserWindow', args: [options] });
    }
    loadURL = record('BrowserWindow.loadURL', () => Promise.resolve());
    loadFile = record('BrowserWindow.loadFile', () => Promise.resolve());
    once = record('BrowserWindow.once');
    on = record('BrowserWindow.on');
    show = record('BrowserWindow.show');
    isDestroyed = () => false;
    isMinimized = () => false;
  }

  const app = {
    isPackaged: false,
    requestSingleInstanceLock: record('app.requestSingleInstanceLock', () => true),
    on: record('app.on'),
    quit: record('app.quit'),
    whenReady: record('app.whenReady', () => whenReady),
    getPath: record('app.getPath', () => tmpdir()),
    getVersion: () => '0.1.0',
  };

  const module = {
    app,
    BrowserWindow,
    protocol: {
      registerSchemesAsPrivileged: record('protocol.registerSchemesAsPrivileged'),
      handle: record('protocol.handle'),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: record('session.setPermissionRequestHandler'),
        setPermissionCheckHandler: record('session.setPermissionCheckHandler'),
        webRequest: { onHeadersReceived: record('session.webRequest.onHeadersReceived') },
      },
    },
    ipcMain: { handle: record('ipcMain.handle'), removeHandler: record('ipcMain.removeHandler') },
    shell: { openExternal: record('shell.openExternal', () => Promise.resolve()) },
    clipboard: { writeText: record('clipboard.writeText') },
    Notification: Object.assign(vi.fn(), { isSupported: () => false }),
  };

  return {
    module,
    calls,
    ready: () => markReady(),
    /** Calls named `name`, in order. */
    named: (name: string) => calls.filter((call) => call.name === name),
    /** Position of the first call named `name` (-1 when never called). */
    indexOf: (name: string) => calls.findIndex((call) => call.name === name),
    reset: () => {
      calls.length = 0;
    },
  };
}

export type ElectronStandIn = ReturnType<typeof createElectronStandIn>;
