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

const state = {
  calls: [] as Call[],
  listeners: new Map<string, Listener[]>(),
  ready: undefined as undefined | (() => void),
  readyPromise: Promise.resolve(),
  isPackaged: true,
  wasOpenedAtLogin: false,
  locale: 'en-GB',
};

function record(target: string, method: string, ...args: unknown[]): void {
  state.calls.push({ target, method, args });
}

function listen(target: string, event: string, listener: Listener): void {
  const key = `${target}:${event}`;
  state.listeners.set(key, [...(state.listeners.get(key) ?? []), listener]);
}

export const stand = {
  /** Starts a fresh recording; `ready()` later resolves app.whenReady(). */
  reset(options: { isPackaged?: boolean; wasOpenedAtLogin?: boolean; locale?: string } = {}): void {
    state.calls = [];
    state.listeners = new Map();
    state.isPackaged = options.isPackaged ?? true;
    state.wasOpenedAtLogin = options.wasOpenedAtLogin ?? false;
    state.locale = options.locale ?? 'en-GB';
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
  emit(target: 'app' | 'powerMonitor' | 'tray', event: string, ...args: unknown[]): unknown[] {
    return (state.listeners.get(`${target}:${event}`) ?? []).map((listener) => listener(...args));
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
};

export const Menu = {
  buildFromTemplate(template: unknown[]) {
    record('Menu', 'buildFromTemplate', template);
    return { template };
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

/** Only the types of these are used by the modules under test; ipc.ts imports ipcMain. */
export const ipcMain = {
  handle(channel: string) {
    record('ipcMain', 'handle', channel);
  },
};

/** The module as vi.mock('electron', ...) returns it. */
export const electronStandIn = { app, powerMonitor, dialog, Menu, nativeImage, Tray, ipcMain };
