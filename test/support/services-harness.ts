import { createAppServices, type AppServices, type AppServicesOptions } from '../../src/main/app-services';
import { sandboxProviderApps } from '../../src/main/apps/sandbox-apps';
import type { Timers } from '../../src/main/connections/token-keeper';
import type { AppStore, AppVault, AttemptsLogPort } from '../../src/main/ports';
import { createLogger } from '../../src/main/logging/logger';
import type { HttpOptions } from '../../src/main/oauth/http';
import { vendorOverrides } from '../../src/main/providers/resolve-sandbox';
import { SecretRegistry } from '../../src/main/security/redact';
import type { ConnectInput, ProviderApp } from '../../src/shared/models';
import type { ConnectGrant } from '../../src/shared/providers/provider-schema';
import type { SandboxVendorId } from '../../src/shared/sandbox-descriptor';
import {
  freePort,
  openSandbox,
  registerClient,
  SandboxBrowser,
  type Sandbox,
} from '../integration/oauth/helpers';
import { MemoryAttemptsLog, MemoryStore, MemoryVault } from './memory-storage';

/**
 * The main-process services wired to the sandbox, as the app wires them when started against it:
 * the sandbox's URLs as the environment, a test clock moved together with the sandbox's, and a
 * "system browser" that approves at the sandbox and follows the redirect to the loopback listener.
 */
export interface Harness {
  sandbox: Sandbox;
  services: AppServices;
  store: AppStore;
  vault: AppVault;
  attempts: AttemptsLogPort;
  browser: SandboxBrowser;
  logLines: string[];
  clipboard: string[];
  notifications: string[];
  now(): number;
  /** Moves the app's clock and the sandbox's clock forward together. */
  advance(seconds: number): Promise<void>;
  /**
   * After a clock jump: the app's resume path (timers planned again against the new time), then
   * waits, on the scheduler's real timers, until nothing is due, queued or in flight.
   */
  catchUp(): Promise<void>;
  /** Waits until nothing is due, queued or in flight. */
  settle(timeoutMs?: number): Promise<void>;
  addApp(
    vendor: Exclude<SandboxVendorId, 'generic'>,
    options?: { public?: boolean; vetted?: boolean },
  ): Promise<ProviderApp>;
  /**
   * The sandbox's standards-following provider (rotating refresh tokens whose replay revokes the
   * chain), added as a person would: discovered from its metadata, saved as a custom provider.
   */
  addGenericApp(): Promise<ProviderApp>;
  /** The generic provider's token lifetime, and the `expires_in` it announces (null: the lifetime). */
  setGenericLifetimes(lifetimes: { accessTokenLifetime?: number; expiresIn?: number | null }): Promise<void>;
  connect(
    appId: string,
    grant: ConnectGrant,
    extra?: Partial<ConnectInput>,
  ): ReturnType<AppServices['handlers']['connections:connect']>;
  close(): Promise<void>;
}

const SANDBOX_IDS = ['sumup', 'sumup-pos-pro', 'taptouch', 'powerepos', 'chimpy'] as const;

export interface HarnessOptions {
  /** Real storage (openStorage) instead of the in-memory stand-ins. */
  store?: AppStore;
  vault?: AppVault;
  /** The failed connect attempts log (default: in memory). */
  attempts?: AttemptsLogPort;
  /** A sandbox shared with other harnesses (a restart); not closed by close(). */
  sandbox?: Sandbox;
  /** The engine's HTTP options (e.g. a small timeoutMs for latency faults). */
  http?: HttpOptions;
  /** Also write the log to this JSON-lines file, as the app does. */
  logFile?: string;
  /** The scheduler's timers (default: the real ones); a test may wrap them to count wake-ups. */
  timers?: Timers;
  unsavedRetryMs?: number;
  /** Sandbox mode's provider apps from the sandbox's registrations, added by prepare() (as the app does). */
  sandboxPrefill?: boolean;
  /** A machine-wide kits folder read by prepare(). */
  machineKits?: AppServicesOptions['machineKits'];
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const sandbox = options.sandbox ?? (await openSandbox());
  const store = options.store ?? new MemoryStore();
  const vault = options.vault ?? new MemoryVault();
  const attempts = options.attempts ?? new MemoryAttemptsLog();
  const browser = new SandboxBrowser('approve');
  const logLines: string[] = [];
  const clipboard: string[] = [];
  const notifications: string[] = [];
  let offsetMs = 0;
  const now = () => Date.now() + offsetMs;
  const secrets = new SecretRegistry();
  const environmentOverrides = Object.fromEntries(
    SANDBOX_IDS.map((id) => [id, vendorOverrides(sandbox.d, id)]),
  );

  const services = createAppServices({
    appVersion: '0.0.0-test',
    platform: process.platform,
    environment: 'sandbox',
    sandboxUrl: sandbox.d.base_url,
    environmentOverrides,
    store,
    vault,
    attempts,
    openExternal: (url) => browser.open(url),
    clipboard: { writeText: (text) => void clipboard.push(text) },
    notifier: { notify: (title, body) => void notifications.push(`${title}: ${body}`) },
    logger: createLogger({
      secrets,
      sink: (line) => logLines.push(line),
      now,
      ...(options.logFile ? { file: options.logFile } : {}),
    }),
    secrets,
    now,
    // The scheduler's real timers. A test that moves the clock calls catchUp(), the app's own
    // resume-from-sleep path, so timers armed before the jump are planned again.
    authorizationTimeoutMs: 15_000,
    ...(options.http ? { http: options.http } : {}),
    ...(options.timers ? { timers: options.timers } : {}),
    ...(options.unsavedRetryMs !== undefined ? { unsavedRetryMs: options.unsavedRetryMs } : {}),
    ...(options.sandboxPrefill ? { sandboxApps: sandboxProviderApps(sandbox.d) } : {}),
    ...(options.machineKits ? { machineKits: options.machineKits } : {}),
  });

  // As the app does: prepare (sandbox apps, machine-wide kits), then plan every stored
  // connection's refresh on the real timers.
  await services.prepare();
  services.start();

  const settle = async (timeoutMs = 10_000) => {
    const busy = () =>
      services.scheduler.limit.pending > 0 ||
      store.listConnections().some((record) => {
        const at = services.scheduler.plannedAt(record.id);
        return services.keeper.isRefreshing(record.id) || (at !== undefined && at <= now());
      });
    const deadline = Date.now() + timeoutMs;
    // Two quiet looks in a row: a timer of 0 ms may be about to fire between them.
    let quiet = 0;
    while (quiet < 2) {
      if (Date.now() > deadline) throw new Error('the scheduler did not settle');
      await new Promise((resolve) => setTimeout(resolve, 10));
      quiet = busy() ? 0 : quiet + 1;
    }
  };

  let counter = 0;
  return {
    sandbox,
    services,
    store,
    vault,
    attempts,
    browser,
    logLines,
    clipboard,
    notifications,
    now,
    async advance(seconds) {
      offsetMs += seconds * 1000;
      await fetch(sandbox.d.admin.advance_clock, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ seconds }),
      });
    },
    async catchUp() {
      services.resume();
      await settle();
    },
    settle,
    async addApp(vendor, appOptions = {}) {
      const port = await freePort();
      const redirect = `http://127.0.0.1:${port}/callback`;
      const definition = services.providers.get(vendor);
      const needsRedirect = definition.grants.includes('authorization_code');
      const client = await registerClient(sandbox, vendor, {
        secret: !appOptions.public && definition.tokenRequest.clientAuth !== 'none',
        redirectUris: needsRedirect ? [redirect] : [],
        ...(appOptions.vetted !== undefined ? { vetted: appOptions.vetted } : {}),
      });
      const params: Record<string, string> = {};
      if (vendor === 'chimpy') {
        params.authorization_service_uri = `${sandbox.d.base_url}/chimpy`;
        params.pos_api_uri = `${sandbox.d.base_url}/chimpy`;
        params.audience = sandbox.d.vendors.chimpy.audience ?? '';
      }
      return services.handlers['apps:save']({
        providerId: vendor,
        label: `${vendor} test app`,
        clientId: client.clientId,
        ...(client.clientSecret ? { clientSecret: client.clientSecret } : {}),
        ...(needsRedirect ? { redirectPort: port } : {}),
        params,
      });
    },
    async addGenericApp() {
      const { draft } = await services.handlers['providers:discover']({
        url: sandbox.d.vendors.generic.metadata_url ?? '',
      });
      const saved = await services.handlers['providers:saveCustom']({ definition: draft });
      if (!saved.saved) throw new Error(`the generic draft was refused: ${JSON.stringify(saved.problems)}`);
      const client = await registerClient(sandbox, 'generic', {
        secret: true,
        redirectUris: ['http://127.0.0.1/callback'],
      });
      return services.handlers['apps:save']({
        providerId: saved.provider.id,
        label: 'generic test app',
        clientId: client.clientId,
        ...(client.clientSecret ? { clientSecret: client.clientSecret } : {}),
        params: {},
      });
    },
    async setGenericLifetimes({ accessTokenLifetime, expiresIn }) {
      const response = await fetch(sandbox.d.admin.generic_lifetimes, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          ...(accessTokenLifetime !== undefined ? { access_token_lifetime: accessTokenLifetime } : {}),
          ...(expiresIn !== undefined ? { expires_in: expiresIn } : {}),
        }),
      });
      if (!response.ok) throw new Error(`generic lifetimes: HTTP ${response.status}`);
    },
    connect(appId, grant, extra = {}) {
      counter += 1;
      return services.handlers['connections:connect']({
        attemptId: `attempt-${counter}`,
        appId,
        grant,
        label: extra.label ?? `Shop ${counter}`,
        scopes: extra.scopes ?? [],
        params: extra.params ?? {},
        ...extra,
      });
    },
    async close() {
      await services.stop();
      if (!options.sandbox) await sandbox.close();
    },
  };
}
