import type { ExportedReport, HealthReport } from '../../shared/models';
import type { ConnectionEndpoints } from '../connections/connection-endpoints';
import type { TokenKeeper } from '../connections/token-keeper';
import type { MetadataStore } from '../ports';
import type { ProviderRegistry } from '../providers/provider-registry';
import { redactUrl, type SecretRegistry } from '../security/redact';
import type { Clock } from '../ports';
import { toSummary } from '../connections/connection-view';

export interface ReportDeps {
  endpoints: ConnectionEndpoints;
  keeper: TokenKeeper;
  store: MetadataStore;
  providers: ProviderRegistry;
  secrets: SecretRegistry;
  vaultSecretsOf: (connectionId: string, appId: string) => Promise<string[]>;
  now: Clock;
  appVersion: string;
}

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
 * A connection's report for a support ticket: provider, settings, history, last errors and a health
 * check, as JSON. Built from metadata only (tokens are never read into it), then scrubbed twice: of
 * every secret this process has seen, and of this connection's own vault secrets by value.
 */
export async function exportReport(
  deps: ReportDeps,
  connectionId: string,
  health: HealthReport,
): Promise<ExportedReport> {
  const record = deps.endpoints.record(connectionId);
  const provider = deps.providers.get(record.providerId);
  const app = deps.store.getApp(record.appId);
  const settings = deps.store.getSettings();
  const history = deps.store.getHistory(connectionId);
  const now = deps.now();
  const summary = toSummary(record, provider, {
    now,
    settings,
    refreshing: deps.keeper.isRefreshing(connectionId),
    canRenew: deps.keeper.canRenew(record),
  });

  const report = {
    kind: 'POS Connect connection report',
    generatedAt: new Date(now).toISOString(),
    app: { version: deps.appVersion, environment: record.environment },
    provider: {
      id: provider.id,
      name: provider.name,
      builtin: provider.builtin,
      endpoints: app ? safeEndpoints(deps, provider.id, app.params) : undefined,
      tokenRequest: provider.tokenRequest,
      grants: provider.grants,
      assumptions: provider.assumptions,
    },
    providerApp: app
      ? {
          label: app.label,
          clientId: app.clientId,
          hasClientSecret: app.hasClientSecret,
          redirectUri: app.redirectUri ?? null,
          params: app.params,
        }
      : null,
    settings: {
      refreshLeadSeconds: settings.refreshLeadSeconds,
      refreshTokenWarningHours: settings.refreshTokenWarningHours,
      overridden: Boolean(settings.endpointOverrides[provider.id]),
    },
    connection: { ...summary, params: record.params, keepsPassword: record.keepsPassword },
    lastTokenResponse: record.lastTokenResponse
      ? { ...record.lastTokenResponse, at: new Date(record.lastTokenResponse.at).toISOString() }
      : null,
    lastErrors: history.filter((event) => event.error).slice(-10),
    history,
    healthCheck: health,
    redaction: 'Tokens, client secrets, passwords, codes and PKCE verifiers are removed from this report.',
  };

  const own = await deps.vaultSecretsOf(connectionId, record.appId).catch(() => []);
  // Redacted value by value, then serialised: the file stays valid JSON whatever a value held.
  const content = JSON.stringify(deps.secrets.redactValue(report, own), null, 2);
  const date = new Date(now).toISOString().slice(0, 10);
  return { fileName: `pos-connect-${slug(provider.id)}-${slug(record.label)}-${date}.json`, content };
}

function safeEndpoints(deps: ReportDeps, providerId: string, params: Record<string, string>) {
  try {
    const endpoints = deps.providers.endpointsFor(deps.providers.get(providerId), { params });
    return Object.fromEntries(
      Object.entries(endpoints).map(([name, url]) => [name, url ? redactUrl(url) : url]),
    );
  } catch {
    return undefined;
  }
}
