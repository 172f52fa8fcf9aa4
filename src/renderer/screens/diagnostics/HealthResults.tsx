import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { DataDetails } from '../../components/DataDetails';
import type { HealthCheckItem, HealthReport } from '../../../shared/models';
import { formatDateTime } from '../../i18n/format';
import { useLocale } from '../../i18n/use-locale';
import { HealthBadge, YesNo } from '../../components/StateBadge';
import { useVendorText } from '../../i18n/vendor-text';

/** How a connection renews is worded once (tokens.renewal.*), on the detail and here alike. */
const RENEWAL_REASONS = new Set(['credentials', 'kept_password', 'none']);

/** A finding in the window's language, its dates in local time (never a raw ISO string). */
function findingText(t: TFunction, item: HealthCheckItem, locale: string): string {
  const params = { ...item.params };
  if (typeof params.at === 'string') params.at = formatDateTime(params.at, locale);
  const key =
    item.id === 'refresh_token' && RENEWAL_REASONS.has(item.reason)
      ? `tokens.renewal.${item.reason}`
      : `health.summary.${item.id}.${item.reason}`;
  return t(key, { ...params, defaultValue: item.summary });
}

export function HealthResults({ report, providerId }: { report: HealthReport; providerId: string }) {
  const { t } = useTranslation();
  const vendorText = useVendorText();
  const locale = useLocale();
  return (
    <div className="health-results" data-testid="health-results">
      <ul className="health-list">
        {report.items.map((item) => (
          <li key={item.id} className="health-item" data-check={item.id} data-status={item.status}>
            <HealthBadge status={item.status} />
            <div>
              <strong>{t(`health.item.${item.id}`)}</strong>
              <p data-testid="health-finding">{findingText(t, item, locale)}</p>
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
