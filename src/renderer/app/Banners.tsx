import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../components/ErrorNotice';
import { RestartButton } from '../screens/settings/UpdatesSettings';
import { useStoreShallow } from '../store/selectors';

/** Records or overrides changed outside the app, or an older copy of the data (main/db/integrity.ts). */
const INTEGRITY_CODES: ReadonlySet<string> = new Set(['RECORD_TAMPERED', 'VAULT_ROLLBACK']);

/**
 * What concerns the whole app: no keychain, files that could not be loaded at start, and an update
 * that is downloaded and waits for a restart.
 */
export function Banners() {
  const { t } = useTranslation();
  const { appInfo, appInfoError, updates } = useStoreShallow((s) => ({
    appInfo: s.appInfo,
    appInfoError: s.appInfoError,
    updates: s.updates,
  }));
  const updateReady = updates?.state === 'ready' ? updates : null;
  const keychainDown = appInfo && !appInfo.keychain.available;
  const problems = appInfo?.startupProblems ?? [];
  if (!keychainDown && problems.length === 0 && !appInfoError && !updateReady) return null;
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
        <ErrorNotice
          key={`${problem.code}-${index}`}
          title={t(INTEGRITY_CODES.has(problem.code) ? 'integrity.bannerTitle' : 'banner.startupProblem')}
          error={problem}
        />
      ))}
      {appInfoError ? <ErrorNotice title={t('banner.appInfoFailed')} error={appInfoError} /> : null}
      {updateReady ? (
        <div className="notice notice-info" role="status" data-testid="update-ready">
          <p>
            {t('updates.banner')} {t('updates.ready', { version: updateReady.version })}
          </p>
          <RestartButton />
        </div>
      ) : null}
    </div>
  );
}
