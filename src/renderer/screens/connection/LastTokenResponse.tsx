import { useTranslation } from 'react-i18next';
import type { ConnectionDetail } from '../../../shared/models';
import { Section } from '../../components/Section';
import { formatDateTime } from '../../i18n/format';
import { useLocale } from '../../i18n/use-locale';

/** What the token endpoint last answered, secrets already removed by the main process. */
export function LastTokenResponse({ detail }: { detail: ConnectionDetail }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const response = detail.lastTokenResponse;
  if (!response) return null;
  return (
    <Section title={t('tokenResponse.title')} testId="last-token-response">
      <p>
        {t('tokenResponse.summary', { status: response.status, at: formatDateTime(response.at, locale) })}
      </p>
      <pre className="code-block" tabIndex={0} aria-label={t('tokenResponse.body')}>
        {JSON.stringify(response.body, null, 2)}
      </pre>
    </Section>
  );
}
