import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../shared/errors';
import type { ConnectionDetail, HealthReport } from '../../../shared/models';
import { call } from '../../api/client';
import { Button } from '../../components/Button';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Section } from '../../components/Section';
import { formatDateTime } from '../../i18n/format';
import { useLocale } from '../../i18n/use-locale';
import { downloadText } from '../../lib/download';
import { HealthResults } from './HealthResults';

export function DiagnosticsTab({ detail }: { detail: ConnectionDetail }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [checking, setChecking] = useState(false);
  const [report, setReport] = useState<HealthReport | null>(null);
  const [checkError, setCheckError] = useState<AppErrorData | null>(null);
  const [exporting, setExporting] = useState(false);
  const [exported, setExported] = useState<string | null>(null);
  const [exportError, setExportError] = useState<AppErrorData | null>(null);

  const check = async () => {
    setChecking(true);
    setCheckError(null);
    const result = await call((api) => api['diagnostics:healthCheck']({ connectionId: detail.id }));
    setChecking(false);
    if (result.ok) setReport(result.value);
    else setCheckError(result.error);
  };

  const exportReport = async () => {
    setExporting(true);
    setExportError(null);
    setExported(null);
    const result = await call((api) => api['diagnostics:exportReport']({ connectionId: detail.id }));
    setExporting(false);
    if (result.ok) {
      downloadText(result.value.fileName, result.value.content);
      setExported(result.value.fileName);
    } else setExportError(result.error);
  };

  return (
    <div className="diagnostics">
      <Section title={t('diagnostics.healthTitle')} busy={checking} testId="health-check">
        <p className="help">{t('diagnostics.healthIntro')}</p>
        <Button
          variant="primary"
          onClick={() => void check()}
          busy={checking}
          busyLabel={t('diagnostics.checking')}
        >
          {t('diagnostics.runCheck')}
        </Button>
        <p role="status" className="status-line">
          {report && !checking ? t('diagnostics.checkedAt', { at: formatDateTime(report.at, locale) }) : ''}
        </p>
        {checkError ? <ErrorNotice title={t('diagnostics.checkFailed')} error={checkError} /> : null}
        {report ? <HealthResults report={report} providerId={detail.providerId} /> : null}
      </Section>
      <Section title={t('diagnostics.reportTitle')} busy={exporting} testId="export-report">
        <p className="help">{t('diagnostics.reportIntro')}</p>
        <Button onClick={() => void exportReport()} busy={exporting} busyLabel={t('diagnostics.exporting')}>
          {t('diagnostics.export')}
        </Button>
        <p role="status" className="status-line" data-testid="export-status">
          {exported ? t('diagnostics.exported', { fileName: exported }) : ''}
        </p>
        {exportError ? <ErrorNotice title={t('diagnostics.exportFailed')} error={exportError} /> : null}
      </Section>
    </div>
  );
}
