import type { EnvironmentName, ExportedReport, HealthReport } from '../../shared/models';
import {
  REPORT_FORMAT,
  REPORT_HISTORY_PER_CONNECTION,
  REPORT_VERSION,
  type ReportAttempt,
  type ReportConnection,
  type SupportReport,
} from '../../shared/report';
import type { ConnectionEndpoints } from '../connections/connection-endpoints';
import type { ConnectionReadModel } from '../connections/read-model';
import { SCHEMA_VERSION } from '../db/schema';
import type { HttpOptions } from '../oauth/http';
import type { AttemptsLogPort, Clock, ConnectionRecord, FailedAttempt, MetadataStore } from '../ports';
import type { ProviderRegistry } from '../providers/provider-registry';
import { redactUrl, type SecretRegistry } from '../security/redact';
import { measureClockSkew, skewFromHealthCheck } from './clock-skew';
import type { SystemFactsPort } from './system-facts';

export interface ReportDeps {
  endpoints: ConnectionEndpoints;
  readModel: ConnectionReadModel;
  store: MetadataStore;
  providers: ProviderRegistry;
  secrets: SecretRegistry;
  attempts: AttemptsLogPort;
  system: SystemFactsPort;
  now: Clock;
  appVersion: string;
  environment: EnvironmentName;
  http?: HttpOptions;
  /** The vault's secrets of a connection and of a provider app, for redaction by value. */
  vaultSecretsOf: (connectionId: string | undefined, appId: string | undefined) => Promise<string[]>;
  healthCheck: (connectionId: string) => Promise<HealthReport>;
}

export type ReportScope = { connectionId: string } | { all: true };

const REDACTION =
  'Tokens, client secrets, passwords, codes, PKCE verifiers and states are removed from this report; tokens appear only as masked previews.';

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'connection'
  );
}

/**
 * A report for a support ticket, of one connection or of all of them: what each connection is
 * (the detail the app shows, its history, a health check for a single one), the failed connect
 * attempts, the app's version and the computer's facts (OS, locale, time zone, clock skew). Built
 * from metadata only (tokens are never read into it), then redacted value by value: of every
 * secret this process has seen, and of the vault's own secrets of what it covers.
 */
export async function exportReport(deps: ReportDeps, scope: ReportScope): Promise<ExportedReport> {
  const now = deps.now();
  const records = 'all' in scope ? deps.store.listConnections() : [deps.endpoints.record(scope.connectionId)];
  const single = 'connectionId' in scope ? records[0] : undefined;

  const connections: ReportConnection[] = [];
  for (const record of records) {
    connections.push(await connectionPart(deps, record, single !== undefined));
  }
  const logged = deps.attempts.list();
  const attempts = (
    single
      ? logged.filter(
          (a) => a.connectionId === single.id || (a.moment === 'first_connect' && a.appId === single.appId),
        )
      : logged
  ).map(toReportAttempt);

  const settings = deps.store.getSettings();
  const report: SupportReport = {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    generatedAt: new Date(now).toISOString(),
    scope: single ? 'connection' : 'all',
    app: {
      name: 'POS Connect',
      version: deps.appVersion,
      environment: deps.environment,
      databaseSchemaVersion: SCHEMA_VERSION,
      language: settings.language,
    },
    system: deps.system(now),
    clockSkew:
      single && connections[0]
        ? skewFromHealthCheck(connections[0])
        : await measureClockSkew(skewEndpoint(deps, logged, records), deps),
    connections,
    attempts,
    settings: {
      refreshLeadSeconds: settings.refreshLeadSeconds,
      refreshTokenWarningHours: settings.refreshTokenWarningHours,
      overriddenProviders: Object.keys(settings.endpointOverrides).filter((id) =>
        Object.values(settings.endpointOverrides[id] ?? {}).some(Boolean),
      ),
    },
    redaction: REDACTION,
  };

  // The vault's own secrets of what the report covers join the process's registry (what it is for:
  // secrets the vault holds), so one pass over the report's strings finds them all; a list given
  // per call would be indexed again for each of the ~100,000 strings of 1,000 connections.
  deps.secrets.add(...(await ownSecrets(deps, records, logged)));
  // Redacted value by value, then serialised: the file stays valid JSON whatever a value held.
  const content = JSON.stringify(deps.secrets.redactValue(report), null, 2);
  const date = new Date(now).toISOString().slice(0, 10);
  const fileName = single
    ? `pos-connect-report-${slug(single.providerId)}-${slug(single.label)}-${date}.json`
    : `pos-connect-report-all-${date}.json`;
  return { fileName, content };
}

async function connectionPart(
  deps: ReportDeps,
  record: ConnectionRecord,
  withHealthCheck: boolean,
): Promise<ReportConnection> {
  const detail = await deps.readModel.detail(record.id);
  if (!withHealthCheck) detail.history = detail.history.slice(-REPORT_HISTORY_PER_CONNECTION);
  let provider: ReportConnection['provider'] = {
    id: record.providerId,
    name: record.providerId,
    builtin: false,
  };
  const app = deps.store.getApp(record.appId);
  try {
    const definition = deps.providers.get(record.providerId);
    provider = { id: definition.id, name: definition.name, builtin: definition.builtin };
    const endpoints = safeEndpoints(deps, record);
    if (endpoints) provider.endpoints = endpoints;
  } catch {
    // A provider that is gone: the detail's state says so.
  }
  return {
    detail,
    provider,
    providerApp: app
      ? {
          label: app.label,
          clientId: app.clientId,
          hasClientSecret: app.hasClientSecret,
          redirectUri: app.redirectUri ?? null,
          params: app.params,
        }
      : null,
    healthCheck: withHealthCheck ? await deps.healthCheck(record.id) : null,
  };
}

function safeEndpoints(
  deps: ReportDeps,
  record: ConnectionRecord,
): Record<string, string | undefined> | undefined {
  try {
    const app = deps.store.getApp(record.appId);
    const endpoints = deps.providers.endpointsFor(
      deps.providers.get(record.providerId),
      app,
      record.environment,
    );
    return Object.fromEntries(
      Object.entries(endpoints).map(([name, url]) => [name, url ? redactUrl(url) : url]),
    );
  } catch {
    return undefined;
  }
}

function toReportAttempt(attempt: FailedAttempt): ReportAttempt {
  const { at, startedAt, ...rest } = attempt;
  return {
    ...rest,
    at: new Date(at).toISOString(),
    ...(startedAt !== undefined ? { startedAt: new Date(startedAt).toISOString() } : {}),
  };
}

/** The token endpoint to ask for the time: the last failed attempt's vendor, else a connection's. */
function skewEndpoint(
  deps: ReportDeps,
  attempts: FailedAttempt[],
  records: ConnectionRecord[],
): string | undefined {
  const appIds = [
    ...attempts.map((a) => a.appId),
    ...records.map((r) => r.appId),
    ...deps.store.listApps().map((a) => a.id),
  ];
  for (const appId of appIds) {
    const app = appId ? deps.store.getApp(appId) : undefined;
    if (!app) continue;
    try {
      return deps.providers.endpointsFor(deps.providers.get(app.providerId), app).token;
    } catch {
      // Try the next one.
    }
  }
  return undefined;
}

async function ownSecrets(
  deps: ReportDeps,
  records: ConnectionRecord[],
  attempts: FailedAttempt[],
): Promise<string[]> {
  const appIds = new Set([
    ...records.map((r) => r.appId),
    ...attempts.flatMap((a) => (a.appId ? [a.appId] : [])),
  ]);
  const lists = await Promise.all([
    ...records.map((r) => deps.vaultSecretsOf(r.id, undefined).catch(() => [])),
    ...[...appIds].map((appId) => deps.vaultSecretsOf(undefined, appId).catch(() => [])),
  ]);
  return lists.flat();
}
