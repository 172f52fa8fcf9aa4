import { useTranslation } from 'react-i18next';
import type { ConnectionSummary } from '../../../shared/models';
import { Countdown } from '../../components/Countdown';
import { StateBadge } from '../../components/StateBadge';
import { useAppStore } from '../../store';

export function ConnectionsTable({ connections }: { connections: ConnectionSummary[] }) {
  const { t } = useTranslation();
  const navigate = useAppStore((s) => s.navigate);
  return (
    <div className="table-wrap">
      <table className="table" data-testid="connections-table">
        <caption className="visually-hidden">{t('overview.tableCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('overview.colShop')}</th>
            <th scope="col">{t('overview.colVendor')}</th>
            <th scope="col">{t('overview.colState')}</th>
            <th scope="col">{t('overview.colExpiry')}</th>
            <th scope="col">{t('overview.colAttention')}</th>
          </tr>
        </thead>
        <tbody>
          {connections.map((c) => (
            <tr key={c.id} data-connection-id={c.id}>
              <th scope="row">
                <button
                  type="button"
                  className="link-button"
                  onClick={() => navigate({ name: 'connection', connectionId: c.id, tab: 'overview' })}
                >
                  {c.label || c.providerName}
                </button>
                {c.environment === 'sandbox' ? (
                  <span className="muted small"> · {t('app.sandbox')}</span>
                ) : null}
              </th>
              <td>{c.providerName}</td>
              <td>
                <StateBadge state={c.state} />
              </td>
              <td>
                <Countdown until={c.accessTokenExpiresAt} emptyText={t('overview.noExpiry')} />
              </td>
              <td>
                {c.attention.length === 0 ? (
                  <span className="muted">{t('overview.nothingToDo')}</span>
                ) : (
                  <ul className="plain-list">
                    {c.attention.map((item) => (
                      <li key={item.kind}>{t(`attentionShort.${item.kind}`)}</li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
