import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProviderDefinition } from '../../../shared/providers/provider-schema';
import { Button } from '../../components/Button';
import { CopyButton } from '../../components/CopyButton';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Spinner } from '../../components/Spinner';
import { call } from '../../api/client';
import { useStoreShallow } from '../../store/selectors';

export const RUNNING_STEPS: ReadonlySet<string> = new Set([
  'starting',
  'waiting_for_browser',
  'exchanging_code',
  'requesting_token',
  'storing',
]);

/** Failures the provider app's settings cause or fix: the way out is to look at the app. */
const APP_SETTINGS_CAUSES = new Set([
  'INVALID_CLIENT',
  'INVALID_REQUEST',
  'UNAUTHORIZED_CLIENT',
  'AUTHORIZATION_TIMEOUT',
  'INSECURE_URL',
]);

/** The connection attempt: what is happening, what to do in the browser, how it ended. */
export function RunPanel({
  definition,
  onRetry,
  onEdit,
  onCheckApp,
}: {
  definition: ProviderDefinition;
  onRetry: () => void;
  onEdit: () => void;
  /** Back to the app step with the provider app open for editing. */
  onCheckApp: () => void;
}) {
  const { t } = useTranslation();
  const { attempt, cancelConnect } = useStoreShallow((s) => ({
    attempt: s.attempt,
    cancelConnect: s.cancelConnect,
  }));
  const vendor = definition.name;
  const running = RUNNING_STEPS.has(attempt.step);

  // Escape cancels a sign-in in progress, wherever focus is in the window (the Cancel button says so).
  useEffect(() => {
    if (!running) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      event.preventDefault();
      void cancelConnect();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [running, cancelConnect]);

  return (
    <section
      className="run-panel"
      aria-labelledby="run-title"
      aria-busy={running || undefined}
      data-testid="connect-run"
      data-step={attempt.step}
    >
      <h2 id="run-title" className="step-title">
        {t('run.title', { vendor })}
      </h2>

      {running ? (
        <div className="run-progress">
          {attempt.step === 'waiting_for_browser' ? (
            <div className="waiting" data-testid="waiting-for-browser">
              <p className="waiting-lead" role="status">
                <Spinner /> {t('run.waitingBrowser', { vendor })}
              </p>
              <p>{t('run.waitingHint')}</p>
              {attempt.error ? <ErrorNotice error={attempt.error} compact live={false} /> : null}
              {attempt.stalled ? (
                <div className="notice notice-warn" role="status" data-testid="sign-in-stalled">
                  <span className="notice-icon" aria-hidden="true">
                    ⚠
                  </span>
                  <div className="notice-body">
                    <p className="notice-message">{t('wizard.stalled', { vendor })}</p>
                    <div className="notice-actions">
                      <Button onClick={onCheckApp}>{t('wizard.checkApp')}</Button>
                    </div>
                  </div>
                </div>
              ) : null}
              {attempt.attemptId ? <SignInPageActions attemptId={attempt.attemptId} /> : null}
            </div>
          ) : (
            <p role="status">
              <Spinner /> {t(`run.step.${attempt.step}`, { vendor })}
            </p>
          )}
          <Button onClick={() => void cancelConnect()} aria-keyshortcuts="Escape">
            {t('run.cancel')}
          </Button>
        </div>
      ) : null}

      {attempt.step === 'done' ? (
        <p role="status" className="run-done">
          <span aria-hidden="true">✓ </span>
          {t('run.done', { vendor })}
        </p>
      ) : null}

      {attempt.step === 'cancelled' ? (
        <div className="notice notice-info" role="status">
          <span className="notice-icon" aria-hidden="true">
            ℹ
          </span>
          <div className="notice-body">
            <p className="notice-message">{t('run.cancelled')}</p>
            <div className="notice-actions">
              <Button variant="primary" onClick={onRetry}>
                {t('common.tryAgain')}
              </Button>
              <Button onClick={onEdit}>{t('run.edit')}</Button>
            </div>
          </div>
        </div>
      ) : null}

      {attempt.step === 'failed' && attempt.error ? (
        <ErrorNotice
          title={t('run.failed', { vendor })}
          error={attempt.error}
          actions={
            <>
              <Button variant="primary" onClick={onRetry}>
                {t('common.tryAgain')}
              </Button>
              <Button onClick={onEdit}>{t('run.edit')}</Button>
              {APP_SETTINGS_CAUSES.has(attempt.error.code) ? (
                <Button onClick={onCheckApp}>{t('wizard.checkApp')}</Button>
              ) : null}
            </>
          }
        />
      ) : null}
    </section>
  );
}

/** The browser did not open, or the tab was closed: open the sign-in page again, or copy its address. */
function SignInPageActions({ attemptId }: { attemptId: string }) {
  const { t } = useTranslation();
  const signInPage = (action: 'open' | 'copy') =>
    call((api) => api['connections:signInPage']({ attemptId, action }));
  return (
    <div className="copy-row">
      <p className="help">{t('run.browserDidNotOpen')}</p>
      <Button size="small" onClick={() => void signInPage('open')}>
        {t('run.openSignInPage')}
      </Button>
      <CopyButton text="" label={t('run.copySignInAddress')} perform={() => signInPage('copy')} />
    </div>
  );
}
