import { useTranslation } from 'react-i18next';
import type { Settings } from '../../../shared/models';
import { CheckboxField } from '../../components/CheckboxField';
import { Section } from '../../components/Section';
import { useStoreShallow } from '../../store/selectors';
import { useSettingsUpdate } from './use-settings-update';

const OPEN_AT_LOGIN: Settings['openAtLogin'][] = ['auto', 'on', 'off'];

/** Whether closing the window keeps the app in the tray, and whether it opens at login. */
export function BackgroundSettings({ settings }: { settings: Settings }) {
  const { t } = useTranslation();
  const platform = useStoreShallow((s) => s.appInfo?.platform);
  const { update, feedback } = useSettingsUpdate();

  return (
    <Section title={t('settings.background')} testId="background-settings">
      <div className="form">
        <CheckboxField
          id="run-in-background"
          label={t('settings.runInBackground')}
          help={t(platform === 'darwin' ? 'settings.runInBackgroundHelpMac' : 'settings.runInBackgroundHelp')}
          checked={settings.runInBackground}
          onChange={(runInBackground) => void update({ runInBackground })}
        />
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
        {feedback}
      </div>
    </Section>
  );
}
