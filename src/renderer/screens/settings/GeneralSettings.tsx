import { useTranslation } from 'react-i18next';
import type { Language, Settings, Theme } from '../../../shared/models';
import { CheckboxField } from '../../components/CheckboxField';
import { Field } from '../../components/Field';
import { Section } from '../../components/Section';
import { useSettingsUpdate } from './use-settings-update';

const LANGUAGES: { value: Language; label: string }[] = [
  { value: 'en', label: 'English' },
  { value: 'fr', label: 'Français' },
];
const THEMES: Theme[] = ['system', 'light', 'dark'];

/** Language, theme and notifications: applied as soon as they change. */
export function GeneralSettings({ settings }: { settings: Settings }) {
  const { t } = useTranslation();
  const { update, feedback } = useSettingsUpdate();

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
        <CheckboxField
          id="notifications"
          label={t('settings.notifications')}
          help={t('settings.notificationsHelp')}
          checked={settings.notifications}
          onChange={(notifications) => void update({ notifications })}
        />
        {feedback}
      </div>
    </Section>
  );
}
