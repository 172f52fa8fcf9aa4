import { app, dialog, Menu, type MenuItemConstructorOptions } from 'electron';
import { isAbsolute, resolve } from 'node:path';
import { KIT_EXTENSION } from '../../shared/kits/kit-types';
import type { Language } from '../../shared/models';
import { menuText } from '../desktop/menu-text';

/**
 * How a kit reaches the app from outside its window: File > Open, a double-click on a .posconnect
 * (macOS `open-file`; on Windows and Linux the path in argv, of this start or of a second instance
 * the single-instance lock turned away), all handed to the kit service once the app is ready.
 * Paths that arrive before then (macOS sends open-file before ready) wait in a queue.
 */

export interface KitOpeningTarget {
  /** Reads the kit, previews it and tells the window (kits:opened). */
  openFile(path: string): Promise<unknown>;
  showWindow(): void;
  language(): Language;
}

export interface KitOpening {
  /** Once the services run: opens what waited and installs the application menu. */
  attach(target: KitOpeningTarget): void;
}

/** The .posconnect paths in a command line (Windows and Linux file associations pass the path). */
export function kitPathsIn(argv: readonly string[], workingDirectory: string): string[] {
  return argv
    .slice(1)
    .filter((arg) => !arg.startsWith('-') && arg.toLowerCase().endsWith(KIT_EXTENSION))
    .map((arg) => (isAbsolute(arg) ? arg : resolve(workingDirectory, arg)));
}

/** Call before the app is ready: macOS may send open-file before. */
export function registerKitOpening(options: {
  platform: string;
  argv: readonly string[];
  cwd: string;
}): KitOpening {
  const waiting: string[] = kitPathsIn(options.argv, options.cwd);
  let target: KitOpeningTarget | undefined;

  const open = (path: string) => {
    if (!target) {
      waiting.push(path);
      return;
    }
    const to = target;
    to.showWindow();
    to.openFile(path).catch((error: unknown) => {
      dialog.showErrorBox(
        menuText(to.language(), 'kitNotOpened'),
        error instanceof Error ? error.message : String(error),
      );
    });
  };

  app.on('open-file', (event, path) => {
    (event as { preventDefault(): void }).preventDefault();
    open(path as string);
  });
  app.on('second-instance', (_event, argv, workingDirectory) => {
    for (const path of kitPathsIn(argv as string[], workingDirectory as string)) open(path);
  });

  return {
    attach(to) {
      target = to;
      Menu.setApplicationMenu(Menu.buildFromTemplate(applicationMenu(options.platform, to.language(), open)));
      for (const path of waiting.splice(0)) open(path);
    },
  };
}

function applicationMenu(
  platform: string,
  language: Language,
  open: (path: string) => void,
): MenuItemConstructorOptions[] {
  const openKit: MenuItemConstructorOptions = {
    label: menuText(language, 'openKit'),
    accelerator: 'CmdOrCtrl+O',
    click: () => {
      void dialog
        .showOpenDialog({
          properties: ['openFile'],
          filters: [{ name: menuText(language, 'kitFilter'), extensions: [KIT_EXTENSION.slice(1)] }],
        })
        .then((chosen) => {
          const path = chosen.canceled ? undefined : chosen.filePaths[0];
          if (path) open(path);
        });
    },
  };
  // The standard roles keep what the default menu gave (copy and paste, zoom, window shortcuts).
  return [
    ...(platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: menuText(language, 'file'),
      submenu: [openKit, { type: 'separator' }, platform === 'darwin' ? { role: 'close' } : { role: 'quit' }],
    },
    { role: 'editMenu' },
    // Zoom and full screen, as the default menu had them; no reload, no developer tools.
    {
      label: menuText(language, 'view'),
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
}
