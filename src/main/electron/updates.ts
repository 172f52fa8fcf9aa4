import { app } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../logging/logger';
import { createUpdateController, type UpdateController, type UpdateFeed } from '../updates/update-controller';

/**
 * The app's updates over electron-updater. electron-builder writes resources/app-update.yml (the
 * feed, and on Windows the publisher whose signature an update must carry) only when the build had
 * POS_CONNECT_UPDATE_URL; without it there is nothing to check, and Settings says so.
 */
export function createAppUpdates(logger: Logger): UpdateController {
  // Electron always sets resourcesPath; plain Node (the glue's tests) may not.
  const resources = process.resourcesPath as string | undefined;
  const feed: UpdateFeed = !app.isPackaged
    ? 'development'
    : resources && existsSync(join(resources, 'app-update.yml'))
      ? 'configured'
      : 'none';
  return createUpdateController({
    feed,
    logger,
    // Loaded only with a feed: electron-updater picks the platform's updater when first touched.
    openUpdater: async () => (await import('electron-updater')).default.autoUpdater,
  });
}
