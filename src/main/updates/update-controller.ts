import { AppError, toErrorData } from '../../shared/errors';
import type { UpdateStatus } from '../../shared/models';
import type { Logger } from '../logging/logger';
import type { UpdatesPort } from '../ports';

/**
 * The part of electron-updater's AppUpdater this uses. electron-updater reads the feed from the
 * app-update.yml electron-builder writes at build time, checks the feed's latest*.yml, downloads in
 * the background and verifies what it downloaded (the sha512 from the feed; on Windows the
 * installer's Authenticode publisher, on macOS the code signature) before it reports it ready.
 */
export interface Updater {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  checkForUpdates(): Promise<{ isUpdateAvailable: boolean; updateInfo: { version: string } } | null>;
  downloadUpdate(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'download-progress', listener: (progress: { percent: number }) => void): unknown;
}

/** 'configured': a packaged build with an update feed; otherwise why there are no updates. */
export type UpdateFeed = 'configured' | 'none' | 'development';

export interface UpdateControllerOptions {
  feed: UpdateFeed;
  /** Creates the updater; called only when a feed is configured, at the first check. */
  openUpdater: () => Promise<Updater>;
  logger: Logger;
  /** Between two checks; a day. */
  intervalMs?: number;
  now?: () => number;
}

export interface UpdateController extends UpdatesPort {
  /** Checks now and then every interval; nothing when there is no feed. */
  start(): void;
  stop(): void;
  /** One check: finds, downloads and verifies an update in the background. */
  check(): Promise<void>;
}

/** No updates at all (the web preview and the tests run no updater). */
export function updatesOff(): UpdatesPort {
  return createUpdateController({
    feed: 'development',
    openUpdater: () => Promise.reject(new Error('no updater')),
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
  });
}

export const UPDATE_CHECK_INTERVAL_MS = 24 * 60 * 60 * 1000;

export function createUpdateController(options: UpdateControllerOptions): UpdateController {
  const now = options.now ?? Date.now;
  const listeners = new Set<(status: UpdateStatus) => void>();
  let status: UpdateStatus =
    options.feed === 'configured'
      ? { state: 'idle' }
      : { state: 'off', reason: options.feed === 'none' ? 'no-feed' : 'development' };
  let updater: Promise<Updater> | undefined;
  let running: Promise<void> | undefined;
  let interval: ReturnType<typeof setInterval> | undefined;

  const set = (next: UpdateStatus) => {
    status = next;
    for (const listener of listeners) listener(next);
  };

  function openUpdater(): Promise<Updater> {
    updater ??= options.openUpdater().then((opened) => {
      // The controller decides when to download; an update is installed only when asked to, or
      // on the next quit once it is downloaded and verified.
      opened.autoDownload = false;
      opened.autoInstallOnAppQuit = true;
      opened.on('download-progress', (progress) => {
        if (status.state === 'downloading') set({ ...status, percent: Math.round(progress.percent) });
      });
      return opened;
    });
    return updater;
  }

  async function runCheck(): Promise<void> {
    set({ state: 'checking' });
    try {
      const opened = await openUpdater();
      const result = await opened.checkForUpdates();
      if (!result?.isUpdateAvailable) {
        set({ state: 'up-to-date', checkedAt: new Date(now()).toISOString() });
        return;
      }
      const version = result.updateInfo.version;
      set({ state: 'downloading', version, percent: 0 });
      await opened.downloadUpdate();
      set({ state: 'ready', version });
      options.logger.info('update downloaded and verified', { version });
    } catch (error) {
      // electron-updater's message says what failed (feed unreachable, checksum, signature); it
      // names only the public feed and file names.
      const reason =
        error instanceof Error ? (error.message.split('\n')[0] ?? '').slice(0, 300) : String(error);
      const failure = new AppError({
        code: 'UPDATE_FAILED',
        message: 'POS Connect could not check for or download its update. It will try again tomorrow.',
        detail: reason,
      });
      options.logger.warn('update failed', { detail: failure.detail });
      set({ state: 'failed', error: toErrorData(failure), checkedAt: new Date(now()).toISOString() });
    }
  }

  const controller: UpdateController = {
    status: () => status,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      if (options.feed !== 'configured' || interval) return;
      void controller.check();
      interval = setInterval(() => void controller.check(), options.intervalMs ?? UPDATE_CHECK_INTERVAL_MS);
      interval.unref?.();
    },
    stop() {
      clearInterval(interval);
      interval = undefined;
    },
    async check() {
      // No feed: never contact anything. Downloaded: nothing more to do until the restart.
      if (status.state === 'off' || status.state === 'ready') return;
      running ??= runCheck().finally(() => (running = undefined));
      return running;
    },
    async restartToUpdate() {
      if (status.state !== 'ready') {
        throw new AppError({
          code: 'UPDATE_NOT_READY',
          message: 'There is no downloaded update to install yet.',
          detail: `update state ${status.state}`,
        });
      }
      (await openUpdater()).quitAndInstall(false, true);
    },
  };
  return controller;
}
