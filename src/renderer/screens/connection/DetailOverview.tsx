import type { ConnectionDetail } from '../../../shared/models';
import type { ProviderDefinition } from '../../../shared/providers/provider-schema';
import { HistoryList } from './HistoryList';
import { IdentityPanel } from './IdentityPanel';
import { LastTokenResponse } from './LastTokenResponse';
import { ScopesTable } from './ScopesTable';
import { TokensPanel } from './TokensPanel';

export function DetailOverview({
  detail,
  definition,
  app,
}: {
  detail: ConnectionDetail;
  definition: ProviderDefinition | undefined;
  /** A received report's provider app; absent: this installation's. */
  app?: { label: string; clientId: string } | null;
}) {
  return (
    <div className="detail-overview">
      <IdentityPanel detail={detail} definition={definition} {...(app !== undefined ? { app } : {})} />
      <TokensPanel detail={detail} />
      <ScopesTable detail={detail} definition={definition} />
      <LastTokenResponse detail={detail} />
      <HistoryList history={detail.history} />
    </div>
  );
}
