import type { AppErrorData } from './errors';
import type { ConnectionDetail, EnvironmentName, HealthReport } from './models';
import type { ConnectGrant } from './providers/provider-schema';

/**
 * A support report: one connection or all of them, the failed connect attempts, and the facts
 * about the machine a technician asks for first. Written by the main process with every secret
 * removed, opened read-only by another installation (main validates it: src/main/diagnostics/
 * report-schema.ts). Types only: the renderer bundles no validation library.
 */

export const REPORT_FORMAT = 'pos-connect-report';
/** Bumped when a field changes meaning; a reader refuses versions it does not know. */
export const REPORT_VERSION = 2;
/** The largest report file "Open a report" reads. */
export const REPORT_MAX_BYTES = 32 * 1024 * 1024;
/** History lines per connection in a report of all connections (a single one carries all of them). */
export const REPORT_HISTORY_PER_CONNECTION = 20;

/** When a connect failed: making a new connection, or making an existing one again. */
export type AttemptMoment = 'first_connect' | 'reconnect';

/** One failed (or cancelled) connect attempt as a report carries it: no secret, no typed value. */
export interface ReportAttempt {
  at: string;
  startedAt?: string;
  providerId: string;
  providerName?: string;
  appId?: string;
  grant: ConnectGrant;
  moment: AttemptMoment;
  /** The connection a failed reconnect was for. */
  connectionId?: string;
  /** The token endpoint's host (no path, no query). */
  host?: string;
  error: AppErrorData;
}

/**
 * How far this computer's clock is from a vendor's server, from the Date header of a request made
 * while the report was written (one-second resolution), or why it was not measured.
 */
export type ClockSkew =
  { skewMs: number; source: string; host: string; measuredAt: string } | { skewMs: null; reason: string };

export interface ReportSystem {
  /** The computer's name, so a technician can tell two shops' files apart. */
  machine: string;
  /** os.type(), e.g. "Windows_NT", "Darwin", "Linux". */
  os: string;
  platform: string;
  release: string;
  arch: string;
  locale: string;
  timeZone: string;
  /** Minutes east of UTC when the report was written. */
  utcOffsetMinutes: number;
}

export interface ReportProvider {
  id: string;
  name: string;
  builtin: boolean;
  endpoints?: Record<string, string | undefined>;
}

export interface ReportProviderApp {
  label: string;
  clientId: string;
  hasClientSecret: boolean;
  redirectUri: string | null;
  params: Record<string, string>;
}

export interface ReportConnection {
  detail: ConnectionDetail;
  provider: ReportProvider;
  providerApp: ReportProviderApp | null;
  /** Run while writing a report of this one connection; null in a report of all connections. */
  healthCheck: HealthReport | null;
}

export interface SupportReport {
  format: typeof REPORT_FORMAT;
  version: typeof REPORT_VERSION;
  generatedAt: string;
  scope: 'connection' | 'all';
  app: {
    name: string;
    version: string;
    environment: EnvironmentName;
    /** pos-connect.db's schema version. */
    databaseSchemaVersion: number;
    language: string;
  };
  system: ReportSystem;
  clockSkew: ClockSkew;
  connections: ReportConnection[];
  /** Failed connect attempts, most recent first (for one connection: its failed reconnects). */
  attempts: ReportAttempt[];
  settings: {
    refreshLeadSeconds: number;
    refreshTokenWarningHours: number;
    overriddenProviders: string[];
  };
  redaction: string;
}

/** A received report, validated by main, as the viewer shows it. */
export interface OpenedReport {
  fileName: string;
  report: SupportReport;
}
