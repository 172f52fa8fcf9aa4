import type { RenewalKind } from './renewal';
import type { AppErrorData } from './errors';
import type { ConnectGrant, FieldProblem, GrantType, ProviderDefinition } from './providers/provider-schema';

/**
 * What the renderer may know. Nothing here is a secret: tokens, client secrets and passwords stay
 * in the main process; the renderer sees whether they exist, masked previews and expiry times.
 */

export type EnvironmentName = 'production' | 'sandbox';

export interface AppInfo {
  name: string;
  version: string;
  platform: string;
  environment: EnvironmentName;
  /** Where the sandbox runs when environment is 'sandbox'. */
  sandboxUrl?: string;
  keychain: { available: boolean; error?: AppErrorData };
  /** Problems found while loading settings or the vault (a corrupt file kept aside). */
  startupProblems: AppErrorData[];
}

/**
 * The app's own updates. 'off': this build has no update feed (set at build time), or it is a
 * development run; otherwise the app checks on start and daily, downloads in the background and
 * offers to restart once an update is downloaded and verified.
 */
export type UpdateStatus =
  | { state: 'off'; reason: 'no-feed' | 'development' }
  | { state: 'idle' }
  | { state: 'checking' }
  | { state: 'up-to-date'; checkedAt: string }
  | { state: 'downloading'; version: string; percent: number }
  | { state: 'ready'; version: string }
  | { state: 'failed'; error: AppErrorData; checkedAt: string };

export interface ProviderSummary {
  definition: ProviderDefinition;
  /** The endpoints in force after the environment and the user's overrides. */
  effectiveEndpoints: { authorization?: string; token: string; revocation?: string; apiBase?: string };
  overridden: boolean;
}

export interface CustomProviderProblem {
  id: string;
  problems: FieldProblem[];
}

/** A client registration with a vendor, shared by that vendor's connections. */
export interface ProviderApp {
  id: string;
  providerId: string;
  label: string;
  clientId: string;
  hasClientSecret: boolean;
  /** Fixed loopback port for vendors that match redirect URIs exactly. */
  redirectPort?: number;
  /** The exact redirect URI to register with the vendor (absent for ephemeral-port providers). */
  redirectUri?: string;
  /** App-level extra parameters (audience, tenant URIs); never secrets. */
  params: Record<string, string>;
  /** Scopes suggested for this app's connections (a connection kit's choice). */
  suggestedScopes?: string[];
  createdAt: string;
}

export const CONNECTION_STATES = [
  'connected',
  'expiring_soon',
  'refreshing',
  'needs_reauthorization',
  'failed',
  'disconnected',
] as const;
export type ConnectionState = (typeof CONNECTION_STATES)[number];

export interface TokenPreview {
  /** e.g. "eyJh…Q3x9 (1,024 chars)": enough to tell two tokens apart, not to use one. English, for reports. */
  masked: string;
  /**
   * The same in parts, for the window to say in its language: "eyJh…Q3x9" (absent under 16
   * characters), 1024. Absent in a report written before they existed (then `masked` is shown).
   */
  ends?: string;
  length?: number;
  expiresAt?: string;
  /** Decoded JWT header and payload claims (never the signature), when the token is a JWT. */
  jwt?: { header: Record<string, unknown>; claims: Record<string, unknown> };
}

export interface ConnectionSummary {
  id: string;
  providerId: string;
  providerName: string;
  appId: string;
  label: string;
  grant: ConnectGrant;
  environment: EnvironmentName;
  state: ConnectionState;
  /** Why the connection needs re-authorization or failed. */
  stateReason?: AppErrorData;
  accessTokenExpiresAt?: string;
  refreshTokenExpiresAt?: string;
  hasRefreshToken: boolean;
  /** How it renews itself without a person (src/shared/renewal.ts). */
  renewal: RenewalKind;
  requestedScopes: string[];
  /** Requested scopes typed by a person that are not in the vendor's list. */
  extraScopes: string[];
  grantedScopes: string[];
  /** Whether grantedScopes came from the token response or were assumed from the request. */
  scopesSource: 'response' | 'request';
  apiBaseUrl?: string;
  createdAt: string;
  lastRefreshAt?: string;
  /** Things a person should look at first, most urgent first. */
  attention: AttentionItem[];
}

/** How many connections each answer of "Check all now" covers. */
export interface CheckAllResult {
  works: number;
  renewed: number;
  rejected: number;
  unreachable: number;
  skipped: number;
}

/** What the connections:changed event carries: the connections that changed and those that went. */
export interface ConnectionChanges {
  changed: ConnectionSummary[];
  removed: string[];
}

export interface AttentionItem {
  kind: 'needs_reauthorization' | 'refresh_token_expiring' | 'refresh_failed' | 'access_token_expired';
  at?: string;
}

export const HISTORY_EVENT_KINDS = [
  'connected',
  'refreshed',
  'refresh_failed',
  'scope_changed',
  'service_uri_changed',
  'test_call',
  'needs_reauthorization',
  'error',
  'reconnected',
  'disconnected',
  'token_copied',
  'health_check',
  /**
   * Something a vendor sent that the app had to adjust (a nonsense lifetime, a too-short token), or
   * that worked but deserves a look (no state in the callback, a spent single-use refresh token).
   */
  'warning',
  /** A liveness check: the vendor still accepts the connection (or not). */
  'checked',
  /** Where the connection's secrets may go was recorded (a record from before origin binding). */
  'origins_bound',
] as const;
export type HistoryEventKind = (typeof HISTORY_EVENT_KINDS)[number];

export interface HistoryEvent {
  at: string;
  kind: HistoryEventKind;
  /** A short sentence without secrets. */
  summary: string;
  data?: Record<string, string | number | boolean | string[] | null>;
  error?: AppErrorData;
}

export interface ConnectionDetail extends ConnectionSummary {
  accessToken?: TokenPreview;
  refreshToken?: TokenPreview;
  /** Connection-level parameters (org_id, service account ID); never secrets. */
  params: Record<string, string>;
  keepsPassword: boolean;
  history: HistoryEvent[];
  /** What the token endpoint last answered, secrets removed. */
  lastTokenResponse?: { at: string; status: number; body: Record<string, unknown> };
}

export interface ConnectInput {
  /** Chosen by the renderer so it can cancel before the call returns. */
  attemptId: string;
  appId: string;
  grant: ConnectGrant;
  label: string;
  scopes: string[];
  /** Scopes outside the vendor's catalogue, typed by a person (RFC 6749 scope tokens). */
  extraScopes?: string[];
  /** Connection-level extra parameters (org_id). */
  params: Record<string, string>;
  /** Password grant only; used once, kept only when keepPassword is true. */
  username?: string;
  password?: string;
  keepPassword?: boolean;
  /** Re-authorize this connection instead of creating a new one. */
  reconnectId?: string;
}

export type ConnectStep =
  | 'starting'
  | 'waiting_for_browser'
  | 'exchanging_code'
  | 'requesting_token'
  | 'storing'
  | 'done'
  | 'failed'
  | 'cancelled';

export interface ConnectProgress {
  attemptId: string;
  step: ConnectStep;
  error?: AppErrorData;
  /** The sign-in page has not redirected back for a while: it may be showing the vendor's error. */
  stalled?: boolean;
}

export interface TestCallRequest {
  connectionId: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Relative to the connection's API base URL. */
  path: string;
  headers: Record<string, string>;
  body?: string;
  presetId?: string;
}

export interface TestCallResult {
  status: number;
  statusText: string;
  durationMs: number;
  headers: Record<string, string>;
  body: string;
  bodyTruncated: boolean;
  /** The URL called, redacted. */
  url: string;
  /** Whether a 401 invalid_token led to one refresh and retry. */
  refreshedAndRetried: boolean;
  /** A curl command with the token left as a placeholder. */
  curl: string;
  /** What an error answer means to POS Connect (RFC 6750 challenge or the vendor's envelope). */
  failure?: AppErrorData;
}

export type HealthStatus = 'pass' | 'warn' | 'fail' | 'skipped';

export interface HealthCheckItem {
  id: 'token_endpoint' | 'clock_skew' | 'token_valid' | 'refresh_token' | 'scopes';
  status: HealthStatus;
  /** English, for reports; the window words it from `reason` and `params` in its language. */
  summary: string;
  /** Which finding this is (health.summary.<id>.<reason> in the catalogue). */
  reason: string;
  /** Values the finding names; dates as ISO strings, shown in local time by the window. */
  params?: Record<string, string | number>;
  data?: Record<string, string | number | boolean | null>;
}

export interface HealthReport {
  connectionId: string;
  at: string;
  items: HealthCheckItem[];
  /** Per preset: whether the granted scopes cover it. */
  presets: { id: string; label: string; scope?: string; sufficient: boolean }[];
}

export interface ExportedReport {
  fileName: string;
  /** JSON text with every secret removed. */
  content: string;
}

export type Theme = 'system' | 'light' | 'dark';
export type Language = 'en' | 'fr';

export type { EndpointOverride, Settings } from './settings';

export interface SaveAppInput {
  id?: string;
  providerId: string;
  label: string;
  clientId: string;
  /** Absent keeps the stored secret; empty string removes it. */
  clientSecret?: string;
  redirectPort?: number;
  params: Record<string, string>;
  /** Absent keeps the stored suggestion. */
  suggestedScopes?: string[];
}

export type { GrantType, ConnectGrant };
