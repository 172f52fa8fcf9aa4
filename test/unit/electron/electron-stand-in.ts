/**
 * A recording stand-in for the `electron` module, for the glue's tests (vi.mock('electron', ...)).
 * It records every call the glue makes, in order, with its arguments, and lets a test fire the
 * events Electron would (ready, window-all-closed, before-quit, resume, a tray click). It decides
 * nothing: tests assert on what the glue asked of it.
 */

export interface Call {
  target: string;
  method: string;
  args: unknown[];
}

type Listener = (...args: unknown[]) => unknown;

function initialState() {
  return {
    calls: [] as Call[],
    listeners: new Map<string, Listener[]>(),
    ready: undefined as undefined | (() => void),
    readyPromise: Promise.resolve(),
    isPackaged: true,
    singleInstance: true,
    dataDir: '/tmp',
    wasOpenedAtLogin: false,
    locale: 'en-GB',
    openDialogResult: { canceled: true, filePaths: [] as string[] },
  };
}

/** On globalThis, so that a test that re-imports modules (vi.resetModules) still shares one log. */
const shared = globalThis as { electronStandIn?: ReturnType<typeof initialState> };
const state = (shared.electronStandIn ??= initialState());

function record(target: string, method: string, ...args: unknown[]): void {
  state.calls.push({ target, method, args });
}

function listen(target: string, event: string, listener: Listener): void {
  const key = `${target}:${event}`;
  state.listeners.set(key, [...(state.listeners.get(key) ?? []), listener]);
}

export const stand = {
  /** Starts a fresh recording; `ready()` later resolves app.whenReady(). */
  reset(
    options: {
      isPackaged?: boolean;
      singleInstance?: boolean;
      dataDir?: string;
      wasOpenedAtLogin?: boolean;
      locale?: string;
    } = {},
  ): void {
    state.calls = [];
    state.singleInstance = options.singleInstance ?? true;
    state.dataDir = options.dataDir ?? '/tmp';
    state.listeners = new Map();
    state.isPackaged = options.isPackaged ?? true;
    state.wasOpenedAtLogin = options.wasOpenedAtLogin ?? false;
    state.locale = options.locale ?? 'en-GB';
    state.openDialogResult = { canceled: true, filePaths: [] };
    state.readyPromise = new Promise<void>((resolve) => (state.ready = resolve));
  },
  /** Test doubles outside Electron (the window, the services) write to the same log, so order shows. */
  record,
  ready(): void {
    state.ready?.();
  },
  calls(): Call[] {
    return state.calls;
  },
  /** Calls of one target and method, their arguments only. */
  argsOf(target: string, method: string): unknown[][] {
    return state.calls.filter((c) => c.target === target && c.method === method).map((c) => c.args);
  },
  /** Fires an event at the listeners the glue registered, as Electron would. */
  emit(target: 'app' | 'powerMonitor' | 'tray' | 'window', event: string, ...args: unknown[]): unknown[] {
    return (state.listeners.get(`${target}:${event}`) ?? []).map((listener) => listener(...args));
  },
  /** What the next dialog.showOpenDialog answers (a person choosing a file, or cancelling). */
  chooseFile(path: string | undefined): void {
    state.openDialogResult = path
      ? { canceled: false, filePaths: [path] }
      : { canceled: true, filePaths: [] };
  },
  listenerCount(target: string, event: string): number {
    return state.listeners.get(`${target}:${event}`)?.length ?? 0;
  },
};

export const app = {
  get isPackaged() {
    return state.isPackaged;
  },
  on(event: string, listener: Listener) {
    record('app', 'on', event);
    listen('app', event, listener);
    return app;
  },
  requestSingleInstanceLock() {
    record('app', 'requestSingleInstanceLock');
    return state.singleInstance;
  },
  getPath(name: string) {
    return `${state.dataDir}/${name}`;
  },
  getAppPath() {
    return '/app';
  },
  getVersion() {
    return '0.1.0';
  },
  whenReady() {
    record('app', 'whenReady');
    return state.readyPromise;
  },
  quit() {
    record('app', 'quit');
  },
  exit(code?: number) {
    record('app', 'exit', code);
  },
  setLoginItemSettings(settings: unknown) {
    record('app', 'setLoginItemSettings', settings);
  },
  getLoginItemSettings() {
    record('app', 'getLoginItemSettings');
    return { openAtLogin: false, wasOpenedAtLogin: state.wasOpenedAtLogin };
  },
  getLocale() {
    return state.locale;
  },
};

export const powerMonitor = {
  on(event: string, listener: Listener) {
    record('powerMonitor', 'on', event);
    listen('powerMonitor', event, listener);
    return powerMonitor;
  },
};

export const dialog = {
  showErrorBox(title: string, content: string) {
    record('dialog', 'showErrorBox', title, content);
  },
  showOpenDialog(options: unknown) {
    record('dialog', 'showOpenDialog', options);
    return Promise.resolve(state.openDialogResult);
  },
};

export const Menu = {
  buildFromTemplate(template: unknown[]) {
    record('Menu', 'buildFromTemplate', template);
    return { template };
  },
  setApplicationMenu(menu: unknown) {
    record('Menu', 'setApplicationMenu', menu);
  },
};

export const nativeImage = {
  createFromPath(path: string) {
    record('nativeImage', 'createFromPath', path);
    return {
      path,
      setTemplateImage(value: boolean) {
        record('nativeImage', 'setTemplateImage', value);
      },
    };
  },
};

export class Tray {
  constructor(icon: { path: string }) {
    record('Tray', 'new', icon.path);
  }
  on(event: string, listener: Listener) {
    record('tray', 'on', event);
    listen('tray', event, listener);
    return this;
  }
  setToolTip(text: string) {
    record('tray', 'setToolTip', text);
  }
  setContextMenu(menu: unknown) {
    record('tray', 'setContextMenu', menu);
  }
  destroy() {
    record('tray', 'destroy');
  }
}

export const ipcMain = {
  handle(channel: string, handler?: Listener) {
    record('ipcMain', 'handle', channel, handler);
  },
  removeHandler(channel: string) {
    record('ipcMain', 'removeHandler', channel);
  },
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler() {
      record('session', 'setPermissionRequestHandler');
    },
    setPermissionCheckHandler() {
      record('session', 'setPermissionCheckHandler');
    },
    webRequest: {
      onHeadersReceived() {
        record('session', 'onHeadersReceived');
      },
    },
  },
};

export const protocol = {
  registerSchemesAsPrivileged(schemes: unknown) {
    record('protocol', 'registerSchemesAsPrivileged', schemes);
  },
  handle(scheme: string, handler?: Listener) {
    record('protocol', 'handle', scheme, handler);
  },
};

export class BrowserWindow {
  readonly webContents = {
    setWindowOpenHandler: () => record('webContents', 'setWindowOpenHandler'),
    on: (event: string) => record('webContents', 'on', event),
    send: (...args: unknown[]) => record('webContents', 'send', ...args),
  };
  constructor(options: unknown) {
    record('BrowserWindow', 'new', options);
  }
  on(event: string, listener: Listener) {
    record('window', 'on', event);
    listen('window', event, listener);
    return this;
  }
  once(event: string, listener: Listener) {
    return this.on(event, listener);
  }
  loadURL(url: string) {
    record('window', 'loadURL', url);
    return Promise.resolve();
  }
  loadFile(file: string) {
    record('window', 'loadFile', file);
    return Promise.resolve();
  }
  isDestroyed = () => false;
  isMinimized = () => false;
  restore = () => record('window', 'restore');
  show = () => record('window', 'show');
  focus = () => record('window', 'focus');
}

export const shell = {
  openExternal: (url: string) => {
    record('shell', 'openExternal', url);
    return Promise.resolve();
  },
};
export const clipboard = { writeText: (text: string) => record('clipboard', 'writeText', text.length) };
export class Notification {
  static isSupported = () => false;
  show() {
    record('Notification', 'show');
  }
}

/** The module as vi.mock('electron', ...) returns it. */
export const electronStandIn = {
  app,
  powerMonitor,
  dialog,
  Menu,
  nativeImage,
  Tray,
  ipcMain,
  session,
  protocol,
  BrowserWindow,
  shell,
  clipboard,
  Notification,
};
