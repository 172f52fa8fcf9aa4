import { APP_ENTRY_URL, APP_ORIGIN } from './app-protocol/renderer-files';
import { requestedSandboxUrl } from './providers/sandbox-environment';

/**
 * What a packaged app allows and a development run adds. A packaged build (what shop managers
 * install) always loads its own app:// origin, has no DevTools and ignores the sandbox switch, so
 * an environment variable or a command-line flag cannot point it at another page or at fake
 * vendors. A development run (`npm start`, electron-vite's dev server) may.
 */
export interface RunMode {
  /** The URL the window loads. */
  rendererUrl: string;
  /** The one origin the IPC sender check trusts: the origin of rendererUrl. */
  trustedOrigin: string;
  devTools: boolean;
  /** The local sandbox to use instead of the real vendors (development only). */
  sandboxUrl: string | undefined;
  /**
   * better-sqlite3 built for Electron by `npm start` (POS_CONNECT_SQLITE_BINDING), development only:
   * a packaged app loads the addon packaged with it, never a path from its environment.
   */
  sqliteBinding: string | undefined;
  /** Development switches a packaged build was given and ignored, for the log. */
  ignored: string[];
}

export function runModeFor(options: {
  isPackaged: boolean;
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
}): RunMode {
  const devServer = options.env.ELECTRON_RENDERER_URL || undefined;
  const sandboxUrl = requestedSandboxUrl(options.argv, options.env);

  if (options.isPackaged) {
    return {
      rendererUrl: APP_ENTRY_URL,
      trustedOrigin: APP_ORIGIN,
      devTools: false,
      sandboxUrl: undefined,
      sqliteBinding: undefined,
      ignored: [
        ...(devServer ? ['ELECTRON_RENDERER_URL'] : []),
        ...(sandboxUrl ? ['sandbox'] : []),
        ...(options.env.POS_CONNECT_SQLITE_BINDING ? ['POS_CONNECT_SQLITE_BINDING'] : []),
      ],
    };
  }
  const rendererUrl = devServer ?? APP_ENTRY_URL;
  const url = new URL(rendererUrl);
  return {
    rendererUrl,
    trustedOrigin: `${url.protocol}//${url.host}`,
    devTools: true,
    sandboxUrl,
    sqliteBinding: options.env.POS_CONNECT_SQLITE_BINDING || undefined,
    ignored: [],
  };
}
