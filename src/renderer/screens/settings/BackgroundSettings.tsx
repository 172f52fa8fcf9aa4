import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../shared/errors';
import type { Settings } from '../../../shared/models';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Section } from '../../components/Section';
import { useAppStore } from '../../store';
import { useStoreShallow } from '../../store/selectors';

const OPEN_AT_LOGIN: Settings['openAtLogin'][] = ['auto', 'on', 'off'];

/** Whether closing the window keeps the app in the tray, and whether it opens at login. */
export function BackgroundSettings({ settings }: { settings: Settings }) {
  const { t } = useTranslation();
  const platform = useStoreShallow((s) => s.appInfo?.platform);
  const [failure, setFailure] = useState<AppErrorData | null>(null);
  const [saved, setSaved] = useState('');

  const update = async (patch: Partial<Settings>) => {
    setFailure(null);
    setSaved('');
    const result = await useAppStore.getState().updateSettings(patch);
    if (result.ok) setSaved(t('settings.saved'));
    else setFailure(result.error);
  };

  return (
    <Section title={t('settings.background')} testId="background-settings">
      <div className="form">
        <div className="choice checkbox-field">
          <input
            type="checkbox"
            id="run-in-background"
            checked={settings.runInBackground}
            onChange={(e) => void update({ runInBackground: e.target.checked })}
            aria-describedby="run-in-background-help"
          />
          <label htmlFor="run-in-background">{t('settings.runInBackground')}</label>
          <p id="run-in-background-help" className="help">
            {t(platform === 'darwin' ? 'settings.runInBackgroundHelpMac' : 'settings.runInBackgroundHelp')}
          </p>
        </div>
        <fieldset className="choice-list" aria-describedby="open-at-login-help">
          <legend>{t('settings.openAtLogin')}</legend>
          {OPEN_AT_LOGIN.map((choice) => (
            <div key={choice} className="choice">
              <input
                type="radio"
                id={`open-at-login-${choice}`}
                name="open-at-login"
                checked={settings.openAtLogin === choice}
                onChange={() => void update({ openAtLogin: choice })}
              />
              <label htmlFor={`open-at-login-${choice}`}>{t(`settings.openAtLoginChoices.${choice}`)}</label>
            </div>
          ))}
          <p id="open-at-login-help" className="help">
            {t(platform === 'linux' ? 'settings.openAtLoginLinux' : 'settings.openAtLoginHelp')}
          </p>
        </fieldset>
        <p role="status" className="status-line">
          {saved}
        </p>
        {failure ? <ErrorNotice title={t('settings.saveFailed')} error={failure} /> : null}
      </div>
    </Section>
  );
}
