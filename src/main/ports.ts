import type { AppErrorData } from '../shared/errors';
import type {
  ConnectGrant,
  EnvironmentName,
  HistoryEvent,
  ProviderApp,
  Settings,
  UpdateStatus,
} from '../shared/models';
import type { AttemptMoment } from '../shared/report';
import type { SecretOrigins } from './security/origin-binding';

/**
 * The ports of the main process: what the features (connections, providers, apps, diagnostics)
 * need from storage, the keychain and the desktop, in one place below all of them. Adapters (the
 * store, the vault, Electron) implement them; no feature imports another feature's types for these.
 */

/** What is stored about a connection's health; `connected` is refined by time when shown. */
export type StoredState = 'connected' | 'needs_reauthorization' | 'failed' | 'disconnected';

/** What is kept about a connection between runs: metadata only, the secrets are in the vault. */
export interface ConnectionRecord {
  id: string;
  providerId: string;
  appId: string;
  label: string;
  grant: ConnectGrant;
  environment: EnvironmentName;
  requestedScopes: string[];
  /** Scopes typed by a person outside the vendor's catalogue (also in requestedScopes). */
  extraScopes?: string[];
  grantedScopes: string[];
  scopesSource: 'response' | 'request';
  /** Epoch ms, local clock. */
  accessTokenExpiresAt?: number;
  refreshTokenExpiresAt?: number;
  hasRefreshToken: boolean;
  apiBaseUrl?: string;
  createdAt: number;
  lastRefreshAt?: number;
  state: StoredState;
  stateReason?: AppErrorData;
  lastRefreshFailed: boolean;
  /** Connection-level parameters (org_id, the service account's username); never secrets. */
  params: Record<string, string>;
  keepsPassword: boolean;
  lastTokenResponse?: { at: number; status: number; body: Record<string, unknown> };
  /** Where this connection's secrets may go, recorded at connect (security/origin-binding.ts). */
  origins?: SecretOrigins;
}

/** The secrets of one connection, replaced together in one vault write. */
export interface ConnectionSecrets {
  accessToken: string;
  refreshToken?: string;
  /** Only when the user asked for unattended renewal of a password grant. */
  password?: string;
}

/** Where connection metadata, provider apps, settings and histories live (pos-connect.db, src/main/db/). */
export interface MetadataStore {
  getSettings(): Settings;
  listApps(): ProviderApp[];
  getApp(appId: string): ProviderApp | undefined;
  saveApp(app: ProviderApp): void;
  deleteApp(appId: string): void;
  listConnections(): ConnectionRecord[];
  getConnection(id: string): ConnectionRecord | undefined;
  saveConnection(record: ConnectionRecord): void;
  deleteConnection(id: string): void;
  appendHistory(connectionId: string, event: HistoryEvent): void;
  getHistory(connectionId: string): HistoryEvent[];
  /** Custom provider definitions exactly as the user gave them; validated by the registry. */
  listCustomProviders(): unknown[];
  saveCustomProvider(id: string, definition: unknown): void;
  deleteCustomProvider(id: string): void;
}

/** The keychain-protected vault. */
export interface SecretStore {
  getConnectionSecrets(connectionId: string): Promise<ConnectionSecrets | undefined>;
  /** Replaces the connection's secrets in one atomic write. */
  putConnectionSecrets(connectionId: string, secrets: ConnectionSecrets): Promise<void>;
  deleteConnectionSecrets(connectionId: string): Promise<void>;
  getAppSecret(appId: string): Promise<string | undefined>;
  putAppSecret(appId: string, secret: string): Promise<void>;
  deleteAppSecret(appId: string): Promise<void>;
  /** Re-reads stored secrets: another instance may have rotated a refresh token. */
  reload(): Promise<void>;
}

export interface Notifier {
  notify(title: string, body: string): void;
}

export interface ClipboardPort {
  writeText(text: string): void;
}

export type Clock = () => number;

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

/** The app's own updates (updates/update-controller.ts over electron-updater). */
export interface UpdatesPort {
  status(): UpdateStatus;
  subscribe(listener: (status: UpdateStatus) => void): () => void;
  /** Quits and installs a downloaded, verified update; an AppError unless one is ready. */
  restartToUpdate(): Promise<void>;
}

/** One failed (or cancelled) connect attempt, kept without any secret or typed value. */
export interface FailedAttempt {
  /** Epoch ms when it failed. */
  at: number;
  startedAt?: number;
  providerId: string;
  providerName?: string;
  appId?: string;
  grant: ConnectGrant;
  moment: AttemptMoment;
  connectionId?: string;
  /** The token endpoint's host. */
  host?: string;
  /** Redacted before it is appended. */
  error: AppErrorData;
}

/** The attempts log (pos-connect.db, src/main/db/attempts-log.ts): bounded in time and count. */
export interface AttemptsLogPort {
  append(attempt: FailedAttempt): void;
  /** Most recent first, within the kept time. */
  list(limit?: number): FailedAttempt[];
}

/** Which kits from the machine-wide folder were already imported, by content hash (imported once). */
export interface KitLedger {
  has(hash: string): Promise<boolean>;
  add(hash: string, fileName: string): Promise<void>;
}
