import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createAppServices, type AppServices } from '../../../src/main/app-services';
import { sandboxProviderApps } from '../../../src/main/apps/sandbox-apps';
import type { AppStore, AppVault, AttemptsLogPort, UpdatesPort } from '../../../src/main/ports';
import { createLogger } from '../../../src/main/logging/logger';
import { vendorOverrides } from '../../../src/main/providers/resolve-sandbox';
import { SecretRegistry } from '../../../src/main/security/redact';
import { startBridge, type Bridge } from '../../bridge/server';
import { openSandbox, type Sandbox } from '../../integration/oauth/helpers';
import { launchChromium } from './chromium';

/**
 * The app as a person sees it, without Electron: the built renderer in Chromium, talking through
 * the loopback bridge to the real main-process services, which talk to the sandbox. The "system
 * browser" opens the vendor's authorization page in a second page of the same browser.
 */
export interface AppHarness {
  sandbox: Sandbox;
  services: AppServices;
  bridge: Bridge;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Pages the app opened as the system browser would (authorization pages). */
  authorizationPages: Page[];
  /** Everything the renderer was sent over the contract, and every log line. */
  payloads: string[];
  logLines: string[];
  dataDir: string;
  nextAuthorizationPage(): Promise<Page>;
  close(): Promise<void>;
}

const SANDBOX_IDS = ['sumup', 'sumup-pos-pro', 'taptouch', 'powerepos', 'chimpy'] as const;

export interface AppHarnessOptions {
  storage: (dataDir: string) => Promise<{ store: AppStore; vault: AppVault; attempts: AttemptsLogPort }>;
  colorScheme?: 'light' | 'dark';
  locale?: string;
  /** Runs after the bridge is up and before the app page opens (init scripts, listeners). */
  beforeOpen?: (context: BrowserContext, bridgeUrl: string) => Promise<void>;
  /** The app's own updates (off by default, as in a development run). */
  updates?: UpdatesPort;
  /** Sandbox mode's provider apps, prefilled from the sandbox's registrations as the app does. */
  sandboxPrefill?: boolean;
}

export async function startAppHarness(options: AppHarnessOptions): Promise<AppHarness> {
  const dataDir = await mkdtemp(join(tmpdir(), 'pos-connect-e2e-'));
  const sandbox = await openSandbox();
  const { store, vault, attempts } = await options.storage(dataDir);
  const browser = await launchChromium();
  const context = await browser.newContext({
    viewport: { width: 1280, height: 860 },
    colorScheme: options.colorScheme ?? 'light',
    locale: options.locale ?? 'en-GB',
  });
  const authorizationPages: Page[] = [];
  const waiting: ((page: Page) => void)[] = [];
  const payloads: string[] = [];
  const logLines: string[] = [];
  const secrets = new SecretRegistry();

  const services = createAppServices({
    appVersion: '0.1.0',
    platform: process.platform,
    environment: 'sandbox',
    sandboxUrl: sandbox.d.base_url,
    environmentOverrides: Object.fromEntries(SANDBOX_IDS.map((id) => [id, vendorOverrides(sandbox.d, id)])),
    store,
    vault,
    attempts,
    async openExternal(url) {
      const tab = await context.newPage();
      await tab.goto(url);
      authorizationPages.push(tab);
      const next = waiting.shift();
      if (next) next(tab);
    },
    clipboard: { writeText: () => undefined },
    notifier: { notify: () => undefined },
    logger: createLogger({
      secrets,
      file: join(dataDir, 'logs', 'main.log'),
      sink: (line) => logLines.push(line),
    }),
    secrets,
    authorizationTimeoutMs: 60_000,
    ...(options.updates ? { updates: options.updates } : {}),
    ...(options.sandboxPrefill ? { sandboxApps: sandboxProviderApps(sandbox.d) } : {}),
  });
  await services.prepare();
  services.start();
  const bridge = await startBridge({
    handlers: services.handlers,
    events: services.events,
    rendererDir: resolve('out/renderer'),
    onPayload: (payload) => payloads.push(payload),
  });
  await options.beforeOpen?.(context, bridge.url);
  const page = await context.newPage();
  await page.goto(bridge.url);

  return {
    sandbox,
    services,
    bridge,
    browser,
    context,
    page,
    authorizationPages,
    payloads,
    logLines,
    dataDir,
    nextAuthorizationPage: () => new Promise<Page>((resolvePage) => waiting.push(resolvePage)),
    async close() {
      await services.stop();
      await browser.close();
      await bridge.close();
      await sandbox.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
