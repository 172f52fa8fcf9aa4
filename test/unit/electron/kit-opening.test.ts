import { join, resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  kitPathsIn,
  registerKitOpening,
  type KitOpeningTarget,
} from '../../../src/main/electron/kit-opening';
import type { Language } from '../../../src/shared/models';
import { stand } from './electron-stand-in';
import { vi } from 'vitest';

vi.mock('electron', async () => (await import('./electron-stand-in')).electronStandIn);

/**
 * How a .posconnect reaches the kit service from outside the window, against the recording
 * stand-in of `electron`: the macOS open-file event (also before ready), the path in argv of this
 * start or of a second instance (Windows and Linux), and File > Open. The target is a double that
 * writes to the same log.
 */

const settle = () => new Promise<void>((resolveSettled) => setImmediate(resolveSettled));

function target(options: { fails?: Error; language?: Language } = {}): KitOpeningTarget {
  return {
    openFile: async (path) => {
      stand.record('kits', 'openFile', path);
      if (options.fails) throw options.fails;
      return {};
    },
    showWindow: () => stand.record('lifecycle', 'showWindow'),
    language: () => options.language ?? 'en',
  };
}

interface MenuItem {
  label?: string;
  role?: string;
  accelerator?: string;
  submenu?: MenuItem[];
  click?: () => void;
}
const applicationMenu = () => {
  const set = stand.argsOf('Menu', 'setApplicationMenu');
  expect(set).toHaveLength(1);
  return (set[0]![0] as { template: MenuItem[] }).template;
};
const openKitItem = (label = 'Open a connection kit…') =>
  applicationMenu()
    .flatMap((item) => item.submenu ?? [])
    .find((item) => item.label === label);

beforeEach(() => stand.reset());

describe('kit paths in a command line', () => {
  it('keeps .posconnect arguments (any case), resolved against the working directory, and drops switches', () => {
    expect(
      kitPathsIn(
        ['/opt/POS Connect/pos-connect', '--hidden', 'shop.posconnect', '/abs/Other.POSCONNECT', 'x.json'],
        '/home/m',
      ),
    ).toEqual([resolve('/home/m', 'shop.posconnect'), '/abs/Other.POSCONNECT']);
    // The executable itself is never a kit, whatever its name.
    expect(kitPathsIn(['/tmp/odd.posconnect'], '/')).toEqual([]);
  });
});

describe('opening a kit from outside the window', () => {
  it('listens for open-file and second-instance before ready, and opens nothing before the services run', () => {
    registerKitOpening({ platform: 'darwin', argv: ['pos-connect', 'a.posconnect'], cwd: '/w' });
    expect(stand.argsOf('app', 'on').map(([event]) => event)).toEqual(['open-file', 'second-instance']);
    stand.emit(
      'app',
      'open-file',
      { preventDefault: () => stand.record('event', 'preventDefault') },
      '/k/b.posconnect',
    );
    expect(stand.argsOf('kits', 'openFile')).toEqual([]);
    // macOS would otherwise try to open the file itself.
    expect(stand.argsOf('event', 'preventDefault')).toHaveLength(1);
  });

  it('on attach: the path of this start, then those that arrived early, each after showing the window', async () => {
    const opening = registerKitOpening({
      platform: 'win32',
      argv: ['POS Connect.exe', 'a.posconnect'],
      cwd: '/w',
    });
    stand.emit('app', 'open-file', { preventDefault: () => undefined }, '/k/b.posconnect');
    opening.attach(target());
    await settle();
    expect(stand.argsOf('kits', 'openFile')).toEqual([[resolve('/w', 'a.posconnect')], ['/k/b.posconnect']]);
    const log = stand.calls().map((c) => `${c.target}.${c.method}`);
    expect(log.indexOf('lifecycle.showWindow')).toBeLessThan(log.indexOf('kits.openFile'));
  });

  it('a second instance given a kit hands it to the first one, resolved against its own working directory', async () => {
    registerKitOpening({ platform: 'linux', argv: ['pos-connect'], cwd: '/w' }).attach(target());
    stand.emit(
      'app',
      'second-instance',
      {},
      ['pos-connect', 'kits/shop.posconnect', '--hidden'],
      '/home/ana',
    );
    await settle();
    expect(stand.argsOf('kits', 'openFile')).toEqual([[join('/home/ana', 'kits/shop.posconnect')]]);
    // A second instance without a kit opens nothing (the lifecycle shows the window).
    stand.emit('app', 'second-instance', {}, ['pos-connect'], '/home/ana');
    await settle();
    expect(stand.argsOf('kits', 'openFile')).toHaveLength(1);
  });

  it('a kit that cannot be opened is said in a dialog, in the user’s language', async () => {
    registerKitOpening({ platform: 'linux', argv: ['pos-connect', '/k/bad.posconnect'], cwd: '/' }).attach(
      target({
        fails: new Error('This file is not valid JSON: line 3, column 5 (expected , or } after a value).'),
        language: 'fr',
      }),
    );
    await settle();
    expect(stand.argsOf('dialog', 'showErrorBox')).toEqual([
      [
        'Ce kit de connexion n’a pas pu être ouvert',
        'This file is not valid JSON: line 3, column 5 (expected , or } after a value).',
      ],
    ]);
  });
});

describe('File > Open', () => {
  it('installs an application menu with File > Open a connection kit (Ctrl/Cmd+O) and keeps edit, zoom and window', () => {
    registerKitOpening({ platform: 'linux', argv: ['pos-connect'], cwd: '/' }).attach(target());
    const menu = applicationMenu();
    expect(menu.map((item) => item.label ?? item.role)).toEqual(['File', 'editMenu', 'View', 'windowMenu']);
    // The default menu's zoom stays (people who need larger text use it); reload does not.
    expect(menu[2]!.submenu!.map((item) => item.role).filter(Boolean)).toEqual([
      'resetZoom',
      'zoomIn',
      'zoomOut',
      'togglefullscreen',
    ]);
    expect(openKitItem()).toMatchObject({ accelerator: 'CmdOrCtrl+O' });
    expect(menu[0]!.submenu!.at(-1)).toEqual({ role: 'quit' });
  });

  it('on macOS the app menu comes first and File ends with Close', () => {
    registerKitOpening({ platform: 'darwin', argv: ['pos-connect'], cwd: '/' }).attach(
      target({ language: 'fr' }),
    );
    const menu = applicationMenu();
    expect(menu[0]).toEqual({ role: 'appMenu' });
    expect(menu[1]!.label).toBe('Fichier');
    expect(menu[1]!.submenu!.at(-1)).toEqual({ role: 'close' });
    expect(openKitItem('Ouvrir un kit de connexion…')).toBeDefined();
  });

  it('asks for one .posconnect file and opens the one chosen; a cancel opens nothing', async () => {
    registerKitOpening({ platform: 'linux', argv: ['pos-connect'], cwd: '/' }).attach(target());
    stand.chooseFile('/home/ana/Downloads/shop.posconnect');
    openKitItem()!.click!();
    await settle();
    expect(stand.argsOf('dialog', 'showOpenDialog')).toEqual([
      [
        {
          properties: ['openFile'],
          filters: [{ name: 'POS Connect connection kit', extensions: ['posconnect'] }],
        },
      ],
    ]);
    expect(stand.argsOf('kits', 'openFile')).toEqual([['/home/ana/Downloads/shop.posconnect']]);

    stand.chooseFile(undefined);
    openKitItem()!.click!();
    await settle();
    expect(stand.argsOf('kits', 'openFile')).toHaveLength(1);
  });
});
