import type { Language, Settings } from '../../shared/models';

export function languageFromLocale(locale: string | undefined): Language {
  return locale?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** What a setting is until the user changes it (only changed settings are stored). */
export function defaultSettings(locale?: string): Settings {
  return {
    language: languageFromLocale(locale ?? Intl.DateTimeFormat().resolvedOptions().locale),
    theme: 'system',
    refreshLeadSeconds: 300,
    refreshTokenWarningHours: 24,
    notifications: true,
    endpointOverrides: {},
  };
}
