import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../app/PageTitle';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Loading } from '../../components/Spinner';
import { Section } from '../../components/Section';
import { useLocale } from '../../i18n/use-locale';
import { selectOverviewRows, useStoreShallow } from '../../store/selectors';
import { AttentionList } from './AttentionList';
import { CheckAll } from './CheckAll';
import { ConnectionsTable } from './ConnectionsTable';
import { sortAttention } from './attention';
import { useOverviewView } from './overview-view';
import { ViewControls } from './ViewControls';
import { warmUpOverviewFormats } from './warm-up';
import './overview.css';

export function OverviewScreen() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { connections, status, error, navigate, resetConnectFlow, loadConnections } = useStoreShallow(
    (s) => ({
      connections: s.connections,
      status: s.connectionsStatus,
      error: s.connectionsError,
      navigate: s.navigate,
      resetConnectFlow: s.resetConnectFlow,
      loadConnections: s.loadConnections,
    }),
  );
  const query = useOverviewView((s) => s.query);
  const state = useOverviewView((s) => s.state);
  const sort = useOverviewView((s) => s.sort);
  const group = useOverviewView((s) => s.group);
  const view = useMemo(() => ({ query, state, sort, group }), [query, state, sort, group]);
  const rows = useMemo(() => selectOverviewRows(connections, view, locale), [connections, view, locale]);
  const attention = useMemo(() => sortAttention(connections), [connections]);
  // While the first list is on its way, the main thread is idle: prepare the formats it will need.
  const waiting = status === 'idle' || status === 'loading';
  useEffect(() => {
    if (!waiting) return;
    const timer = setTimeout(() => warmUpOverviewFormats(locale), 0);
    return () => clearTimeout(timer);
  }, [waiting, locale]);

  const connect = () => {
    resetConnectFlow();
    navigate({ name: 'connect' });
  };

  return (
    <div className="screen" aria-busy={status === 'loading' || undefined}>
      <div className="screen-head">
        <PageTitle>{t('overview.title')}</PageTitle>
        {connections.length > 0 ? (
          <Button variant="primary" onClick={connect}>
            {t('overview.connectAccount')}
          </Button>
        ) : null}
      </div>
      {status === 'loading' || status === 'idle' ? <Loading /> : null}
      {status === 'error' && error ? (
        <ErrorNotice
          title={t('overview.loadFailed')}
          error={error}
          actions={<Button onClick={() => void loadConnections()}>{t('common.tryAgain')}</Button>}
        />
      ) : null}
      {status === 'ready' && connections.length === 0 ? (
        <EmptyState
          title={t('overview.emptyTitle')}
          action={
            <Button variant="primary" onClick={connect}>
              {t('overview.connectAccount')}
            </Button>
          }
        >
          <p>{t('overview.emptyBody')}</p>
        </EmptyState>
      ) : null}
      {connections.length > 0 ? (
        <>
          <AttentionList rows={attention} />
          <Section title={t('overview.allConnections')}>
            <CheckAll />
            <ViewControls shown={rows.shown} total={rows.total} />
            <ConnectionsTable groups={rows.groups} shown={rows.shown} view={view} />
          </Section>
        </>
      ) : null}
    </div>
  );
}
