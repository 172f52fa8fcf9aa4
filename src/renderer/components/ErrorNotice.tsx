import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../shared/errors';
import { useErrorMessage } from './error-message';

interface ErrorNoticeProps {
  error: AppErrorData;
  /** A heading line above the message ("Could not connect"). */
  title?: string;
  /** Buttons such as "Try again". */
  actions?: ReactNode;
  compact?: boolean;
  /** role=alert for fresh outcomes; plain for errors that are part of a page's state. */
  live?: boolean;
}

/** The user's message (translated by code), with the technical details one click away. */
export function ErrorNotice({ error, title, actions, compact = false, live = true }: ErrorNoticeProps) {
  const { t } = useTranslation();
  const message = useErrorMessage(error);
  const titleId = useId();
  return (
    <div
      className={`notice notice-error${compact ? ' notice-compact' : ''}`}
      role={live ? 'alert' : undefined}
      aria-labelledby={title ? titleId : undefined}
      data-testid="error-notice"
      data-error-code={error.code}
    >
      <span className="notice-icon" aria-hidden="true">
        ⚠
      </span>
      <div className="notice-body">
        {title ? (
          <p className="notice-title" id={titleId}>
            {title}
          </p>
        ) : null}
        <p className="notice-message">{message}</p>
        <details className="tech-details">
          <summary>{t('error.technicalDetails')}</summary>
          <dl className="kv">
            <dt>{t('error.code')}</dt>
            <dd>
              <code>{error.code}</code>
            </dd>
            {error.detail ? (
              <>
                <dt>{t('error.detail')}</dt>
                <dd>
                  <code className="wrap">{error.detail}</code>
                </dd>
              </>
            ) : null}
            {error.retryAfterSeconds !== undefined ? (
              <>
                <dt>{t('error.retryAfter')}</dt>
                <dd>{t('error.seconds', { count: error.retryAfterSeconds })}</dd>
              </>
            ) : null}
            {error.message !== message ? (
              <>
                <dt>{t('error.originalMessage')}</dt>
                <dd>{error.message}</dd>
              </>
            ) : null}
          </dl>
        </details>
        {actions ? <div className="notice-actions">{actions}</div> : null}
      </div>
    </div>
  );
}
