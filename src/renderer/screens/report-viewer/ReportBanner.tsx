import { useTranslation } from 'react-i18next';
import type { OpenedReport } from '../../../shared/report';
import { formatDateTime } from '../../i18n/format';
import { useLocale } from '../../i18n/use-locale';

/** Says on every screen of the viewer whose report this is, and that nothing here acts on it. */
export function ReportBanner({ opened }: { opened: OpenedReport }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { report } = opened;
  return (
    <div className="notice notice-info report-banner" role="note" data-testid="report-banner">
      <span className="notice-icon" aria-hidden="true">
        ⚑
      </span>
      <div className="notice-body">
        <p className="notice-title">
          {t('reports.banner', {
            machine: report.system.machine,
            date: formatDateTime(report.generatedAt, locale),
          })}
        </p>
        <p>{t('reports.bannerHelp', { fileName: opened.fileName })}</p>
      </div>
    </div>
  );
}
