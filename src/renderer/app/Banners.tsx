import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../components/ErrorNotice';
import { useStoreShallow } from '../store/selectors';

/** Problems that concern the whole app: no keychain, files that could not be loaded at start. */
export function Banners() {
  const { t } = useTranslation();
  const { appInfo, appInfoError } = useStoreShallow((s) => ({
    appInfo: s.appInfo,
    appInfoError: s.appInfoError,
  }));
  const keychainDown = appInfo && !appInfo.keychain.available;
  const problems = appInfo?.startupProblems ?? [];
  if (!keychainDown && problems.length === 0 && !appInfoError) return null;
  return (
    <div className="banners" data-testid="app-banners">
      {keychainDown ? (
        <ErrorNotice
          title={t('banner.keychainTitle')}
          error={
            appInfo.keychain.error ?? {
              code: 'KEYCHAIN_UNAVAILABLE',
              message: 'The system keychain is not available, so POS Connect cannot store secrets.',
            }
          }
        />
      ) : null}
      {problems.map((problem, index) => (
        <ErrorNotice key={`${problem.code}-${index}`} title={t('banner.startupProblem')} error={problem} />
      ))}
      {appInfoError ? <ErrorNotice title={t('banner.appInfoFailed')} error={appInfoError} /> : null}
    </div>
  );
}
