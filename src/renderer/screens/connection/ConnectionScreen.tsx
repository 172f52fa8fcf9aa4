import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../app/PageTitle';
import { Button } from '../../components/Button';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Loading } from '../../components/Spinner';
import { StateBadge } from '../../components/StateBadge';
import { Tabs } from '../../components/Tabs';
import { useAppStore } from '../../store';
import { useStoreShallow } from '../../store/selectors';
import type { DetailTab } from '../../store/types';
import { DiagnosticsTab } from '../diagnostics/DiagnosticsTab';
import { TestCallTab } from '../test-call/TestCallTab';
import { ActionsBar } from './ActionsBar';
import { DetailOverview } from './DetailOverview';

export function ConnectionScreen({ connectionId, tab }: { connectionId: string; tab: DetailTab }) {
  const { t } = useTranslation();
  const { detail, error, summary, providers, navigate } = useStoreShallow((s) => ({
    detail: s.details[connectionId],
    error: s.detailErrors[connectionId],
    summary: s.connections.find((c) => c.id === connectionId),
    providers: s.providers,
    navigate: s.navigate,
  }));
  useEffect(() => {
    void useAppStore.getState().loadDetail(connectionId);
  }, [connectionId]);

  const title = detail?.label || summary?.label || t('detail.title');
  const definition = providers.find((p) => p.definition.id === (detail ?? summary)?.providerId)?.definition;

  const tabs: { id: DetailTab; label: string }[] = [
    { id: 'overview', label: t('detail.tabs.overview') },
    { id: 'test', label: t('detail.tabs.test') },
    { id: 'diagnostics', label: t('detail.tabs.diagnostics') },
  ];

  return (
    <div className="screen" aria-busy={!detail && !error ? true : undefined}>
      <Button variant="link" size="small" onClick={() => navigate({ name: 'overview' })}>
        <span aria-hidden="true">← </span>
        {t('detail.back')}
      </Button>
      <div className="screen-head">
        <PageTitle>{title}</PageTitle>
        {detail ? <StateBadge state={detail.state} /> : null}
        {detail ? <span className="muted">{detail.providerName}</span> : null}
      </div>
      {error && !detail ? (
        <ErrorNotice
          title={t('detail.loadFailed')}
          error={error}
          actions={
            <Button onClick={() => void useAppStore.getState().loadDetail(connectionId)}>
              {t('common.tryAgain')}
            </Button>
          }
        />
      ) : null}
      {!detail && !error ? <Loading /> : null}
      {detail ? (
        <>
          {detail.stateReason ? (
            <ErrorNotice
              title={t(`stateReason.${detail.state}`, { defaultValue: t('stateReason.other') })}
              error={detail.stateReason}
              live={false}
            />
          ) : null}
          <ActionsBar detail={detail} />
          <Tabs
            label={t('detail.tabsLabel')}
            tabs={tabs}
            current={tab}
            idPrefix="detail"
            onChange={(next) => navigate({ name: 'connection', connectionId, tab: next })}
          >
            {tab === 'overview' ? <DetailOverview detail={detail} definition={definition} /> : null}
            {tab === 'test' ? <TestCallTab detail={detail} definition={definition} /> : null}
            {tab === 'diagnostics' ? <DiagnosticsTab detail={detail} /> : null}
          </Tabs>
        </>
      ) : null}
    </div>
  );
}
