import { useEffect } from 'react';
import { applyLanguage } from '../i18n';
import { useAppStore } from '../store';

/** Applies the theme (data-theme; 'system' follows prefers-color-scheme in CSS) and the language. */
export function useAppearance(): void {
  const theme = useAppStore((s) => s.settings?.theme ?? 'system');
  const language = useAppStore((s) => s.settings?.language);
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') delete root.dataset.theme;
    else root.dataset.theme = theme;
  }, [theme]);
  useEffect(() => {
    if (language) applyLanguage(language);
  }, [language]);
}
