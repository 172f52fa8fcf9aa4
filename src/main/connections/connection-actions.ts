import type { ConnectionRecord, MetadataStore, SecretStore } from '../ports';
import { revokeToken } from '../oauth/revoke';
import type { ConnectionEndpoints } from './connection-endpoints';
import type { TokenKeeper } from './token-keeper';

/** What a person does to an existing connection besides renewing it: rename and disconnect. */
export class ConnectionActions {
  constructor(
    private readonly deps: {
      store: MetadataStore;
      vault: SecretStore;
      endpoints: ConnectionEndpoints;
      keeper: TokenKeeper;
      /** The connection changed or went: announce it, and stop planning its refreshes when gone. */
      onChanged: (connectionId: string) => void;
      onRemoved: (connectionId: string) => void;
    },
  ) {}

  rename(connectionId: string, label: string): ConnectionRecord {
    const record = { ...this.deps.endpoints.record(connectionId), label: label.trim() };
    this.deps.store.saveConnection(record);
    this.deps.onChanged(connectionId);
    return record;
  }

  /** Revoke where the vendor offers it, then delete the secrets, then the metadata. */
  async disconnect(connectionId: string): Promise<{ revoked: boolean; secretsDeleted: boolean }> {
    const record = this.deps.endpoints.record(connectionId);
    let revoked = false;
    const secrets = await this.deps.keeper.secretsOf(connectionId).catch(() => undefined);
    try {
      const config = await this.deps.endpoints.tokenConfig(record);
      if (config.endpoints.revocation && secrets) {
        const token = secrets.refreshToken ?? secrets.accessToken;
        await revokeToken(config, token, secrets.refreshToken ? 'refresh_token' : 'access_token');
        revoked = true;
      }
    } catch {
      // Revocation is a courtesy to the provider; the local secrets are deleted either way.
    }
    // If this throws (keychain unavailable), nothing is deleted: the connection stays intact, and
    // so do its planned refreshes.
    await this.deps.vault.deleteConnectionSecrets(connectionId);
    this.deps.keeper.forget(connectionId);
    this.deps.store.deleteConnection(connectionId);
    this.deps.onRemoved(connectionId);
    return { revoked, secretsDeleted: true };
  }
}
