import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../shared/errors';
import { call } from '../../api/client';
import { Button } from '../../components/Button';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Section } from '../../components/Section';
import { downloadText } from '../../lib/download';

/** One file for a support ticket: every connection and the failed connection attempts. */
export function ExportAllReport() {
  const { t } = useTranslation();
  const [exporting, setExporting] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [failure, setFailure] = useState<AppErrorData | null>(null);

  const exportAll = async () => {
    setExporting(true);
    setSaved(null);
    setFailure(null);
    const result = await call((api) => api['diagnostics:exportReport']({ all: true }));
    setExporting(false);
    if (result.ok) {
      downloadText(result.value.fileName, result.value.content);
      setSaved(result.value.fileName);
    } else setFailure(result.error);
  };

  return (
    <Section title={t('reports.exportTitle')} busy={exporting} testId="export-all-report">
      <p className="help">{t('reports.exportIntro')}</p>
      <Button
        variant="primary"
        onClick={() => void exportAll()}
        busy={exporting}
        busyLabel={t('reports.exporting')}
      >
        {t('reports.exportAll')}
      </Button>
      <p role="status" className="status-line" data-testid="export-all-status">
        {saved ? t('reports.exported', { fileName: saved }) : ''}
      </p>
      {failure ? <ErrorNotice title={t('reports.exportFailed')} error={failure} /> : null}
    </Section>
  );
}
