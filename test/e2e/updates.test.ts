import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/main/logging/logger';
import { SecretRegistry } from '../../src/main/security/redact';
import { createUpdateController, type UpdateController } from '../../src/main/updates/update-controller';
import { openNodeUpdater, serveUpdateFeed, type UpdateFeed } from '../support/update-feed';
import { startAppHarness, type AppHarness } from './support/app-harness';
import { expectTitle, goTo, main } from './support/flows';
import { e2eStorage } from './support/storage';

/**
 * The app's own updates as a shop manager sees them, against electron-updater and a feed on
 * 127.0.0.1: a build without a feed says so; with a newer version on the feed, the download ends
 * in "Restart to update" (banner and Settings), which asks the updater to quit and install.
 */
describe('updates in the window', () => {
  let h: AppHarness | undefined;
  let feed: UpdateFeed | undefined;
  let dir: string | undefined;

  afterEach(async () => {
    await h?.close();
    await feed?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
    h = feed = dir = undefined;
  });

  function controller(kind: 'configured' | 'none', restarts: unknown[][] = []): UpdateController {
    return createUpdateController({
      feed: kind,
      logger: createLogger({ secrets: new SecretRegistry() }),
      openUpdater: async () => {
        const updater = await openNodeUpdater({ dir: dir!, feedUrl: feed!.url, version: '0.1.0' });
        // Installing would run the downloaded file: record the request instead.
        updater.quitAndInstall = (...args: unknown[]) => void restarts.push(args);
        return updater;
      },
    });
  }

  it('a build without an update feed says it does not update itself', async () => {
    h = await startAppHarness({ storage: e2eStorage, updates: controller('none') });
    await goTo(h.page, 'Settings');
    await expectTitle(h.page, 'Settings');
    const section = main(h.page).getByTestId('updates');
    await expect.poll(() => section.innerText()).toContain('does not update itself');
    expect(await h.page.getByTestId('update-ready').count()).toBe(0);
  });

  it('a newer version is downloaded in the background, then "Restart to update" installs it', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pos-connect-e2e-updates-'));
    feed = await serveUpdateFeed({ version: '9.9.9' });
    const restarts: unknown[][] = [];
    const updates = controller('configured', restarts);
    h = await startAppHarness({ storage: e2eStorage, updates });
    await goTo(h.page, 'Settings');
    const section = main(h.page).getByTestId('updates');
    await expect.poll(() => section.innerText()).toContain('checks for updates when it starts');

    await updates.check();
    const banner = h.page.getByTestId('update-ready');
    await expect.poll(() => banner.innerText()).toContain('Version 9.9.9 is downloaded and verified');
    await expect.poll(() => section.innerText()).toContain('Version 9.9.9 is downloaded and verified');
    expect(restarts).toEqual([]);
    await section.getByRole('button', { name: 'Restart to update' }).click();
    await expect.poll(() => restarts).toEqual([[false, true]]);
  });
});
