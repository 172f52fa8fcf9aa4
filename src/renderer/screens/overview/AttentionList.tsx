import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { Section } from '../../components/Section';
import { formatDateTime } from '../../i18n/format';
import { useLocale } from '../../i18n/use-locale';
import { useAppStore } from '../../store';
import type { AttentionRow } from './attention';
import { useOverviewView } from './overview-view';

/** The most urgent items listed here; the rest are one click away in the table's filter. */
const LISTED = 5;

/** Memoised: its rows change only with the connections, not with the search. */
export const AttentionList = memo(function AttentionList({ rows }: { rows: AttentionRow[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useAppStore((s) => s.navigate);
  const resetConnectFlow = useAppStore((s) => s.resetConnectFlow);
  const setView = useOverviewView((s) => s.setView);
  if (rows.length === 0) return null;
  const connectionsNeeding = new Set(rows.map((row) => row.connection.id)).size;
  return (
    <Section title={t('overview.attentionTitle')} className="attention" testId="attention-list">
      <ul className="attention-list">
        {rows.slice(0, LISTED).map(({ connection, item }) => (
          <li key={`${connection.id}-${item.kind}`} className={`attention-item attention-${item.kind}`}>
            <span className="attention-icon" aria-hidden="true">
              {item.kind === 'needs_reauthorization' ? '⚠' : '◑'}
            </span>
            <div className="attention-text">
              <strong>
                {connection.label || connection.providerName} · {connection.providerName}
              </strong>
              <span>
                {t(`attention.${item.kind}`, { at: item.at ? formatDateTime(item.at, locale) : '' })}
              </span>
            </div>
            {item.kind === 'needs_reauthorization' ? (
              <Button
                size="small"
                variant="primary"
                onClick={() => {
                  resetConnectFlow();
                  navigate({ name: 'connect', reconnectId: connection.id });
                }}
                aria-label={t('overview.reconnectNamed', {
                  name: connection.label || connection.providerName,
                })}
              >
                {t('actions.reconnect')}
              </Button>
            ) : (
              <Button
                size="small"
                onClick={() => navigate({ name: 'connection', connectionId: connection.id, tab: 'overview' })}
                aria-label={t('overview.openNamed', { name: connection.label || connection.providerName })}
              >
                {t('overview.open')}
              </Button>
            )}
          </li>
        ))}
      </ul>
      {rows.length > LISTED ? (
        <p className="attention-more">
          {t('overview.view.moreAttention', { count: rows.length - LISTED })}{' '}
          <Button size="small" onClick={() => setView({ state: 'attention', query: '' })}>
            {t('overview.view.showAttention', { count: connectionsNeeding })}
          </Button>
        </p>
      ) : null}
    </Section>
  );
});
