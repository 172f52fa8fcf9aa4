import { useTranslation } from 'react-i18next';
import { DataDetails } from '../../components/DataDetails';
import type { HistoryEvent } from '../../../shared/models';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Section } from '../../components/Section';
import { formatDateTime } from '../../i18n/format';
import { useLocale } from '../../i18n/use-locale';

/** The connection's event history, newest first. */
export function HistoryList({ history }: { history: HistoryEvent[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const events = [...history].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  return (
    <Section title={t('history.title')} testId="history">
      {events.length === 0 ? (
        <p className="muted">{t('history.empty')}</p>
      ) : (
        <ol className="history" reversed>
          {events.map((event, index) => (
            <li key={`${event.at}-${index}`} className={`history-item history-${event.kind}`}>
              <div className="history-head">
                <time dateTime={event.at}>{formatDateTime(event.at, locale)}</time>
                <span className="tag">{t(`history.kind.${event.kind}`)}</span>
              </div>
              {/* Main writes the summary in English; other languages translate it by kind. */}
              <p>{t(summaryKey(event), { defaultValue: event.summary, ...event.data })}</p>
              <DataDetails data={event.data} label={t('history.data')} />
              {event.error ? <ErrorNotice error={event.error} compact live={false} /> : null}
            </li>
          ))}
        </ol>
      )}
    </Section>
  );
}

/** A warning's summary is translated by what it warns about (data.warning), other lines by kind. */
function summaryKey(event: HistoryEvent): string {
  const warning = event.data?.warning;
  return event.kind === 'warning' && typeof warning === 'string'
    ? `history.summary.warning_${warning}`
    : `history.summary.${event.kind}`;
}
