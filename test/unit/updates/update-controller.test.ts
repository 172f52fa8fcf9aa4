import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UpdateStatus } from '../../../src/shared/models';
import { createLogger } from '../../../src/main/logging/logger';
import { SecretRegistry } from '../../../src/main/security/redact';
import {
  createUpdateController,
  UPDATE_CHECK_INTERVAL_MS,
  type UpdateFeed as FeedKind,
} from '../../../src/main/updates/update-controller';
import { openNodeUpdater, serveUpdateFeed, type UpdateFeed } from '../../support/update-feed';

/**
 * The update decisions against electron-updater itself and a generic feed on 127.0.0.1: no feed
 * means no request at all; an equal version is up to date; a newer one is downloaded in the
 * background and must pass the updater's checks before "Restart to update" is offered.
 */
let dir: string;
let feed: UpdateFeed | undefined;
const logger = createLogger({ secrets: new SecretRegistry() });

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pos-connect-updates-'));
});

afterEach(async () => {
  vi.useRealTimers();
  await feed?.close();
  feed = undefined;
  await rm(dir, { recursive: true, force: true });
});

function controllerFor(kind: FeedKind, version: string, extra: { publisherName?: string } = {}) {
  const opened = { count: 0 };
  const statuses: UpdateStatus[] = [];
  const controller = createUpdateController({
    feed: kind,
    logger,
    openUpdater: async () => {
      opened.count += 1;
      return openNodeUpdater({ dir, feedUrl: feed!.url, version, ...extra });
    },
  });
  controller.subscribe((status) => statuses.push(status));
  return { controller, opened, statuses };
}

describe('updates', () => {
  it('without a feed, never checks and says why', async () => {
    feed = await serveUpdateFeed({ version: '9.9.9' });
    for (const [kind, reason] of [
      ['none', 'no-feed'],
      ['development', 'development'],
    ] as const) {
      const { controller, opened } = controllerFor(kind, '0.1.0');
      controller.start();
      await controller.check();
      controller.stop();
      expect(controller.status()).toEqual({ state: 'off', reason });
      expect(opened.count).toBe(0);
      await expect(controller.restartToUpdate()).rejects.toMatchObject({ code: 'UPDATE_NOT_READY' });
    }
    expect(feed.requests).toEqual([]);
  });

  it('with a feed at the same version, is up to date', async () => {
    feed = await serveUpdateFeed({ version: '0.1.0' });
    const { controller, statuses } = controllerFor('configured', '0.1.0');
    expect(controller.status()).toEqual({ state: 'idle' });
    await controller.check();
    expect(controller.status()).toMatchObject({ state: 'up-to-date' });
    expect(statuses.map((s) => s.state)).toEqual(['checking', 'up-to-date']);
    expect(feed.requests.some((path) => /^\/latest.*\.yml$/.test(path))).toBe(true);
    expect(feed.requests.some((path) => path.endsWith('.exe'))).toBe(false);
  });

  it('with a newer version, downloads it in the background and offers to restart once verified', async () => {
    feed = await serveUpdateFeed({ version: '9.9.9' });
    const { controller, statuses } = controllerFor('configured', '0.1.0');
    await controller.check();
    expect(statuses.map((s) => s.state)).toEqual(
      expect.arrayContaining(['checking', 'downloading', 'ready']),
    );
    expect(controller.status()).toEqual({ state: 'ready', version: '9.9.9' });
    expect(feed.requests).toContain('/POS-Connect-Setup-9.9.9.exe');
    // Downloaded: later checks do nothing until the restart.
    const before = feed.requests.length;
    await controller.check();
    expect(feed.requests.length).toBe(before);
  });

  it('refuses a download whose checksum does not match the feed', async () => {
    feed = await serveUpdateFeed({ version: '9.9.9', announcedSha512: Buffer.alloc(64).toString('base64') });
    const { controller } = controllerFor('configured', '0.1.0');
    await controller.check();
    expect(controller.status()).toMatchObject({ state: 'failed', error: { code: 'UPDATE_FAILED' } });
    expect(JSON.stringify(controller.status())).toMatch(/sha512 checksum mismatch/);
    await expect(controller.restartToUpdate()).rejects.toMatchObject({ code: 'UPDATE_NOT_READY' });
  });

  it('checks on start and then daily, one check at a time', async () => {
    feed = await serveUpdateFeed({ version: '0.1.0' });
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { controller, statuses } = controllerFor('configured', '0.1.0');
    controller.start();
    controller.start();
    // A check asked for while one runs joins it.
    await controller.check();
    expect(controller.status().state).toBe('up-to-date');
    expect(statuses.filter((s) => s.state === 'checking')).toHaveLength(1);
    vi.advanceTimersByTime(UPDATE_CHECK_INTERVAL_MS - 1);
    expect(statuses.filter((s) => s.state === 'checking')).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(statuses.filter((s) => s.state === 'checking')).toHaveLength(2);
    await controller.check();
    expect(statuses.filter((s) => s.state === 'checking')).toHaveLength(2);
    controller.stop();
    vi.advanceTimersByTime(UPDATE_CHECK_INTERVAL_MS);
    expect(statuses.filter((s) => s.state === 'checking')).toHaveLength(2);
  });
});
