import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../shared/errors';
import type { CheckAllResult } from '../../../shared/models';
import { call } from '../../api/client';
import { Button } from '../../components/Button';
import { ErrorNotice } from '../../components/ErrorNotice';

const OUTCOMES = [
  'works',
  'renewed',
  'rejected',
  'unreachable',
  'skipped',
] as const satisfies readonly (keyof CheckAllResult)[];

/**
 * "Check all now": asks every vendor whether it still accepts its connections (main bounds the
 * pace). The button shows the check running; the result is announced when it ends. The states
 * themselves change through the usual connections:changed events.
 */
export function CheckAll() {
  const { t, i18n } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [failure, setFailure] = useState<AppErrorData | null>(null);

  const describe = (result: CheckAllResult) => {
    const parts = OUTCOMES.filter((outcome) => result[outcome] > 0).map((outcome) =>
      t(`overview.checkParts.${outcome}`, { count: result[outcome] }),
    );
    if (parts.length === 0) return t('overview.checkNothing');
    const list = new Intl.ListFormat(i18n.language || 'en', { type: 'conjunction' }).format(parts);
    return t('overview.checkDone', { parts: list });
  };

  const run = async () => {
    setBusy(true);
    setStatus('');
    setFailure(null);
    const result = await call((api) => api['connections:checkAll']());
    setBusy(false);
    if (result.ok) setStatus(describe(result.value));
    else setFailure(result.error);
  };

  return (
    <div className="check-all">
      <div className="button-row">
        <Button onClick={() => void run()} busy={busy} busyLabel={t('overview.checking')}>
          {t('overview.checkAll')}
        </Button>
      </div>
      <p role="status" className="status-line">
        {status}
      </p>
      {failure ? <ErrorNotice title={t('overview.checkFailed')} error={failure} /> : null}
    </div>
  );
}
