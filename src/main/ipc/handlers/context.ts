import type { EnvironmentName } from '../../../shared/models';
import type { ProviderApps } from '../../apps/provider-apps';
import type { ChangeFeed } from '../../connections/change-feed';
import type { ConnectFlow } from '../../connections/connect-flow';
import type { ConnectionActions } from '../../connections/connection-actions';
import type { ConnectionEndpoints } from '../../connections/connection-endpoints';
import type { HistoryLog } from '../../connections/history-log';
import type { LivenessChecker } from '../../connections/liveness';
import type { ConnectionReadModel } from '../../connections/read-model';
import type { RefreshScheduler } from '../../connections/refresh-scheduler';
import type { TokenKeeper } from '../../connections/token-keeper';
import type { EventHub } from '../../events';
import type { BrowserPort } from '../../oauth/authorization-code';
import type { HttpOptions } from '../../oauth/http';
import type { AppStore, AppVault, ClipboardPort, Clock, UpdatesPort } from '../../ports';
import type { ProviderRegistry } from '../../providers/provider-registry';
import type { SecretRegistry } from '../../security/redact';

/** What the IPC handlers are given: the services the composition root made, and nothing else. */
export interface HandlerContext {
  appVersion: string;
  platform: string;
  environment: EnvironmentName;
  sandboxUrl?: string;
  store: AppStore;
  vault: AppVault;
  providers: ProviderRegistry;
  apps: ProviderApps;
  endpoints: ConnectionEndpoints;
  keeper: TokenKeeper;
  history: HistoryLog;
  connectFlow: ConnectFlow;
  actions: ConnectionActions;
  readModel: ConnectionReadModel;
  scheduler: RefreshScheduler;
  liveness: LivenessChecker;
  changes: ChangeFeed;
  events: EventHub;
  browser: BrowserPort;
  clipboard: ClipboardPort;
  secrets: SecretRegistry;
  now: Clock;
  http?: HttpOptions;
  updates: UpdatesPort;
}
