import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../shared/errors';
import type { Language, Settings, Theme } from '../../../shared/models';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Field } from '../../components/Field';
import { Section } from '../../components/Section';
import { useAppStore } from '../../store';

const LANGUAGES: { value: Language; label: string }[] = [
  { value: 'en', label: 'English' },
  { value: 'fr', label: 'Français' },
];
const THEMES: Theme[] = ['system', 'light', 'dark'];

/** Language, theme and notifications: applied as soon as they change. */
export function GeneralSettings({ settings }: { settings: Settings }) {
  const { t } = useTranslation();
  const [failure, setFailure] = useState<AppErrorData | null>(null);
  const [saved, setSaved] = useState('');

  const update = async (patch: Partial<Settings>) => {
    setFailure(null);
    const result = await useAppStore.getState().updateSettings(patch);
    if (result.ok) setSaved(t('settings.saved'));
    else setFailure(result.error);
  };

  return (
    <Section title={t('settings.general')}>
      <div className="form">
        <Field label={t('settings.language')}>
          {({ id }) => (
            <select
              id={id}
              value={settings.language}
              onChange={(e) => void update({ language: e.target.value as Language })}
            >
              {LANGUAGES.map((l) => (
                <option key={l.value} value={l.value} lang={l.value}>
                  {l.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <fieldset className="choice-list inline">
          <legend>{t('settings.theme')}</legend>
          {THEMES.map((theme) => (
            <div key={theme} className="choice">
              <input
                type="radio"
                id={`theme-${theme}`}
                name="theme"
                checked={settings.theme === theme}
                onChange={() => void update({ theme })}
              />
              <label htmlFor={`theme-${theme}`}>{t(`settings.themes.${theme}`)}</label>
            </div>
          ))}
        </fieldset>
        <div className="choice checkbox-field">
          <input
            type="checkbox"
            id="notifications"
            checked={settings.notifications}
            onChange={(e) => void update({ notifications: e.target.checked })}
            aria-describedby="notifications-help"
          />
          <label htmlFor="notifications">{t('settings.notifications')}</label>
          <p id="notifications-help" className="help">
            {t('settings.notificationsHelp')}
          </p>
        </div>
        <p role="status" className="status-line">
          {saved}
        </p>
        {failure ? <ErrorNotice title={t('settings.saveFailed')} error={failure} /> : null}
      </div>
    </Section>
  );
}
