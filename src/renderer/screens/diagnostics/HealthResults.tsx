import { useTranslation } from 'react-i18next';
import { DataDetails } from '../../components/DataDetails';
import type { HealthReport } from '../../../shared/models';
import { HealthBadge, YesNo } from '../../components/StateBadge';
import { useVendorText } from '../../i18n/vendor-text';

export function HealthResults({ report, providerId }: { report: HealthReport; providerId: string }) {
  const { t } = useTranslation();
  const vendorText = useVendorText();
  return (
    <div className="health-results" data-testid="health-results">
      <ul className="health-list">
        {report.items.map((item) => (
          <li key={item.id} className="health-item" data-check={item.id} data-status={item.status}>
            <HealthBadge status={item.status} />
            <div>
              <strong>{t(`health.item.${item.id}`)}</strong>
              {/* Main writes the summary in English; other languages translate it by check and status. */}
              <p>{t(`health.summary.${item.id}.${item.status}`, { defaultValue: item.summary })}</p>
              <DataDetails data={item.data} label={t('error.technicalDetails')} />
            </div>
          </li>
        ))}
      </ul>
      {report.presets.length > 0 ? (
        <div className="table-wrap">
          <table className="table">
            <caption>{t('diagnostics.presetsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('diagnostics.preset')}</th>
                <th scope="col">{t('diagnostics.scopeNeeded')}</th>
                <th scope="col">{t('diagnostics.sufficient')}</th>
              </tr>
            </thead>
            <tbody>
              {report.presets.map((preset) => (
                <tr key={preset.id} className={preset.sufficient ? undefined : 'row-warn'}>
                  <th scope="row">{vendorText.testCall(providerId, preset)}</th>
                  <td>{preset.scope ? <code>{preset.scope}</code> : t('diagnostics.noScope')}</td>
                  <td>
                    <YesNo value={preset.sufficient} />
                    <span aria-hidden="true"> {preset.sufficient ? t('common.yes') : t('common.no')}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
