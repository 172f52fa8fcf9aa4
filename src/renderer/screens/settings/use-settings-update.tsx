import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../shared/errors';
import type { Settings } from '../../../shared/models';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useAppStore } from '../../store';

/**
 * Settings applied as soon as a control changes: the update, and what it says back ("Saved." in a
 * status line, or why it failed).
 */
export function useSettingsUpdate() {
  const { t } = useTranslation();
  const [failure, setFailure] = useState<AppErrorData | null>(null);
  const [saved, setSaved] = useState('');

  const update = async (patch: Partial<Settings>) => {
    setFailure(null);
    setSaved('');
    const result = await useAppStore.getState().updateSettings(patch);
    if (result.ok) setSaved(t('settings.saved'));
    else setFailure(result.error);
  };

  const feedback = (
    <>
      <p role="status" className="status-line">
        {saved}
      </p>
      {failure ? <ErrorNotice title={t('settings.saveFailed')} error={failure} /> : null}
    </>
  );
  return { update, feedback };
}
