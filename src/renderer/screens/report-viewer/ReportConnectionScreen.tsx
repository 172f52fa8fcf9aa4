import { useTranslation } from 'react-i18next';
import type { OpenedReport, ReportConnection } from '../../../shared/report';
import { PageTitle } from '../../app/PageTitle';
import { Button } from '../../components/Button';
import { Section } from '../../components/Section';
import { StateBadge } from '../../components/StateBadge';
import { Tabs } from '../../components/Tabs';
import { formatDateTime } from '../../i18n/format';
import { useLocale } from '../../i18n/use-locale';
import { useAppStore } from '../../store';
import type { ReportTab } from '../../store/types';
import { DetailOverview } from '../connection/DetailOverview';
import { HealthResults } from '../diagnostics/HealthResults';
import { AttemptsList } from './AttemptsList';
import { ReportBanner } from './ReportBanner';

/**
 * One connection of a received report in the app's own detail screens (identity, tokens, scopes,
 * last token answer, history; the health check it carried), with no action: nothing here may act
 * on a connection, and this one is not on this computer.
 */
export function ReportConnectionScreen({
  opened,
  part,
  index,
  tab,
}: {
  opened: OpenedReport;
  part: ReportConnection;
  index: number;
  tab: ReportTab;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useAppStore((s) => s.navigate);
  const providers = useAppStore((s) => s.providers);
  const { detail, healthCheck } = part;
  // A built-in vendor reads the same here and there; a custom provider's definition stays there.
  const definition = part.provider.builtin
    ? providers.find((p) => p.definition.id === detail.providerId)?.definition
    : undefined;
  const attempts = opened.report.attempts.filter((attempt) => attempt.connectionId === detail.id);
  const tabs: { id: ReportTab; label: string }[] = [
    { id: 'overview', label: t('detail.tabs.overview') },
    { id: 'diagnostics', label: t('reports.healthTab') },
  ];

  return (
    <div className="screen report-viewer" data-readonly="true">
      <Button variant="link" size="small" onClick={() => navigate({ name: 'reports' })}>
        <span aria-hidden="true">← </span>
        {t('reports.back')}
      </Button>
      <ReportBanner opened={opened} />
      <div className="screen-head">
        <PageTitle>{detail.label}</PageTitle>
        <StateBadge state={detail.state} />
        <span className="muted">{detail.providerName}</span>
      </div>
      <Tabs
        label={t('detail.tabsLabel')}
        tabs={tabs}
        current={tab}
        idPrefix="report"
        onChange={(next) => navigate({ name: 'reports', connection: index, tab: next })}
      >
        {tab === 'overview' ? (
          <>
            <DetailOverview detail={detail} definition={definition} app={part.providerApp} />
            {attempts.length > 0 ? <AttemptsList attempts={attempts} /> : null}
          </>
        ) : (
          <Section title={t('diagnostics.healthTitle')} testId="health-check">
            {healthCheck ? (
              <>
                <p className="status-line">
                  {t('diagnostics.checkedAt', { at: formatDateTime(healthCheck.at, locale) })}
                </p>
                <HealthResults report={healthCheck} />
              </>
            ) : (
              <p className="muted">{t('reports.noHealthCheck')}</p>
            )}
          </Section>
        )}
      </Tabs>
    </div>
  );
}
