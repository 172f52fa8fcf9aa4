import type { ConnectionDetail, ConnectionSummary, Settings } from '../../shared/models';
import type { Clock, ConnectionRecord, MetadataStore } from '../ports';
import type { ProviderRegistry } from '../providers/provider-registry';
import type { ConnectionEndpoints } from './connection-endpoints';
import { toDetail, toSummary } from './connection-view';
import type { TokenKeeper } from './token-keeper';

/**
 * What the window is shown of the connections: summaries for the list, a detail for one. A record
 * the view cannot be built from (a provider gone, a date out of range) still shows, as failed,
 * instead of breaking the whole list.
 */
export class ConnectionReadModel {
  constructor(
    private readonly deps: {
      store: MetadataStore;
      providers: ProviderRegistry;
      endpoints: ConnectionEndpoints;
      keeper: TokenKeeper;
      now: Clock;
    },
  ) {}

  summaries(): ConnectionSummary[] {
    const settings = this.deps.store.getSettings();
    return this.deps.store.listConnections().map((record) => this.summaryOf(record, settings));
  }

  /** Summaries of the given connections that still exist. */
  summariesOf(connectionIds: Iterable<string>): ConnectionSummary[] {
    const settings = this.deps.store.getSettings();
    const found: ConnectionSummary[] = [];
    for (const id of connectionIds) {
      const record = this.deps.store.getConnection(id);
      if (record) found.push(this.summaryOf(record, settings));
    }
    return found;
  }

  summaryOf(record: ConnectionRecord, settings: Settings = this.deps.store.getSettings()): ConnectionSummary {
    let provider;
    try {
      provider = this.deps.providers.get(record.providerId);
    } catch {
      provider = undefined;
    }
    return toSummary(record, provider, {
      now: this.deps.now(),
      settings,
      refreshing: this.deps.keeper.isRefreshing(record.id),
      canRenew: this.deps.keeper.canRenew(record),
    });
  }

  async detail(connectionId: string): Promise<ConnectionDetail> {
    const record = this.deps.endpoints.record(connectionId);
    const secrets = await this.deps.keeper.secretsOf(connectionId).catch(() => undefined);
    const summary = this.summaryOf(record);
    // Most vendors have a fixed API base; only PowerEPOS's comes with each token.
    const apiBase = this.deps.endpoints.apiBaseOf(record);
    if (apiBase) summary.apiBaseUrl = apiBase;
    return toDetail(summary, record, secrets, this.deps.store.getHistory(connectionId));
  }
}
