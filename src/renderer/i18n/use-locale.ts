import { useTranslation } from 'react-i18next';

/** The UI language, for Intl formatting. */
export function useLocale(): string {
  const { i18n } = useTranslation();
  return i18n.language || 'en';
}
