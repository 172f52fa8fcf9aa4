import type { BrowserWindow } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { HIDDEN_ARG, SHUTDOWN_WAIT_MS } from '../../../src/main/background/background-policy';
import { runLifecycle, type Booted } from '../../../src/main/electron/lifecycle';
import { EventHub } from '../../../src/main/events';
import type { ConnectionRecord } from '../../../src/main/ports';
import { EVENT_CHANNEL } from '../../../src/shared/ipc/channels';
import type { CheckAllResult, ConnectionSummary, Settings } from '../../../src/shared/models';
import { DEFAULT_TEST_SETTINGS } from '../../support/memory-storage';
import { stand } from './electron-stand-in';

vi.mock('electron', async () => (await import('./electron-stand-in')).electronStandIn);

/**
 * The Electron glue of running in the background and of shutdown, against a recording stand-in of
 * `electron`: what it registers and when, what a window close, a quit, a resume, a second instance
 * and the tray do. The services and the window are doubles that write to the same log.
 */

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

function connection(id: string, renewable: boolean, state: ConnectionRecord['state'] = 'connected') {
  return { id, state, hasRefreshToken: renewable } as ConnectionRecord;
}

interface FakeWindow {
  window: BrowserWindow;
  minimized: boolean;
  close(): void;
}

function fakeWindow(n: number): FakeWindow {
  const closed: (() => void)[] = [];
  const fake: FakeWindow = {
    minimized: false,
    window: {
      on(event: string, listener: () => void) {
        stand.record(`window${n}`, 'on', event);
        if (event === 'closed') closed.push(listener);
      },
      isDestroyed: () => false,
      isMinimized: () => fake.minimized,
      restore: () => stand.record(`window${n}`, 'restore'),
      show: () => stand.record(`window${n}`, 'show'),
      focus: () => stand.record(`window${n}`, 'focus'),
      webContents: { send: (...args: unknown[]) => stand.record(`window${n}`, 'send', ...args) },
    } as unknown as BrowserWindow,
    close: () => closed.forEach((listener) => listener()),
  };
  return fake;
}

function setUp(
  options: {
    platform?: string;
    argv?: string[];
    settings?: Partial<Settings>;
    connections?: ConnectionRecord[];
    bootFails?: Error;
  } = {},
) {
  const world = {
    settings: { ...DEFAULT_TEST_SETTINGS, ...options.settings },
    connections: options.connections ?? [connection('taptouch', true)],
    summaries: [{ state: 'connected' }] as ConnectionSummary[],
    windows: [] as FakeWindow[],
    stop: deferred<{ unfinished: number; unsaved: number }>(),
    check: deferred<CheckAllResult>(),
    events: new EventHub(),
  };
  const booted: Booted = {
    services: {
      start: () => stand.record('services', 'start'),
      resume: () => stand.record('services', 'resume'),
      stop: (timeoutMs?: number) => {
        stand.record('services', 'stop', timeoutMs);
        return world.stop.promise;
      },
      events: world.events,
      liveness: {
        checkAll: () => {
          stand.record('services', 'checkAll');
          return world.check.promise;
        },
      } as Booted['services']['liveness'],
      readModel: { summaries: () => world.summaries } as Booted['services']['readModel'],
      keeper: { canRenew: (r: ConnectionRecord) => r.hasRefreshToken } as Booted['services']['keeper'],
    },
    store: { getSettings: () => world.settings, listConnections: () => world.connections },
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    createWindow: () => {
      const fake = fakeWindow(world.windows.length + 1);
      world.windows.push(fake);
      stand.record('boot', 'createWindow');
      return fake.window;
    },
  };
  runLifecycle({
    boot: async () => {
      stand.record('boot', 'boot');
      if (options.bootFails) throw options.bootFails;
      return booted;
    },
    platform: options.platform ?? 'win32',
    argv: options.argv ?? ['pos-connect'],
    trayIconDir: '/app/resources/tray',
  });
  return world;
}

async function startReady(options: Parameters<typeof setUp>[0] = {}) {
  const world = setUp(options);
  stand.ready();
  await settle();
  return world;
}

const names = () =>
  stand
    .calls()
    .map(
      (c) => `${c.target}.${c.method}${c.args[0] && typeof c.args[0] === 'string' ? `(${c.args[0]})` : ''}`,
    );
const lastMenu = () => {
  const menus = stand.argsOf('Menu', 'buildFromTemplate');
  return menus.at(-1)?.[0] as { label?: string; enabled?: boolean; type?: string; click?: () => void }[];
};
const menuItem = (label: string) => lastMenu().find((item) => item.label === label);

beforeEach(() => stand.reset());

describe('start-up', () => {
  it('registers the app events before ready, and nothing that needs ready', () => {
    setUp();
    expect(names()).toEqual([
      'app.on(second-instance)',
      'app.on(activate)',
      'app.on(window-all-closed)',
      'app.on(before-quit)',
      'app.whenReady',
    ]);
  });

  it('once ready: boots (IPC), starts the services, listens for sleep, shows the tray, then opens the window', async () => {
    await startReady();
    const order = names();
    const at = (name: string) => {
      const index = order.indexOf(name);
      expect(index, `${name} never happened: ${order.join(', ')}`).toBeGreaterThanOrEqual(0);
      return index;
    };
    expect(at('boot.boot')).toBeLessThan(at('services.start'));
    expect(at('services.start')).toBeLessThan(at('powerMonitor.on(resume)'));
    expect(at('powerMonitor.on(resume)')).toBeLessThan(at('Tray.new(/app/resources/tray/tray.png)'));
    expect(at('Tray.new(/app/resources/tray/tray.png)')).toBeLessThan(at('boot.createWindow'));
    expect(at('powerMonitor.on(unlock-screen)')).toBeLessThan(at('boot.createWindow'));
  });

  it('on macOS uses the template image in the menu bar and does not open the window on a click', async () => {
    await startReady({ platform: 'darwin' });
    expect(stand.argsOf('nativeImage', 'createFromPath')).toEqual([['/app/resources/tray/trayTemplate.png']]);
    expect(stand.argsOf('nativeImage', 'setTemplateImage')).toEqual([[true]]);
    expect(stand.listenerCount('tray', 'click')).toBe(0);
  });

  it('a boot that fails says so and exits', async () => {
    setUp({ bootFails: new Error('the vault file could not be read') });
    stand.ready();
    await settle();
    expect(stand.argsOf('dialog', 'showErrorBox')).toEqual([
      ['POS Connect could not start', 'the vault file could not be read'],
    ]);
    expect(stand.argsOf('app', 'exit')).toEqual([[1]]);
  });
});

describe('closing the window', () => {
  it('keeps the app running in the tray while a connection is kept alive and running in the background is on', async () => {
    const world = await startReady();
    world.windows[0]!.close();
    stand.emit('app', 'window-all-closed');
    expect(stand.argsOf('app', 'quit')).toEqual([]);

    // "Open" from the tray brings a new window: the closed one freed its renderer.
    stand.emit('tray', 'click');
    expect(world.windows).toHaveLength(2);
  });

  it('quits when running in the background is off', async () => {
    const world = await startReady({ settings: { runInBackground: false } });
    world.windows[0]!.close();
    stand.emit('app', 'window-all-closed');
    expect(stand.argsOf('app', 'quit')).toHaveLength(1);
  });

  it('quits when no connection needs keeping alive (none can renew, or none is connected)', async () => {
    await startReady({
      connections: [
        connection('no-refresh-token', false),
        connection('revoked', true, 'needs_reauthorization'),
      ],
    });
    stand.emit('app', 'window-all-closed');
    expect(stand.argsOf('app', 'quit')).toHaveLength(1);
  });

  it('reads the settings at the moment of closing, not at start', async () => {
    const world = await startReady();
    world.settings = { ...world.settings, runInBackground: false };
    stand.emit('app', 'window-all-closed');
    expect(stand.argsOf('app', 'quit')).toHaveLength(1);
  });
});

describe('quitting', () => {
  it('holds the quit, waits for the services to stop (refreshes in flight saved), then exits', async () => {
    const world = await startReady();
    const event = { preventDefault: vi.fn() };
    stand.emit('app', 'before-quit', event);
    expect(event.preventDefault).toHaveBeenCalledTimes(1);
    expect(stand.argsOf('services', 'stop')).toEqual([[SHUTDOWN_WAIT_MS]]);
    await settle();
    expect(stand.argsOf('app', 'exit'), 'exited before the services stopped').toEqual([]);

    // A second quit (Cmd+Q twice, the tray's Quit) while stopping neither exits nor stops again.
    const again = { preventDefault: vi.fn() };
    stand.emit('app', 'before-quit', again);
    expect(again.preventDefault).toHaveBeenCalledTimes(1);
    expect(stand.argsOf('services', 'stop')).toHaveLength(1);

    world.stop.resolve({ unfinished: 0, unsaved: 0 });
    await settle();
    expect(stand.argsOf('app', 'exit')).toEqual([[0]]);
    const order = names();
    expect(order.indexOf('services.stop')).toBeLessThan(order.indexOf('tray.destroy'));
    expect(order.indexOf('tray.destroy')).toBeLessThan(order.indexOf('app.exit'));
  });

  it('exits even when stopping fails', async () => {
    const world = await startReady();
    stand.emit('app', 'before-quit', { preventDefault: () => undefined });
    world.stop.reject(new Error('disk full'));
    await settle();
    expect(stand.argsOf('app', 'exit')).toEqual([[0]]);
  });

  it('the tray’s Quit goes through the same quit', async () => {
    await startReady();
    menuItem('Quit POS Connect')?.click?.();
    expect(stand.argsOf('app', 'quit')).toHaveLength(1);
  });
});

describe('sleep, a second instance, the tray', () => {
  it('catches up on resume and on unlocking the screen', async () => {
    await startReady();
    expect(stand.argsOf('services', 'resume')).toHaveLength(0);
    stand.emit('powerMonitor', 'resume');
    expect(stand.argsOf('services', 'resume')).toHaveLength(1);
    stand.emit('powerMonitor', 'unlock-screen');
    expect(stand.argsOf('services', 'resume')).toHaveLength(2);
  });

  it('a second instance shows the window: restored, shown and focused; a new one if it was closed', async () => {
    const world = await startReady();
    world.windows[0]!.minimized = true;
    stand.emit('app', 'second-instance');
    expect(names().slice(-3)).toEqual(['window1.restore', 'window1.show', 'window1.focus']);

    world.windows[0]!.close();
    stand.emit('app', 'second-instance');
    expect(world.windows).toHaveLength(2);
  });

  it('the menu states the connections and checks them all, once at a time, saying so while it runs', async () => {
    const world = await startReady();
    expect(lastMenu().map((item) => item.label ?? item.type)).toEqual([
      '1 connected',
      'separator',
      'Open POS Connect',
      'Check all now',
      'separator',
      'Quit POS Connect',
    ]);
    expect(stand.argsOf('tray', 'setToolTip').at(-1)).toEqual(['POS Connect — 1 connected']);
    // The state line is information, not an action; Windows and Linux open the window on a click.
    expect(lastMenu()[0]).toEqual({ label: '1 connected', enabled: false });
    expect(stand.listenerCount('tray', 'click')).toBe(1);

    menuItem('Check all now')?.click?.();
    menuItem('Check all now')?.click?.();
    expect(stand.argsOf('services', 'checkAll')).toHaveLength(1);
    expect(menuItem('Checking…')).toMatchObject({ enabled: false });

    world.summaries = [{ state: 'connected' }, { state: 'needs_reauthorization' }] as ConnectionSummary[];
    world.check.resolve({ works: 1, renewed: 0, rejected: 1, unreachable: 0, skipped: 0 });
    await settle();
    expect(menuItem('Check all now')).toMatchObject({ enabled: true });
    expect(lastMenu()[0]?.label).toBe('1 connected · 1 needs reconnecting');
  });

  it('follows the language and the connections as they change', async () => {
    const world = await startReady();
    world.settings = { ...world.settings, language: 'fr' };
    world.events.emit('settings:changed', world.settings);
    expect(lastMenu()[0]?.label).toBe('1 connectée');
    world.summaries = [];
    world.events.emit('connections:changed', { changed: [], removed: ['taptouch'] });
    expect(lastMenu()[0]?.label).toBe('Aucune connexion pour l’instant');
  });

  it('forwards the services’ events to the window', async () => {
    const world = await startReady();
    world.events.emit('connections:changed', { changed: [], removed: ['x'] });
    expect(stand.argsOf('window1', 'send')).toEqual([
      [EVENT_CHANNEL, { event: 'connections:changed', payload: { changed: [], removed: ['x'] } }],
    ]);
  });
});

describe('open at login', () => {
  it('auto: registered with --hidden on Windows once a connection needs keeping alive, removed when none does', async () => {
    const world = await startReady();
    expect(stand.argsOf('app', 'setLoginItemSettings')).toEqual([
      [{ openAtLogin: true, args: [HIDDEN_ARG] }],
    ]);

    world.connections = [connection('taptouch', true, 'needs_reauthorization')];
    world.events.emit('connections:changed', { changed: [], removed: [] });
    // Nothing changed for the login item on a second event: not set again.
    world.events.emit('connections:changed', { changed: [], removed: [] });
    expect(stand.argsOf('app', 'setLoginItemSettings')).toEqual([
      [{ openAtLogin: true, args: [HIDDEN_ARG] }],
      [{ openAtLogin: false, args: [HIDDEN_ARG] }],
    ]);
  });

  it('follows the setting when it changes', async () => {
    const world = await startReady({ platform: 'darwin' });
    world.settings = { ...world.settings, openAtLogin: 'off' };
    world.events.emit('settings:changed', world.settings);
    expect(stand.argsOf('app', 'setLoginItemSettings')).toEqual([
      [{ openAtLogin: true }],
      [{ openAtLogin: false }],
    ]);
  });

  it('is left alone in development and on Linux', async () => {
    stand.reset({ isPackaged: false });
    await startReady({ platform: 'win32' });
    expect(stand.argsOf('app', 'setLoginItemSettings')).toEqual([]);
    stand.reset();
    await startReady({ platform: 'linux' });
    expect(stand.argsOf('app', 'setLoginItemSettings')).toEqual([]);
  });

  it('started at login, the window stays hidden in the tray until asked for', async () => {
    const world = await startReady({ argv: ['pos-connect', HIDDEN_ARG] });
    expect(world.windows).toHaveLength(0);
    stand.emit('tray', 'click');
    expect(world.windows).toHaveLength(1);
  });

  it('started at login on macOS (reported, not an argument), the window stays hidden too', async () => {
    stand.reset({ wasOpenedAtLogin: true });
    const world = await startReady({ platform: 'darwin' });
    expect(world.windows).toHaveLength(0);
    menuItem('Open POS Connect')?.click?.();
    expect(world.windows).toHaveLength(1);
  });

  it('started at login with nothing to keep alive, the window shows (closing it would quit)', async () => {
    const world = await startReady({
      argv: ['pos-connect', HIDDEN_ARG],
      settings: { openAtLogin: 'on' },
      connections: [],
    });
    expect(world.windows).toHaveLength(1);
  });
});
