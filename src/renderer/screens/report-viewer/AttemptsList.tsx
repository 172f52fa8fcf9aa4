import { useTranslation } from 'react-i18next';
import type { ReportAttempt } from '../../../shared/report';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Section } from '../../components/Section';
import { formatDateTime } from '../../i18n/format';
import { useLocale } from '../../i18n/use-locale';

/** The failed connection attempts a report carries, most recent first. */
export function AttemptsList({ attempts }: { attempts: ReportAttempt[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <Section title={t('reports.attemptsTitle')} testId="report-attempts">
      {attempts.length === 0 ? (
        <p className="muted">{t('reports.attemptsNone')}</p>
      ) : (
        <ol className="history">
          {attempts.map((attempt, index) => (
            <li key={`${attempt.at}-${index}`} className="history-item" data-testid="report-attempt">
              <div className="history-head">
                <time dateTime={attempt.at}>{formatDateTime(attempt.at, locale)}</time>
                <span className="tag">{t(`reports.moment.${attempt.moment}`)}</span>
              </div>
              <p>
                {t('reports.attemptLine', {
                  vendor: attempt.providerName ?? attempt.providerId,
                  grant: t(`grant.${attempt.grant}.short`),
                  host: attempt.host ?? t('common.unknown'),
                })}
              </p>
              <ErrorNotice error={attempt.error} compact live={false} />
            </li>
          ))}
        </ol>
      )}
    </Section>
  );
}
