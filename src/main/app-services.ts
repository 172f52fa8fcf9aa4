import { AppError, type AppErrorData } from '../shared/errors';
import type {
  AppInfo,
  ConnectionDetail,
  EndpointOverride,
  EnvironmentName,
  Settings,
} from '../shared/models';
import { ProviderApps } from './apps/provider-apps';
import { ConnectionService } from './connections/connection-service';
import { toDetail, toSummary } from './connections/connection-view';
import { RefreshScheduler, type Timers } from './connections/refresh-scheduler';
import { runTestCall } from './connections/test-call';
import type {
  ClipboardPort,
  Clock,
  ConnectionRecord,
  MetadataStore,
  Notifier,
  SecretStore,
} from './connections/types';
import { runHealthCheck } from './diagnostics/health-check';
import { exportReport } from './diagnostics/report';
import { EventHub } from './events';
import type { Handlers } from './ipc/handlers';
import type { Logger } from './logging/logger';
import type { BrowserPort } from './oauth/authorization-code';
import { discoverProvider } from './oauth/discovery';
import type { HttpOptions } from './oauth/http';
import { ProviderRegistry } from './providers/provider-registry';
import { isAllowedExternalUrl } from './security/external-url';
import { SecretRegistry } from './security/redact';

/**
 * The composition root of the main process, without Electron: the same services run inside the
 * app (src/main/index.ts), behind the test bridge, in the integration tests and in the benchmarks.
 * Electron-only capabilities (the system browser, clipboard, notifications) come in as ports.
 */

/** Settings and metadata plus what happened while loading them. */
export interface AppStore extends MetadataStore {
  updateSettings(patch: Partial<Settings>): Settings;
  /** Writes what the store still holds back; called when the services stop. */
  flush(): void;
  readonly startupProblems: AppErrorData[];
}

export interface AppVault extends SecretStore {
  readonly startupProblems: AppErrorData[];
  /** Whether the keychain answered the last time it was asked (undefined: not asked yet). */
  keychainStatus(): { available: boolean; error?: AppErrorData };
}

export interface AppServicesOptions {
  appVersion: string;
  platform: string;
  environment: EnvironmentName;
  sandboxUrl?: string;
  /** The sandbox's URLs per provider ID, when the app runs against it. */
  environmentOverrides?: Record<string, EndpointOverride>;
  store: AppStore;
  vault: AppVault;
  /** Opens a URL in the system browser; checked against the providers' authorization origins first. */
  openExternal: (url: string) => Promise<void>;
  clipboard: ClipboardPort;
  notifier: Notifier;
  logger: Logger;
  secrets?: SecretRegistry;
  now?: Clock;
  timers?: Timers;
  http?: HttpOptions;
  authorizationTimeoutMs?: number;
}

export interface AppServices {
  handlers: Handlers;
  events: EventHub;
  connections: ConnectionService;
  scheduler: RefreshScheduler;
  providers: ProviderRegistry;
  apps: ProviderApps;
  secrets: SecretRegistry;
  start(): void;
  stop(): void;
}

export function createAppServices(options: AppServicesOptions): AppServices {
  const now = options.now ?? Date.now;
  const secrets = options.secrets ?? new SecretRegistry();
  const { store, vault, logger } = options;
  const events = new EventHub();
  const providers = new ProviderRegistry(store, options.environmentOverrides ?? {});
  const apps = new ProviderApps(store, vault, providers, now);

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

  // A change is announced at once; further background changes within 50 ms (a refresh storm)
  // become one trailing event with the latest list. Changes a person waits for never wait.
  let announcing: ReturnType<typeof setTimeout> | undefined;
  let pending = false;
  const announceChanges = (now = false) => {
    if (now) {
      events.emit('connections:changed', summaries());
      return;
    }
    if (announcing) {
      pending = true;
      return;
    }
    events.emit('connections:changed', summaries());
    const quiet = () => {
      if (!pending) {
        announcing = undefined;
        return;
      }
      pending = false;
      events.emit('connections:changed', summaries());
      announcing = setTimeout(quiet, 50);
      announcing.unref?.();
    };
    announcing = setTimeout(quiet, 50);
    announcing.unref?.();
  };
  const summaries = () => {
    const settings = store.getSettings();
    return store.listConnections().map((record) => summaryOf(record, settings));
  };
  const summaryOf = (record: ConnectionRecord, settings = store.getSettings()) => {
    let provider;
    try {
      provider = providers.get(record.providerId);
    } catch {
      provider = undefined;
    }
    return toSummary(record, provider, {
      now: now(),
      settings,
      refreshing: connections.isRefreshing(record.id),
      canRenew: connections.canRenew(record),
    });
  };
  const detailOf = async (connectionId: string): Promise<ConnectionDetail> => {
    const record = connections.record(connectionId);
    const secretsOf = await connections.secretsOf(connectionId).catch(() => undefined);
    const summary = summaryOf(record);
    // Most vendors have a fixed API base; only PowerEPOS's comes with each token.
    const apiBase = connections.apiBaseOf(record);
    if (apiBase) summary.apiBaseUrl = apiBase;
    return toDetail(summary, record, secretsOf, store.getHistory(connectionId));
  };

  const connections: ConnectionService = new ConnectionService({
    store,
    vault,
    providers,
    browser,
    secrets,
    environment: options.environment,
    now,
    ...(options.http ? { http: options.http } : {}),
    ...(options.authorizationTimeoutMs !== undefined
      ? { authorizationTimeoutMs: options.authorizationTimeoutMs }
      : {}),
    onChanged: (connectionId, now) => {
      scheduler.schedule(connectionId);
      announceChanges(now);
    },
    onProgress: (progress) => {
      logger.info('connect progress', {
        attemptId: progress.attemptId,
        step: progress.step,
        ...(progress.error ? { error: progress.error.code } : {}),
      });
      events.emit('connect:progress', progress);
    },
    onNeedsReauthorization: (record) => {
      logger.warn('connection needs re-authorization', {
        connectionId: record.id,
        provider: record.providerId,
      });
      if (store.getSettings().notifications) {
        options.notifier.notify(
          'Reconnect needed',
          `${record.label}: the provider no longer accepts this connection. Open POS Connect to reconnect.`,
        );
      }
    },
  });
  const scheduler = new RefreshScheduler({
    service: connections,
    store,
    providers,
    now,
    ...(options.timers ? { timers: options.timers } : {}),
    onRefreshTokenLapsing: (connectionId) => {
      const record = store.getConnection(connectionId);
      if (record && store.getSettings().notifications) {
        options.notifier.notify(
          'Connection about to lapse',
          `${record.label}: sign in again soon to keep this connection working.`,
        );
      }
    },
  });

  const keychainInfo = (): AppInfo['keychain'] => vault.keychainStatus();

  const handlers: Handlers = {
    'app:info': async () => ({
      name: 'POS Connect',
      version: options.appVersion,
      platform: options.platform,
      environment: options.environment,
      ...(options.sandboxUrl ? { sandboxUrl: options.sandboxUrl } : {}),
      keychain: keychainInfo(),
      startupProblems: [...store.startupProblems, ...vault.startupProblems],
    }),
    'providers:list': async () => providers.summaries(),
    'providers:problems': async () => providers.problems(),
    'providers:saveCustom': async ({ definition }) => providers.saveCustom(definition),
    'providers:deleteCustom': async ({ providerId }) => {
      providers.deleteCustom(providerId);
      return { deleted: true };
    },
    'providers:discover': async ({ url }) => ({ draft: (await discoverProvider(url, options.http)).draft }),

    'apps:list': async () => apps.list(),
    'apps:save': async (input) => apps.save(input),
    'apps:delete': async ({ appId }) => {
      await apps.delete(appId);
      return { deleted: true };
    },
    'apps:importSumupCredentials': async ({ json, label }) => apps.importSumupCredentials(json, label),

    'connections:list': async () => summaries(),
    'connections:get': async ({ connectionId }) => detailOf(connectionId),
    'connections:connect': async (input) => {
      const record = await connections.connect(input);
      return detailOf(record.id);
    },
    'connections:cancelConnect': async ({ attemptId }) => ({
      cancelled: connections.cancelConnect(attemptId),
    }),
    'connections:signInPage': async ({ attemptId, action }) => {
      const url = connections.authorizationUrlOf(attemptId);
      if (action === 'open') await browser.open(url);
      else options.clipboard.writeText(url);
      return { done: true };
    },
    'connections:refresh': async ({ connectionId }) => {
      await connections.refresh(connectionId, 'manual');
      return detailOf(connectionId);
    },
    'connections:rename': async ({ connectionId, label }) => {
      connections.rename(connectionId, label);
      return detailOf(connectionId);
    },
    'connections:disconnect': async ({ connectionId }) => {
      // Cancelled only once it is gone: a refused disconnect keeps the connection, and its refreshes.
      const result = await connections.disconnect(connectionId);
      scheduler.cancel(connectionId);
      return { disconnected: true, ...result };
    },
    'connections:copyAccessToken': async ({ connectionId }) => {
      const token = await connections.accessToken(connectionId);
      options.clipboard.writeText(token);
      connections.history(connectionId, {
        kind: 'token_copied',
        summary: 'The access token was copied to the clipboard.',
      });
      const expiresAt = connections.record(connectionId).accessTokenExpiresAt;
      return {
        copied: true,
        ...(expiresAt !== undefined ? { expiresAt: new Date(expiresAt).toISOString() } : {}),
      };
    },
    'connections:testCall': async (input) =>
      runTestCall(
        { service: connections, providers, secrets, now, ...(options.http ? { http: options.http } : {}) },
        input,
      ),

    'diagnostics:healthCheck': async ({ connectionId }) =>
      runHealthCheck(
        { service: connections, providers, now, ...(options.http ? { http: options.http } : {}) },
        connectionId,
      ),
    'diagnostics:exportReport': async ({ connectionId }) => {
      const health = await runHealthCheck(
        { service: connections, providers, now, ...(options.http ? { http: options.http } : {}) },
        connectionId,
      );
      return exportReport(
        {
          service: connections,
          store,
          providers,
          secrets,
          now,
          appVersion: options.appVersion,
          vaultSecretsOf: async (connectionId, appId) => {
            const own = await connections.secretsOf(connectionId);
            const appSecret = await vault.getAppSecret(appId);
            return [own?.accessToken, own?.refreshToken, own?.password, appSecret].filter(
              (s): s is string => typeof s === 'string',
            );
          },
        },
        connectionId,
        health,
      );
    },

    'settings:get': async () => store.getSettings(),
    'settings:update': async (patch) => {
      const settings = store.updateSettings(patch as Partial<Settings>);
      events.emit('settings:changed', settings);
      for (const record of store.listConnections()) scheduler.schedule(record.id);
      return settings;
    },
    'clipboard:writeText': async ({ text }) => {
      // Only text the renderer already has: refuse anything that holds a known secret.
      if (secrets.leaks(text)) {
        throw new AppError({
          code: 'INVALID_INPUT',
          message: 'This text holds a secret and was not copied.',
          detail: 'clipboard text matched a known secret',
        });
      }
      options.clipboard.writeText(text);
      return { copied: true };
    },
  };

  return {
    handlers,
    events,
    connections,
    scheduler,
    providers,
    apps,
    secrets,
    start() {
      // Records from before origin binding get their origins once, from what they use now.
      for (const record of store.listConnections()) {
        try {
          connections.originsOf(record);
        } catch {
          // Its app or provider is gone: it cannot send anything anywhere; reported where used.
        }
      }
      scheduler.start();
      logger.info('services started', {
        environment: options.environment,
        connections: store.listConnections().length,
      });
    },
    stop() {
      scheduler.stop();
      clearTimeout(announcing);
      announcing = undefined;
      store.flush();
    },
  };
}
