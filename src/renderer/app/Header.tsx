import { useTranslation } from 'react-i18next';
import { useStoreShallow } from '../store/selectors';
import { Nav } from './Nav';

export function Header() {
  const { t } = useTranslation();
  const { appInfo } = useStoreShallow((s) => ({ appInfo: s.appInfo }));
  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          ⇄
        </span>
        <span className="brand-name">{appInfo?.name ?? t('app.name')}</span>
        {appInfo ? (
          <span className="brand-version">{t('app.version', { version: appInfo.version })}</span>
        ) : null}
        {appInfo?.environment === 'sandbox' ? (
          <span className="badge badge-env" data-testid="environment-badge" title={appInfo.sandboxUrl}>
            <span aria-hidden="true" className="badge-icon">
              ⚑
            </span>
            {t('app.sandbox')}
          </span>
        ) : null}
      </div>
      <Nav />
    </header>
  );
}
