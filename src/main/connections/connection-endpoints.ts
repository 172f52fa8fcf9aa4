import { AppError } from '../../shared/errors';
import type { EnvironmentName } from '../../shared/models';
import type { ProviderDefinition } from '../../shared/providers/provider-schema';
import type { HttpOptions } from '../oauth/http';
import type { TokenEndpointConfig } from '../oauth/token-request';
import type { ConnectionRecord, MetadataStore, SecretStore } from '../ports';
import type { ProviderRegistry } from '../providers/provider-registry';
import { destinationsOf, originsOf, type SecretOrigins } from '../security/origin-binding';
import type { SecretRegistry } from '../security/redact';
import type { HistoryLog } from './history-log';

/** Where a connection's requests go and with which client: its provider app and the endpoints in force. */
export class ConnectionEndpoints {
  constructor(
    private readonly deps: {
      store: MetadataStore;
      vault: SecretStore;
      providers: ProviderRegistry;
      secrets: SecretRegistry;
      history: HistoryLog;
      /** The environment the app runs in: that of new connections. */
      environment: EnvironmentName;
      http?: HttpOptions;
    },
  ) {}

  record(connectionId: string): ConnectionRecord {
    const record = this.deps.store.getConnection(connectionId);
    if (!record) {
      throw new AppError({
        code: 'NOT_FOUND',
        message: 'This connection no longer exists.',
        detail: `connection ${connectionId}`,
      });
    }
    return record;
  }

  /**
   * The connection's provider app and the endpoints in force for it (the sandbox's only for a
   * connection made in sandbox mode); reads no secret.
   */
  endpointsOf(
    record: Pick<ConnectionRecord, 'appId'> & Partial<Pick<ConnectionRecord, 'providerId' | 'environment'>>,
    provider?: ProviderDefinition,
  ) {
    const app = this.deps.store.getApp(record.appId);
    if (!app) {
      throw new AppError({
        code: 'NOT_FOUND',
        message:
          'The provider app of this connection was removed. Add it again in the settings, then reconnect.',
        detail: `app ${record.appId}`,
      });
    }
    if (record.providerId !== undefined && app.providerId !== record.providerId) {
      // The app now names another provider (an edited config.json): its secrets stay where they were.
      throw new AppError({
        code: 'ORIGIN_NOT_ALLOWED',
        message: `This connection was authorized with ${record.providerId}, but its provider app now belongs to ${app.providerId}. Reconnect with an app of ${record.providerId}.`,
        detail: `app ${app.id} provider ${app.providerId} != connection provider ${record.providerId}`,
        params: { host: app.providerId },
      });
    }
    const definition = provider ?? this.deps.providers.get(app.providerId);
    const environment = record.environment ?? this.deps.environment;
    return {
      app,
      provider: definition,
      endpoints: this.deps.providers.endpointsFor(definition, app, environment),
    };
  }

  /**
   * The origins the connection's secrets may reach. A record from before origin binding gets
   * them once, from the endpoints it uses now, and its history says so.
   */
  originsOf(record: ConnectionRecord): SecretOrigins {
    if (record.origins) return record.origins;
    const { endpoints } = this.endpointsOf(record);
    const origins = originsOf({
      ...endpoints,
      ...(record.apiBaseUrl ? { apiBase: record.apiBaseUrl } : {}),
    });
    this.deps.store.saveConnection({ ...record, origins });
    this.deps.history.write(record.id, {
      kind: 'origins_bound',
      summary:
        'This connection was made before POS Connect recorded where its secrets may go; the addresses it uses now were recorded, and only these will receive its secrets.',
      data: { origins: destinationsOf(origins) },
    });
    return origins;
  }

  /** Every origin a request carrying this connection's secrets may go to (checked by oauth/http.ts). */
  destinationsOf(record: ConnectionRecord): string[] {
    return destinationsOf(this.originsOf(record));
  }

  /** Where the connection's API calls go: announced by its tokens (PowerEPOS), else the provider's. */
  apiBaseOf(record: ConnectionRecord): string | undefined {
    if (record.apiBaseUrl) return record.apiBaseUrl;
    try {
      return this.endpointsOf(record).endpoints.apiBase;
    } catch {
      return undefined;
    }
  }

  /**
   * Everything a token request needs, the client secret read from the vault. An existing
   * connection (a record with an id) is bound to its recorded origins; a new one to the endpoints
   * it resolves now.
   */
  async tokenConfig(
    record: Pick<ConnectionRecord, 'appId' | 'params'> & Partial<ConnectionRecord>,
    provider?: ProviderDefinition,
  ): Promise<TokenEndpointConfig> {
    const { app, provider: definition, endpoints } = this.endpointsOf(record, provider);
    const bound = record.id !== undefined ? this.destinationsOf(record as ConnectionRecord) : undefined;
    const clientSecret = app.hasClientSecret ? await this.deps.vault.getAppSecret(app.id) : undefined;
    this.deps.secrets.add(clientSecret);
    return {
      provider: definition,
      endpoints,
      client: { clientId: app.clientId, ...(clientSecret ? { clientSecret } : {}) },
      params: { ...app.params, ...record.params },
      ...(this.deps.http ? { http: this.deps.http } : {}),
      ...(bound ? { destinations: bound } : {}),
    };
  }
}
