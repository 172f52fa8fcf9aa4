import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../app/PageTitle';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Loading } from '../../components/Spinner';
import { Section } from '../../components/Section';
import { useStoreShallow } from '../../store/selectors';
import { AttentionList } from './AttentionList';
import { CheckAll } from './CheckAll';
import { ConnectionsTable } from './ConnectionsTable';
import { sortAttention, sortConnections } from './attention';

export function OverviewScreen() {
  const { t } = useTranslation();
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
          <AttentionList rows={sortAttention(connections)} />
          <Section title={t('overview.allConnections')}>
            <CheckAll />
            <ConnectionsTable connections={sortConnections(connections)} />
          </Section>
        </>
      ) : null}
    </div>
  );
}
