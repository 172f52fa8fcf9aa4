import { AppError } from '../../shared/errors';
import type { ProviderDefinition } from '../../shared/providers/provider-schema';
import type { HttpOptions } from '../oauth/http';
import type { TokenEndpointConfig } from '../oauth/token-request';
import type { ConnectionRecord, MetadataStore, SecretStore } from '../ports';
import type { ProviderRegistry } from '../providers/provider-registry';
import type { SecretRegistry } from '../security/redact';

/** Where a connection's requests go and with which client: its provider app and the endpoints in force. */
export class ConnectionEndpoints {
  constructor(
    private readonly deps: {
      store: MetadataStore;
      vault: SecretStore;
      providers: ProviderRegistry;
      secrets: SecretRegistry;
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

  /** The connection's provider app and the endpoints in force for it; reads no secret. */
  endpointsOf(record: Pick<ConnectionRecord, 'appId'>, provider?: ProviderDefinition) {
    const app = this.deps.store.getApp(record.appId);
    if (!app) {
      throw new AppError({
        code: 'NOT_FOUND',
        message:
          'The provider app of this connection was removed. Add it again in the settings, then reconnect.',
        detail: `app ${record.appId}`,
      });
    }
    const definition = provider ?? this.deps.providers.get(app.providerId);
    return { app, provider: definition, endpoints: this.deps.providers.endpointsFor(definition, app) };
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

  /** Everything a token request needs, the client secret read from the vault. */
  async tokenConfig(
    record: Pick<ConnectionRecord, 'appId' | 'params'>,
    provider?: ProviderDefinition,
  ): Promise<TokenEndpointConfig> {
    const { app, provider: definition, endpoints } = this.endpointsOf(record, provider);
    const clientSecret = app.hasClientSecret ? await this.deps.vault.getAppSecret(app.id) : undefined;
    this.deps.secrets.add(clientSecret);
    return {
      provider: definition,
      endpoints,
      client: { clientId: app.clientId, ...(clientSecret ? { clientSecret } : {}) },
      params: { ...app.params, ...record.params },
      ...(this.deps.http ? { http: this.deps.http } : {}),
    };
  }
}
