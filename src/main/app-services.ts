import { AppError } from '../shared/errors';
import type { EndpointOverride, EnvironmentName, SaveAppInput } from '../shared/models';
import { ProviderApps } from './apps/provider-apps';
import { ChangeFeed } from './connections/change-feed';
import { ConnectFlow } from './connections/connect-flow';
import { ConnectionActions } from './connections/connection-actions';
import { ConnectionEndpoints } from './connections/connection-endpoints';
import { HistoryLog } from './connections/history-log';
import { LivenessChecker } from './connections/liveness';
import { ConnectionReadModel } from './connections/read-model';
import { RefreshScheduler } from './connections/refresh-scheduler';
import { TokenKeeper, type Timers } from './connections/token-keeper';
import { notificationText } from './desktop/notification-text';
import { FailedAttempts } from './diagnostics/failed-attempts';
import { EventHub } from './events';
import type { Handlers } from './ipc/handlers';
import { appHandlers } from './ipc/handlers/app';
import { kitHandlers } from './ipc/handlers/kits';
import { KitService } from './kits/kit-service';
import { connectionHandlers } from './ipc/handlers/connections';
import type { HandlerContext } from './ipc/handlers/context';
import { diagnosticsHandlers } from './ipc/handlers/diagnostics';
import { providerHandlers } from './ipc/handlers/providers';
import { settingsHandlers } from './ipc/handlers/settings';
import { updatesHandlers } from './ipc/handlers/updates';
import type { Logger } from './logging/logger';
import type { BrowserPort } from './oauth/authorization-code';
import type { HttpOptions } from './oauth/http';
import type {
  AppStore,
  AppVault,
  AttemptsLogPort,
  ClipboardPort,
  Clock,
  KitLedger,
  Notifier,
  UpdatesPort,
} from './ports';
import { ProviderRegistry } from './providers/provider-registry';
import { isAllowedExternalUrl } from './security/external-url';
import { SecretRegistry } from './security/redact';
import { updatesOff } from './updates/update-controller';
import { systemFacts, type SystemFactsPort } from './diagnostics/system-facts';

/**
 * The composition root of the main process, without Electron: it only wires. The same services run
 * inside the app (src/main/index.ts), behind the test bridge, in the integration tests and in the
 * benchmarks. Electron-only capabilities (the system browser, clipboard, notifications) come in as
 * ports.
 */

export interface AppServicesOptions {
  appVersion: string;
  platform: string;
  environment: EnvironmentName;
  sandboxUrl?: string;
  /** The sandbox's URLs per provider ID, when the app runs against it. */
  environmentOverrides?: Record<string, EndpointOverride>;
  store: AppStore;
  vault: AppVault;
  /** Where failed connect attempts are kept (storage's attempts log). */
  attempts: AttemptsLogPort;
  /** What a support report says about this computer (default: read from node:os and Intl). */
  system?: SystemFactsPort;
  /** Opens a URL in the system browser; checked against the providers' authorization origins first. */
  openExternal: (url: string) => Promise<void>;
  clipboard: ClipboardPort;
  notifier: Notifier;
  logger: Logger;
  secrets?: SecretRegistry;
  now?: Clock;
  timers?: Timers;
  /** Jitter of scheduled refreshes (default 60 s). */
  jitterMs?: number;
  /** How often a token pair whose vault write failed is written again (default 10 s). */
  unsavedRetryMs?: number;
  http?: HttpOptions;
  authorizationTimeoutMs?: number;
  /** The app's own updates (electron-updater in the app); off in the web preview and tests. */
  updates?: UpdatesPort;
  /** Provider apps added at prepare() when missing (sandbox mode: the sandbox's registrations). */
  sandboxApps?: SaveAppInput[];
  /** The machine-wide kits folder read at prepare(), and what was already imported from it. */
  machineKits?: { dir: string; ledger: KitLedger };
}

export interface AppServices {
  handlers: Handlers;
  events: EventHub;
  keeper: TokenKeeper;
  scheduler: RefreshScheduler;
  liveness: LivenessChecker;
  readModel: ConnectionReadModel;
  providers: ProviderRegistry;
  apps: ProviderApps;
  kits: KitService;
  secrets: SecretRegistry;
  /**
   * Before start: adds the sandbox's provider apps that are missing (sandbox mode) and imports the
   * machine-wide kits not imported yet. Never fails the start: what it could not do is logged.
   */
  prepare(): Promise<void>;
  start(): void;
  /** Timers do not fire during sleep: run what became due (Electron's resume and unlock-screen). */
  resume(): void;
  /**
   * Stops renewing, waits up to `timeoutMs` for refreshes in flight so their pairs reach the vault,
   * writes pending pairs and history, and reports what could not be finished.
   */
  stop(timeoutMs?: number): Promise<{ unfinished: number; unsaved: number }>;
}

export function createAppServices(options: AppServicesOptions): AppServices {
  const now = options.now ?? Date.now;
  const secrets = options.secrets ?? new SecretRegistry();
  const { store, vault, logger } = options;
  const events = new EventHub();
  const updates = options.updates ?? updatesOff();
  updates.subscribe((status) => events.emit('updates:changed', status));
  const providers = new ProviderRegistry(store, options.environmentOverrides ?? {});
  const apps = new ProviderApps(store, vault, providers, now, options.environment);
  const http = options.http;
  const history = new HistoryLog(store, secrets, now);
  const endpoints = new ConnectionEndpoints({
    store,
    vault,
    providers,
    secrets,
    history,
    environment: options.environment,
    ...(http ? { http } : {}),
  });
  const notify = (kind: Parameters<typeof notificationText>[0], label: string) => {
    const settings = store.getSettings();
    if (!settings.notifications) return;
    const text = notificationText(kind, settings.language, label);
    options.notifier.notify(text.title, text.body);
  };

  const browser: BrowserPort = {
    async open(url) {
      if (!isAllowedExternalUrl(url, providers.authorizationOrigins())) {
        throw new AppError({
          code: 'INSECURE_URL',
          message: 'POS Connect only opens the sign-in pages of the providers you configured.',
          detail: 'authorization URL outside the configured providers',
        });
      }
      await options.openExternal(url);
    },
  };

  // Late-bound: the keeper reports to the scheduler and the change feed, which need the keeper.
  const late: { scheduler?: RefreshScheduler; changes?: ChangeFeed } = {};
  const keeper = new TokenKeeper({
    store,
    vault,
    endpoints,
    history,
    secrets,
    now,
    ...(options.timers ? { timers: options.timers } : {}),
    ...(options.unsavedRetryMs !== undefined ? { flushIntervalMs: options.unsavedRetryMs } : {}),
    onSaved: (connectionId) => {
      late.scheduler?.succeeded(connectionId);
      late.scheduler?.schedule(connectionId);
      late.changes?.changedLater(connectionId);
    },
    onFailed: (connectionId, error, outcome) => late.scheduler?.afterFailure(connectionId, error, outcome),
    onActivity: (connectionId, urgent) =>
      urgent ? late.changes?.changedNow(connectionId) : late.changes?.changedLater(connectionId),
    onNeedsReauthorization: (record) => {
      logger.warn('connection needs re-authorization', {
        connectionId: record.id,
        provider: record.providerId,
      });
      notify('needs_reconnect', record.label);
    },
  });
  const plan = new RefreshScheduler({
    keeper,
    store,
    providers,
    now,
    ...(options.timers ? { timers: options.timers } : {}),
    ...(options.jitterMs !== undefined ? { jitterMs: options.jitterMs } : {}),
    onRefreshTokenLapsing: (connectionId) => {
      const record = store.getConnection(connectionId);
      if (record) notify('about_to_lapse', record.label);
    },
  });
  const readModel = new ConnectionReadModel({ store, providers, endpoints, keeper, now });
  const feed = new ChangeFeed(
    (payload) => events.emit('connections:changed', payload),
    (ids) => readModel.summariesOf(ids),
  );
  late.scheduler = plan;
  late.changes = feed;
  const connectFlow = new ConnectFlow({
    store,
    providers,
    endpoints,
    keeper,
    history,
    browser,
    secrets,
    environment: options.environment,
    now,
    ...(options.authorizationTimeoutMs !== undefined
      ? { authorizationTimeoutMs: options.authorizationTimeoutMs }
      : {}),
    onProgress: (progress) => {
      logger.info('connect progress', {
        attemptId: progress.attemptId,
        step: progress.step,
        ...(progress.error ? { error: progress.error.code } : {}),
      });
      if (progress.step === 'done') feed.flush();
      events.emit('connect:progress', progress);
    },
  });
  const actions = new ConnectionActions({
    store,
    vault,
    endpoints,
    keeper,
    onChanged: (connectionId) => feed.changedNow(connectionId),
    onRemoved: (connectionId) => {
      plan.cancel(connectionId);
      feed.removedNow(connectionId);
    },
  });
  const liveness = new LivenessChecker({
    store,
    providers,
    endpoints,
    keeper,
    history,
    now,
    ...(http ? { http } : {}),
    ...(options.timers ? { timers: options.timers } : {}),
  });

  const failedAttempts = new FailedAttempts({
    log: options.attempts,
    store,
    providers,
    secrets,
    now,
    onWriteFailed: (error) =>
      logger.warn('a failed connect attempt could not be logged', {
        error: error instanceof Error ? error.name : typeof error,
      }),
  });

  const context: HandlerContext = {
    appVersion: options.appVersion,
    platform: options.platform,
    environment: options.environment,
    ...(options.sandboxUrl ? { sandboxUrl: options.sandboxUrl } : {}),
    store,
    vault,
    providers,
    apps,
    endpoints,
    keeper,
    history,
    connectFlow,
    failedAttempts,
    attempts: options.attempts,
    system: options.system ?? systemFacts,
    actions,
    readModel,
    scheduler: plan,
    liveness,
    changes: feed,
    events,
    browser,
    clipboard: options.clipboard,
    secrets,
    now,
    ...(http ? { http } : {}),
    updates,
  };
  const kits = new KitService({
    store,
    vault,
    providers,
    apps,
    secrets,
    logger,
    now,
    ledger: options.machineKits?.ledger ?? { has: async () => false, add: async () => undefined },
    onOpened: (preview) => events.emit('kits:opened', preview),
  });
  const handlers: Handlers = {
    ...appHandlers(context),
    ...kitHandlers(kits),
    ...providerHandlers(context),
    ...connectionHandlers(context),
    ...diagnosticsHandlers(context),
    ...settingsHandlers(context),
    ...updatesHandlers(context),
  };

  return {
    handlers,
    events,
    keeper,
    scheduler: plan,
    liveness,
    readModel,
    providers,
    apps,
    kits,
    secrets,
    async prepare() {
      for (const input of options.sandboxApps ?? []) {
        if (
          store
            .listApps()
            .some((app) => app.providerId === input.providerId && app.clientId === input.clientId)
        )
          continue;
        try {
          await apps.save(input);
        } catch (error) {
          logger.warn('sandbox provider app not added', {
            provider: input.providerId,
            code: (error as { code?: string }).code ?? 'INTERNAL',
          });
        }
      }
      if (options.machineKits) await kits.importMachineKits(options.machineKits.dir);
    },
    start() {
      // Records from before origin binding get their origins once, from what they use now.
      for (const record of store.listConnections()) {
        try {
          endpoints.originsOf(record);
        } catch {
          // Its app or provider is gone: it cannot send anything anywhere; reported where used.
        }
      }
      plan.start();
      liveness.start();
      logger.info('services started', {
        environment: options.environment,
        connections: store.listConnections().length,
      });
    },
    resume() {
      plan.catchUp();
    },
    async stop(timeoutMs) {
      plan.stop();
      liveness.stop();
      const result = await keeper.stop(timeoutMs);
      feed.stop();
      store.flush();
      if (result.unfinished > 0 || result.unsaved > 0) logger.warn('stopped with work left', result);
      return result;
    },
  };
}
