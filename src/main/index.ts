import { app, clipboard, Notification, shell } from 'electron';
import { join } from 'node:path';
import { createAppServices } from './app-services';
import { systemFactsWith } from './diagnostics/system-facts';
import { registerAppScheme, serveRenderer } from './electron/app-protocol';
import { registerIpc } from './electron/ipc';
import { registerKitOpening } from './electron/kit-opening';
import { runLifecycle, type Booted } from './electron/lifecycle';
import { createAppUpdates } from './electron/updates';
import { createMainWindow, hardenSession } from './electron/window';
import { createDispatcher, senderPolicyFor } from './ipc/dispatcher';
import { createLogger } from './logging/logger';
import { fileKitLedger } from './kits/kit-ledger-file';
import type { KitService } from './kits/kit-service';
import { machineKitsDir } from './kits/machine-kits';
import { sandboxProviderApps } from './apps/sandbox-apps';
import { loadSandboxEnvironment } from './providers/sandbox-environment';
import { runModeFor } from './run-mode';
import { SecretRegistry } from './security/redact';
import { openStorage } from './storage';
import { createKeytarKeychain } from './vault/keytar-keychain';

/**
 * The Electron shell: storage, services, IPC registration and the window. Everything it wires up is
 * a plain Node module tested without Electron; this file only supplies what Electron alone has
 * (paths, the system browser, clipboard, notifications, the window).
 */

// Privileged schemes must be registered before the app is ready.
registerAppScheme();

/** Set by start(): where File > Open and the OS hand the kits they open. */
let kits: KitService | undefined;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // Every web contents, not only our window's: no navigation, no new windows, no webviews.
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  // Kits opened by the OS may arrive before ready (macOS open-file): registered first.
  const kitOpening = registerKitOpening({
    platform: process.platform,
    argv: process.argv,
    cwd: process.cwd(),
  });

  // Window close, quit, sleep, login, tray: src/main/electron/lifecycle.ts.
  runLifecycle({
    boot: start,
    platform: process.platform,
    argv: process.argv,
    trayIconDir: join(app.getAppPath(), 'resources', 'tray'),
    onReady: (booted, showWindow) => {
      if (!kits) return;
      const service = kits;
      kitOpening.attach({
        openFile: (path) => service.openFile(path),
        showWindow,
        language: () => booted.store.getSettings().language,
      });
    },
  });
}

async function start(): Promise<Booted> {
  hardenSession();
  const dataDir = app.getPath('userData');
  const secrets = new SecretRegistry();
  const logger = createLogger({ secrets, file: join(app.getPath('logs'), 'main.log') });

  const mode = runModeFor({ isPackaged: app.isPackaged, argv: process.argv, env: process.env });
  if (mode.ignored.length > 0)
    logger.warn('development switches ignored by a packaged build', { ignored: mode.ignored });
  const sandbox = mode.sandboxUrl ? await loadSandboxEnvironment(mode.sandboxUrl) : undefined;

  // Every commit is durable when it returns (WAL): nothing to flush or close on quit.
  const { store, vault, attempts } = await openStorage({
    dataDir,
    keychain: createKeytarKeychain(),
    locale: app.getLocale(),
    ...(mode.sqliteBinding ? { sqliteBinding: mode.sqliteBinding } : {}),
  });

  const updates = createAppUpdates(logger);
  const services = createAppServices({
    updates,
    appVersion: app.getVersion(),
    platform: process.platform,
    environment: sandbox ? 'sandbox' : 'production',
    ...(sandbox ? { sandboxUrl: sandbox.url, environmentOverrides: sandbox.overrides } : {}),
    store,
    vault,
    attempts,
    system: systemFactsWith({ locale: app.getLocale() }),
    openExternal: (url) => shell.openExternal(url, { activate: true }),
    clipboard: { writeText: (text) => clipboard.writeText(text) },
    notifier: {
      notify: (title, body) => {
        if (Notification.isSupported()) new Notification({ title, body, silent: false }).show();
      },
    },
    logger,
    secrets,
    ...(sandbox ? { sandboxApps: sandboxProviderApps(sandbox.descriptor) } : {}),
    machineKits: { dir: machineKitsDir(process.platform, process.env), ledger: fileKitLedger(dataDir) },
  });
  kits = services.kits;

  const dispatch = createDispatcher(services.handlers, {
    isTrustedSender: senderPolicyFor(mode.trustedOrigin),
    onError: (channel, error) =>
      logger.warn('ipc call failed', { channel, code: error.code, detail: error.detail }),
  });
  registerIpc(dispatch);
  serveRenderer(join(import.meta.dirname, '../renderer'));
  updates.start();
  // The sandbox's provider apps and the machine-wide kits, before the window first lists apps.
  await services.prepare();

  logger.info('app started', { version: app.getVersion(), environment: sandbox ? 'sandbox' : 'production' });
  return {
    services,
    store,
    logger,
    createWindow: () =>
      createMainWindow({ title: 'POS Connect', url: mode.rendererUrl, devTools: mode.devTools }),
  };
}
