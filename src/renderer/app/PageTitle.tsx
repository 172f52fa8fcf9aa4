import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The screen's <h1>. It takes focus when the screen is shown after a navigation, so keyboard and
 * screen-reader users land at the top of the new content; the window title follows it.
 */
export function PageTitle({ children }: { children: string }) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${children} · ${t('app.name')}`;
  }, [children, t]);
  return (
    <h1 id="page-title" tabIndex={-1} className="page-title">
      {children}
    </h1>
  );
}
