import type { AppErrorData } from '../../shared/errors';
import type {
  AppInfo,
  ConnectionChanges,
  ConnectionDetail,
  ConnectionSummary,
  ConnectStep,
  ConnectProgress,
  CustomProviderProblem,
  ProviderApp,
  ProviderSummary,
  SaveAppInput,
  Settings,
  UpdateStatus,
} from '../../shared/models';
import type { ConnectGrant, FieldProblem, ProviderDefinition } from '../../shared/providers/provider-schema';
import type { Result } from '../../shared/result';

/** Loading state of one collection fetched from the main process. */
export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

export type DetailTab = 'overview' | 'test' | 'diagnostics';
/** A received report's connection: its detail and history, and the health check it carried. */
export type ReportTab = 'overview' | 'diagnostics';

export type Route =
  | { name: 'overview' }
  | { name: 'connect'; reconnectId?: string }
  | { name: 'connection'; connectionId: string; tab: DetailTab }
  | { name: 'settings' }
  | { name: 'kits' }
  /** Support reports: export all, open one; `connection` is an index into the opened report. */
  | { name: 'reports'; connection?: number; tab?: ReportTab };

export interface Notice {
  id: number;
  kind: 'success' | 'info';
  text: string;
}

export interface UiSlice {
  route: Route;
  notice: Notice | null;
  navigate: (route: Route) => void;
  showNotice: (kind: Notice['kind'], text: string) => void;
  clearNotice: () => void;
}

export interface SettingsSlice {
  appInfo: AppInfo | null;
  appInfoError: AppErrorData | null;
  settings: Settings | null;
  settingsError: AppErrorData | null;
  /** The app's own updates; null until loaded. */
  updates: UpdateStatus | null;
  loadAppInfo: () => Promise<void>;
  loadSettings: () => Promise<void>;
  setSettings: (settings: Settings) => void;
  updateSettings: (patch: Partial<Settings>) => Promise<Result<Settings>>;
  loadUpdates: () => Promise<void>;
  setUpdates: (updates: UpdateStatus) => void;
  restartToUpdate: () => Promise<Result<{ restarting: true }>>;
}

export interface ProvidersSlice {
  providers: ProviderSummary[];
  providersStatus: LoadStatus;
  providersError: AppErrorData | null;
  apps: ProviderApp[];
  appsStatus: LoadStatus;
  appsError: AppErrorData | null;
  providerProblems: CustomProviderProblem[];
  loadProviders: () => Promise<void>;
  loadApps: () => Promise<void>;
  loadProviderProblems: () => Promise<void>;
  saveApp: (input: SaveAppInput) => Promise<Result<ProviderApp>>;
  deleteApp: (appId: string) => Promise<Result<{ deleted: true }>>;
  importSumupCredentials: (json: string, label?: string) => Promise<Result<ProviderApp>>;
  saveCustomProvider: (
    definition: unknown,
  ) => Promise<
    Result<{ saved: true; provider: ProviderDefinition } | { saved: false; problems: FieldProblem[] }>
  >;
  deleteCustomProvider: (providerId: string) => Promise<Result<{ deleted: true }>>;
}

export interface ConnectionsSlice {
  connections: ConnectionSummary[];
  connectionsStatus: LoadStatus;
  connectionsError: AppErrorData | null;
  details: Record<string, ConnectionDetail>;
  detailErrors: Record<string, AppErrorData>;
  /** Connection IDs with a refresh in flight. */
  refreshing: Record<string, boolean>;
  loadConnections: () => Promise<void>;
  /** Applies a connections:changed event: the changed rows replaced or added, removed ones dropped. */
  applyConnectionChanges: (changes: ConnectionChanges) => void;
  loadDetail: (connectionId: string) => Promise<Result<ConnectionDetail>>;
  storeDetail: (detail: ConnectionDetail) => void;
  refreshConnection: (connectionId: string) => Promise<Result<ConnectionDetail>>;
  renameConnection: (connectionId: string, label: string) => Promise<Result<ConnectionDetail>>;
  disconnectConnection: (
    connectionId: string,
  ) => Promise<Result<{ disconnected: true; revoked: boolean; secretsDeleted: boolean }>>;
}

/** What the wizard has chosen so far; no secret (password, client secret) is ever kept here. */
export interface ConnectDraft {
  reconnectId?: string;
  providerId?: string;
  appId?: string;
  grant?: ConnectGrant;
  scopes: string[];
  /** Scopes outside the vendor's catalogue, as typed (space-separated). */
  extraScopes: string;
  label: string;
  params: Record<string, string>;
  username: string;
  keepPassword: boolean;
}

export type AttemptStep = 'idle' | ConnectStep;

export interface ConnectAttempt {
  attemptId: string | null;
  step: AttemptStep;
  error: AppErrorData | null;
  connectionId?: string;
}

export interface ConnectFlowSlice {
  draft: ConnectDraft;
  attempt: ConnectAttempt;
  updateDraft: (patch: Partial<ConnectDraft>) => void;
  resetConnectFlow: (draft?: Partial<ConnectDraft>) => void;
  startConnect: (secrets: { password?: string }) => Promise<Result<ConnectionDetail>>;
  cancelConnect: () => Promise<void>;
  onConnectProgress: (progress: ConnectProgress) => void;
  clearAttempt: () => void;
}

export type AppState = UiSlice & SettingsSlice & ProvidersSlice & ConnectionsSlice & ConnectFlowSlice;
