import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../shared/errors';
import type { UpdateStatus } from '../../../shared/models';
import { Button } from '../../components/Button';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Section } from '../../components/Section';
import { formatDateTime } from '../../i18n/format';
import { useLocale } from '../../i18n/use-locale';
import { useAppStore } from '../../store';
import { useStoreShallow } from '../../store/selectors';

/** The app's own updates: whether this build updates itself, progress, and "Restart to update". */
export function UpdatesSettings() {
  const { t } = useTranslation();
  const { updates } = useStoreShallow((s) => ({ updates: s.updates }));
  if (!updates) return null;
  return (
    <Section title={t('updates.title')} testId="updates" busy={updates.state === 'checking'}>
      <UpdateState status={updates} />
    </Section>
  );
}

/** The sentence and the action for one update state; also used by the banner. */
export function UpdateState({ status }: { status: UpdateStatus }) {
  const { t } = useTranslation();
  const locale = useLocale();
  switch (status.state) {
    case 'off':
      return <p>{t(status.reason === 'no-feed' ? 'updates.offNoFeed' : 'updates.offDevelopment')}</p>;
    case 'idle':
      return <p>{t('updates.idle')}</p>;
    case 'checking':
      return <p role="status">{t('updates.checking')}</p>;
    case 'up-to-date':
      return <p>{t('updates.upToDate', { time: formatDateTime(status.checkedAt, locale) })}</p>;
    case 'downloading':
      return (
        <div role="status">
          <p>{t('updates.downloading', { version: status.version })}</p>
          <progress
            max={100}
            value={status.percent}
            aria-label={t('updates.downloadProgress', { version: status.version })}
          />
        </div>
      );
    case 'ready':
      return (
        <div>
          <p role="status">{t('updates.ready', { version: status.version })}</p>
          <RestartButton />
        </div>
      );
    case 'failed':
      return <ErrorNotice title={t('updates.failed')} error={status.error} live={false} />;
  }
}

export function RestartButton() {
  const { t } = useTranslation();
  const [failure, setFailure] = useState<AppErrorData | null>(null);
  return (
    <>
      <Button
        variant="primary"
        onClick={async () => {
          const result = await useAppStore.getState().restartToUpdate();
          setFailure(result.ok ? null : result.error);
        }}
      >
        {t('updates.restart')}
      </Button>
      {failure ? <ErrorNotice error={failure} compact /> : null}
    </>
  );
}
