import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../shared/errors';
import type { ConnectionDetail } from '../../../shared/models';
import { call } from '../../api/client';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDateTime } from '../../i18n/format';
import { useLocale } from '../../i18n/use-locale';
import { useAppStore } from '../../store';
import { RenameForm } from './RenameForm';

type Dialog = 'copy' | 'disconnect' | null;

/** Refresh now, reconnect, copy the access token, rename, disconnect. */
export function ActionsBar({ detail }: { detail: ConnectionDetail }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const refreshing = useAppStore((s) => Boolean(s.refreshing[detail.id]));
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const [status, setStatus] = useState('');
  const [failure, setFailure] = useState<{ title: string; error: AppErrorData } | null>(null);
  const name = detail.label || detail.providerName;
  // The primary button is the way out of the state: a connection the vendor no longer accepts, or
  // one that cannot renew itself and whose token has run out, is reconnected, not refreshed.
  const reconnectFirst =
    detail.state === 'needs_reauthorization' ||
    detail.state === 'disconnected' ||
    (detail.renewal === 'none' && detail.attention.some((item) => item.kind === 'access_token_expired'));

  const refresh = async () => {
    setFailure(null);
    setStatus(t('actions.refreshing'));
    const result = await useAppStore.getState().refreshConnection(detail.id);
    if (result.ok)
      setStatus(t('actions.refreshed', { at: formatDateTime(result.value.accessTokenExpiresAt, locale) }));
    else {
      setStatus('');
      setFailure({ title: t('actions.refreshFailed'), error: result.error });
    }
  };

  const reconnect = () => {
    const store = useAppStore.getState();
    store.resetConnectFlow();
    store.navigate({ name: 'connect', reconnectId: detail.id });
  };

  const copyToken = async () => {
    setBusy(true);
    setFailure(null);
    const result = await call((api) => api['connections:copyAccessToken']({ connectionId: detail.id }));
    setBusy(false);
    setDialog(null);
    if (result.ok) {
      setStatus(
        result.value.expiresAt
          ? t('actions.tokenCopiedUntil', { at: formatDateTime(result.value.expiresAt, locale) })
          : t('actions.tokenCopied'),
      );
    } else setFailure({ title: t('actions.copyFailed'), error: result.error });
  };

  const disconnect = async () => {
    setBusy(true);
    setFailure(null);
    const result = await useAppStore.getState().disconnectConnection(detail.id);
    setBusy(false);
    setDialog(null);
    if (result.ok) {
      const store = useAppStore.getState();
      const key = result.value.revoked ? 'actions.disconnectedRevoked' : 'actions.disconnectedLocal';
      store.navigate({ name: 'overview' });
      store.showNotice('success', t(key, { name }));
    } else setFailure({ title: t('actions.disconnectFailed'), error: result.error });
  };

  return (
    <div className="actions-bar" aria-busy={refreshing || undefined}>
      <div className="button-row" role="group" aria-label={t('actions.label')}>
        {reconnectFirst ? (
          <Button variant="primary" onClick={reconnect}>
            {t('actions.reconnect')}
          </Button>
        ) : null}
        <Button
          variant={reconnectFirst ? 'secondary' : 'primary'}
          onClick={() => void refresh()}
          busy={refreshing}
          busyLabel={t('actions.refreshing')}
        >
          {t('actions.refresh')}
        </Button>
        {reconnectFirst ? null : <Button onClick={reconnect}>{t('actions.reconnect')}</Button>}
        <Button
          onClick={() => setDialog('copy')}
          disabled={!detail.accessToken && !detail.accessTokenExpiresAt}
        >
          {t('actions.copyToken')}
        </Button>
        <Button onClick={() => setRenaming(true)} aria-expanded={renaming}>
          {t('actions.rename')}
        </Button>
        <Button variant="danger" onClick={() => setDialog('disconnect')}>
          {t('actions.disconnect')}
        </Button>
      </div>
      {renaming ? (
        <RenameForm
          connectionId={detail.id}
          label={detail.label}
          onDone={(saved) => {
            setRenaming(false);
            if (saved) setStatus(t('rename.saved'));
          }}
        />
      ) : null}
      <p role="status" className="status-line" data-testid="action-status">
        {status}
      </p>
      {failure ? <ErrorNotice title={failure.title} error={failure.error} /> : null}

      <ConfirmDialog
        open={dialog === 'copy'}
        title={t('copyToken.title')}
        confirmLabel={t('copyToken.confirm')}
        onConfirm={() => void copyToken()}
        onCancel={() => setDialog(null)}
        busy={busy}
      >
        <p>{t('copyToken.secret')}</p>
        <p>{t('copyToken.clipboard')}</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog === 'disconnect'}
        title={t('disconnect.title', { name })}
        confirmLabel={t('disconnect.confirm')}
        onConfirm={() => void disconnect()}
        onCancel={() => setDialog(null)}
        busy={busy}
        danger
      >
        <p>{t('disconnect.body', { vendor: detail.providerName })}</p>
      </ConfirmDialog>
    </div>
  );
}
