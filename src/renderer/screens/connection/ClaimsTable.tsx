import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../i18n/format';
import { useLocale } from '../../i18n/use-locale';
import { stringifyValue } from '../../lib/json';

const TIME_CLAIMS = new Set(['exp', 'iat', 'nbf', 'auth_time']);

/** Decoded JWT claims as key/value rows; times also shown as dates. Never the raw token. */
export function ClaimsTable({ title, values }: { title: string; values: Record<string, unknown> }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const entries = Object.entries(values);
  if (entries.length === 0) return null;
  return (
    <div className="table-wrap">
      <table className="table table-compact">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{t('tokens.claim')}</th>
            <th scope="col">{t('tokens.value')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map(([key, value]) => (
            <tr key={key}>
              <th scope="row">
                <code>{key}</code>
              </th>
              <td>
                <code className="wrap">{stringifyValue(value)}</code>
                {TIME_CLAIMS.has(key) && typeof value === 'number' ? (
                  <span className="muted">
                    {' '}
                    ({formatDateTime(new Date(value * 1000).toISOString(), locale)})
                  </span>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
