import { useTranslation } from 'react-i18next';
import type { ClockSkew, SupportReport } from '../../../shared/report';
import { Section } from '../../components/Section';
import { formatDateTime } from '../../i18n/format';
import { useLocale } from '../../i18n/use-locale';

function utcOffset(minutes: number): string {
  const sign = minutes < 0 ? '−' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const IN_STEP_MS = 1_500;

function SkewText({ skew }: { skew: ClockSkew }) {
  const { t } = useTranslation();
  if (skew.skewMs === null) {
    return (
      <>
        {t('reports.skewNotMeasured')} <code className="wrap">{skew.reason}</code>
      </>
    );
  }
  const seconds = Math.round(Math.abs(skew.skewMs) / 1000);
  // skewMs is the server's time minus this computer's: positive means this computer is behind.
  // A Date header counts whole seconds, so up to about a second either way is no skew at all.
  const key =
    Math.abs(skew.skewMs) < IN_STEP_MS
      ? 'reports.skewInStep'
      : skew.skewMs > 0
        ? 'reports.skewBehind'
        : 'reports.skewAhead';
  return <>{t(key, { seconds, host: skew.host })}</>;
}

/** The computer and the app a report was written on. */
export function SystemFacts({ report }: { report: SupportReport }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { app, system } = report;
  return (
    <Section title={t('reports.systemTitle')} testId="report-system">
      <dl className="kv kv-grid">
        <dt>{t('reports.machine')}</dt>
        <dd>{system.machine}</dd>
        <dt>{t('reports.writtenAt')}</dt>
        <dd>{formatDateTime(report.generatedAt, locale)}</dd>
        <dt>{t('reports.appVersion')}</dt>
        <dd>
          {app.version} · {t(`environment.${app.environment}`)}
        </dd>
        <dt>{t('reports.os')}</dt>
        <dd>
          {system.os} {system.release} ({system.platform}, {system.arch})
        </dd>
        <dt>{t('reports.locale')}</dt>
        <dd>
          {system.locale} · {t('reports.appLanguage', { language: app.language })}
        </dd>
        <dt>{t('reports.timeZone')}</dt>
        <dd>
          {system.timeZone} ({utcOffset(system.utcOffsetMinutes)})
        </dd>
        <dt>{t('reports.clockSkew')}</dt>
        <dd data-testid="report-clock-skew">
          <SkewText skew={report.clockSkew} />
        </dd>
        <dt>{t('reports.schemaVersion')}</dt>
        <dd>
          {t('reports.schemaVersions', { report: report.version, database: app.databaseSchemaVersion })}
        </dd>
      </dl>
    </Section>
  );
}
