import type { Language, Settings } from '../../shared/models';
import { REFRESH_LEAD_SECONDS, REFRESH_TOKEN_WARNING_HOURS } from '../../shared/settings';

export function languageFromLocale(locale: string | undefined): Language {
  return locale?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** What a setting is until the user changes it (only changed settings are stored). */
export function defaultSettings(locale?: string): Settings {
  return {
    language: languageFromLocale(locale ?? Intl.DateTimeFormat().resolvedOptions().locale),
    theme: 'system',
    refreshLeadSeconds: REFRESH_LEAD_SECONDS.default,
    refreshTokenWarningHours: REFRESH_TOKEN_WARNING_HOURS.default,
    notifications: true,
    runInBackground: true,
    openAtLogin: 'auto',
    endpointOverrides: {},
  };
}
