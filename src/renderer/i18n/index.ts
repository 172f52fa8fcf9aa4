import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import fr from './fr.json';

export const LANGUAGES = ['en', 'fr'] as const;
export type UiLanguage = (typeof LANGUAGES)[number];

/** Initialised once, synchronously (resources are bundled), before the first render. */
export function initI18n(language: UiLanguage = 'en'): typeof i18next {
  if (!i18next.isInitialized) {
    void i18next.use(initReactI18next).init({
      resources: { en: { translation: en }, fr: { translation: fr } },
      lng: language,
      fallbackLng: 'en',
      interpolation: { escapeValue: false },
      returnNull: false,
      initAsync: false,
    });
  }
  document.documentElement.lang = i18next.language;
  return i18next;
}

export function applyLanguage(language: UiLanguage): void {
  if (i18next.language !== language) void i18next.changeLanguage(language);
  document.documentElement.lang = language;
}

export { i18next };
