import type { BrowserWindow } from 'electron';
import { app, clipboard, Notification, shell } from 'electron';
import { join } from 'node:path';
import { createAppServices, type AppServices } from './app-services';
import { registerIpc, sendEvent } from './electron/ipc';
import { createMainWindow, hardenSession } from './electron/window';
import { createDispatcher, senderPolicyFor } from './ipc/dispatcher';
import { createLogger } from './logging/logger';
import { loadSandboxEnvironment, requestedSandboxUrl } from './providers/sandbox-environment';
import { SecretRegistry } from './security/redact';
import { openStorage, type Storage } from './storage';
import { createKeytarKeychain } from './vault/keytar-keychain';

/**
 * The Electron shell: app lifecycle, the one window, IPC registration. Everything it wires up is
 * a plain Node module tested without Electron; this file only supplies what Electron alone has
 * (paths, the system browser, clipboard, notifications, the window).
 */

let window: BrowserWindow | undefined;
let services: AppServices | undefined;
let storage: Storage | undefined;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  // Every web contents, not only our window's: no navigation, no new windows, no webviews.
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => {
    services?.stop();
    storage?.close();
  });

  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  hardenSession();
  const dataDir = app.getPath('userData');
  const secrets = new SecretRegistry();
  const logger = createLogger({ secrets, file: join(app.getPath('logs'), 'main.log') });

  const sandboxUrl = requestedSandboxUrl(process.argv, process.env);
  const sandbox = sandboxUrl ? await loadSandboxEnvironment(sandboxUrl) : undefined;

  storage = await openStorage({ dataDir, keychain: createKeytarKeychain(), locale: app.getLocale() });
  const { store, vault } = storage;

  services = createAppServices({
    appVersion: app.getVersion(),
    platform: process.platform,
    environment: sandbox ? 'sandbox' : 'production',
    ...(sandbox ? { sandboxUrl: sandbox.url, environmentOverrides: sandbox.overrides } : {}),
    store,
    vault,
    openExternal: (url) => shell.openExternal(url, { activate: true }),
    clipboard: { writeText: (text) => clipboard.writeText(text) },
    notifier: {
      notify: (title, body) => {
        if (Notification.isSupported()) new Notification({ title, body, silent: false }).show();
      },
    },
    logger,
    secrets,
  });

  const rendererUrl = process.env.ELECTRON_RENDERER_URL;
  const dispatch = createDispatcher(services.handlers, {
    isTrustedSender: senderPolicyFor(rendererUrl ? new URL(rendererUrl).origin : 'file://'),
    onError: (channel, error) =>
      logger.warn('ipc call failed', { channel, code: error.code, detail: error.detail }),
  });
  registerIpc(dispatch);

  window = createMainWindow({
    title: 'POS Connect',
    ...(rendererUrl ? { rendererUrl } : {}),
    rendererFile: join(import.meta.dirname, '../renderer/index.html'),
  });
  window.on('closed', () => (window = undefined));
  services.events.subscribe((event, payload) => sendEvent(window, event, payload));
  services.start();
  logger.info('app started', { version: app.getVersion(), environment: sandbox ? 'sandbox' : 'production' });
}
