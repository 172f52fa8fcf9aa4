import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useStoreShallow } from '../store/selectors';

/** Outcome messages that outlive the screen that caused them ("Disconnected"). */
export function NoticeArea() {
  const { t } = useTranslation();
  const { notice, clearNotice } = useStoreShallow((s) => ({ notice: s.notice, clearNotice: s.clearNotice }));
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(clearNotice, 10_000);
    return () => clearTimeout(timer);
  }, [notice, clearNotice]);
  return (
    <div role="status" className="notice-area">
      {notice ? (
        <div className={`notice notice-${notice.kind}`}>
          <span className="notice-icon" aria-hidden="true">
            {notice.kind === 'success' ? '✓' : 'ℹ'}
          </span>
          <p className="notice-message">{notice.text}</p>
          <button type="button" className="btn btn-ghost btn-small" onClick={clearNotice}>
            {t('common.dismiss')}
          </button>
        </div>
      ) : null}
    </div>
  );
}
