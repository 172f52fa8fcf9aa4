import { app, dialog, powerMonitor, type BrowserWindow } from 'electron';
import type { AppServices } from '../app-services';
import {
  closeAction,
  loginItemSettings,
  needsKeepAlive,
  SHUTDOWN_WAIT_MS,
  startsHidden,
  trayMenu,
  wantsOpenAtLogin,
} from '../background/background-policy';
import { trayText } from '../desktop/tray-text';
import type { Logger } from '../logging/logger';
import type { MetadataStore } from '../ports';
import { sendEvent } from './ipc';
import { createTray, type AppTray } from './tray';

/** What the app has once it is ready: its services (IPC registered) and a way to open its window. */
export interface Booted {
  services: Pick<AppServices, 'start' | 'resume' | 'stop' | 'events' | 'liveness' | 'readModel' | 'keeper'>;
  store: Pick<MetadataStore, 'getSettings' | 'listConnections'>;
  logger: Logger;
  /** A new main window; it loads at once, so the IPC handlers must already be registered. */
  createWindow(): BrowserWindow;
}

export interface LifecycleOptions {
  boot: () => Promise<Booted>;
  platform: string;
  argv: readonly string[];
  /** resources/tray: the tray and menu bar icons. */
  trayIconDir: string;
  /** Once the services run and the window is decided: what else needs the ready app (kit opening). */
  onReady?: (booted: Booted, showWindow: () => void) => void;
}

/**
 * The app's life from ready to exit, carrying out the background policy: the window closes to the
 * tray while connections are kept alive, the app opens at login as the settings say, catches up
 * after sleep, and on quit waits (bounded) for refreshes in flight before it exits, so a rotated
 * refresh token reaches the vault. Call once, after taking the single-instance lock.
 */
export function runLifecycle(options: LifecycleOptions): void {
  let booted: Booted | undefined;
  let window: BrowserWindow | undefined;
  let tray: AppTray | undefined;
  let checking = false;
  let quitting = false;
  let appliedLoginItem: string | undefined;

  const keepAlive = (b: Booted) =>
    needsKeepAlive(b.store.listConnections(), (record) => b.services.keeper.canRenew(record));

  const showWindow = () => {
    if (!booted || quitting) return;
    if (!window || window.isDestroyed()) {
      const created = booted.createWindow();
      created.on('closed', () => {
        if (window === created) window = undefined;
      });
      window = created;
      return;
    }
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };

  /** The tray menu and the login item follow the connections and the settings. */
  const refreshDesktop = (b: Booted) => {
    const settings = b.store.getSettings();
    tray?.show(
      trayMenu({ language: settings.language, connections: b.services.readModel.summaries(), checking }),
    );
    const loginItem = loginItemSettings({
      platform: options.platform,
      packaged: app.isPackaged,
      openAtLogin: wantsOpenAtLogin(settings, keepAlive(b)),
    });
    const key = JSON.stringify(loginItem);
    if (loginItem && key !== appliedLoginItem) {
      app.setLoginItemSettings(loginItem);
      appliedLoginItem = key;
    }
  };

  const checkAll = async (b: Booted) => {
    if (checking) return;
    checking = true;
    refreshDesktop(b);
    try {
      const result = await b.services.liveness.checkAll();
      b.logger.info('check all from the tray', result);
    } catch (error) {
      b.logger.warn('check all from the tray failed', { error: String(error) });
    } finally {
      checking = false;
      refreshDesktop(b);
    }
  };

  const stopThenExit = async () => {
    try {
      const left = await booted?.services.stop(SHUTDOWN_WAIT_MS);
      if (left) booted?.logger.info('services stopped', left);
    } catch (error) {
      booted?.logger.error('stopping the services failed', { error: String(error) });
    } finally {
      tray?.destroy();
      app.exit(0);
    }
  };

  app.on('second-instance', showWindow);
  // macOS: a click on the Dock icon with no window open.
  app.on('activate', showWindow);
  app.on('window-all-closed', () => {
    if (!booted || closeAction(booted.store.getSettings(), keepAlive(booted)) === 'quit') app.quit();
  });
  app.on('before-quit', (event) => {
    // Exit only once the services have stopped; app.exit() does not come back here.
    event.preventDefault();
    if (quitting) return;
    quitting = true;
    void stopThenExit();
  });

  void app
    .whenReady()
    .then(async () => {
      const b = await options.boot();
      booted = b;
      b.services.events.subscribe((event, payload) => {
        sendEvent(window, event, payload);
        if (event === 'settings:changed' || event === 'connections:changed') refreshDesktop(b);
      });
      b.services.start();
      // Timers do not fire while the computer sleeps: run what became due.
      powerMonitor.on('resume', () => b.services.resume());
      powerMonitor.on('unlock-screen', () => b.services.resume());
      tray = createTray({
        iconDir: options.trayIconDir,
        platform: options.platform,
        actions: { open: showWindow, checkAll: () => void checkAll(b), quit: () => app.quit() },
      });
      refreshDesktop(b);
      const hidden = startsHidden({
        argv: options.argv,
        openedAtLogin: options.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin,
        close: closeAction(b.store.getSettings(), keepAlive(b)),
      });
      if (!hidden) showWindow();
      options.onReady?.(b, showWindow);
      b.logger.info('app ready', { startedHidden: hidden });
    })
    .catch((error: unknown) => {
      const language = app.getLocale().startsWith('fr') ? 'fr' : 'en';
      dialog.showErrorBox(
        trayText(language, 'startFailed'),
        error instanceof Error ? error.message : String(error),
      );
      app.exit(1);
    });
}
