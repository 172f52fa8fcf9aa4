import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TestCallResult } from '../../../shared/models';
import { CopyButton } from '../../components/CopyButton';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Section } from '../../components/Section';
import { formatNumber } from '../../i18n/format';
import { useLocale } from '../../i18n/use-locale';
import { prettyJson } from '../../lib/json';
import { matchingLines, splitMatches } from './search';

function statusTone(status: number): string {
  if (status >= 200 && status < 300) return 'ok';
  if (status >= 400) return 'bad';
  return 'warn';
}

export function ResponseView({ result }: { result: TestCallResult }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [query, setQuery] = useState('');
  const [onlyMatches, setOnlyMatches] = useState(false);
  const searchId = useId();
  const pretty = useMemo(() => prettyJson(result.body), [result.body]);
  const body = pretty ?? result.body;
  const shown = onlyMatches ? matchingLines(body, query) : body;
  const { segments, count } = useMemo(() => splitMatches(shown, query), [shown, query]);
  const tone = statusTone(result.status);

  return (
    <Section title={t('testCall.response')} testId="test-call-response">
      {/* What the answer means (an RFC 6750 challenge, or the vendor's error envelope). */}
      {result.failure ? <ErrorNotice error={result.failure} compact live={false} /> : null}
      <dl className="kv kv-inline">
        <dt>{t('testCall.status')}</dt>
        <dd>
          <span className={`badge badge-${tone}`} data-testid="response-status">
            <span className="badge-icon" aria-hidden="true">
              {tone === 'ok' ? '✓' : tone === 'bad' ? '✕' : '•'}
            </span>
            {result.status} {result.statusText}
          </span>
        </dd>
        <dt>{t('testCall.time')}</dt>
        <dd>{t('testCall.ms', { ms: formatNumber(result.durationMs, locale) })}</dd>
        <dt>{t('testCall.url')}</dt>
        <dd>
          <code className="wrap">{result.url}</code>
        </dd>
      </dl>
      {result.refreshedAndRetried ? (
        <p className="notice notice-info" data-testid="refreshed-and-retried">
          <span className="notice-icon" aria-hidden="true">
            ↻
          </span>
          <span className="notice-message">{t('testCall.refreshedAndRetried')}</span>
        </p>
      ) : null}
      <div className="copy-row">
        <CopyButton text={result.curl} label={t('testCall.copyCurl')} />
        <span className="help">{t('testCall.curlHelp')}</span>
      </div>

      <details className="response-headers">
        <summary>{t('testCall.responseHeaders', { count: Object.keys(result.headers).length })}</summary>
        <dl className="kv">
          {Object.entries(result.headers).map(([name, value]) => (
            <div key={name} className="kv-row">
              <dt>
                <code>{name}</code>
              </dt>
              <dd>
                <code className="wrap">{value}</code>
              </dd>
            </div>
          ))}
        </dl>
      </details>

      <h3>{t('testCall.body')}</h3>
      {result.bodyTruncated ? <p className="help">{t('testCall.truncated')}</p> : null}
      <div className="search-bar" role="search" aria-label={t('testCall.searchBody')}>
        <label htmlFor={searchId}>{t('testCall.search')}</label>
        <input
          id={searchId}
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          spellCheck={false}
        />
        <label className="inline-check">
          <input type="checkbox" checked={onlyMatches} onChange={(e) => setOnlyMatches(e.target.checked)} />
          {t('testCall.onlyMatches')}
        </label>
        <span role="status" className="match-count" data-testid="match-count">
          {query ? t('testCall.matches', { count }) : ''}
        </span>
      </div>
      <pre className="code-block" tabIndex={0} aria-label={t('testCall.body')} data-testid="response-body">
        {segments.map((segment, index) =>
          segment.match ? <mark key={index}>{segment.text}</mark> : <span key={index}>{segment.text}</span>,
        )}
        {body === '' ? <span className="muted">{t('testCall.emptyBody')}</span> : null}
      </pre>
    </Section>
  );
}
