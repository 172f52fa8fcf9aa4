import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../app/PageTitle';
import { Button } from '../../components/Button';
import type { ReportTab } from '../../store/types';
import { AttemptsList } from './AttemptsList';
import { ExportAllReport } from './ExportAllReport';
import { OpenReport } from './OpenReport';
import { ReportBanner } from './ReportBanner';
import { ReportConnectionScreen } from './ReportConnectionScreen';
import { ReportConnections } from './ReportConnections';
import { SystemFacts } from './SystemFacts';
import { useReportViewer } from './report-viewer-store';

/**
 * Support reports: export one of all connections, and open one received from someone else,
 * read-only, in the same screens as the app's own connections.
 */
export function ReportViewerScreen({ connection, tab }: { connection: number | undefined; tab: ReportTab }) {
  const { t } = useTranslation();
  const { opened, close } = useReportViewer();
  const part = connection !== undefined ? opened?.report.connections[connection] : undefined;
  if (opened && part && connection !== undefined) {
    return <ReportConnectionScreen opened={opened} part={part} index={connection} tab={tab} />;
  }
  const focusReport = () => document.getElementById('report-opened')?.focus();

  return (
    <div className="screen">
      <PageTitle>{t('reports.title')}</PageTitle>
      {opened ? (
        <div className="report-viewer" data-readonly="true" id="report-opened" tabIndex={-1}>
          <ReportBanner opened={opened} />
          <Button onClick={close}>{t('reports.close')}</Button>
          <SystemFacts report={opened.report} />
          <AttemptsList attempts={opened.report.attempts} />
          <ReportConnections connections={opened.report.connections} />
        </div>
      ) : null}
      <OpenReport onOpened={() => setTimeout(focusReport, 0)} />
      <ExportAllReport />
    </div>
  );
}
