/**
 * The window's webPreferences, as a plain object so a unit test can hold it to DESIGN.md's
 * defaults without starting Electron. (Typed structurally: this module must not import electron.)
 */
export interface SecureWebPreferences {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  navigateOnDragDrop: false;
  spellcheck: false;
  safeDialogs: true;
  devTools: boolean;
}

/** DevTools only in a development run (see run-mode.ts): a packaged build has none. */
export function secureWebPreferences(
  preloadPath: string,
  options: { devTools: boolean },
): SecureWebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    // Spellcheck would send typed text (client IDs, shop names) to the OS dictionary service.
    spellcheck: false,
    safeDialogs: true,
    devTools: options.devTools,
  };
}
