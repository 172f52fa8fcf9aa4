import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../shared/errors';
import type { KitImportResult, KitPreview, KitPreviewApp } from '../../../shared/kits/kit-types';
import { call } from '../../api/client';
import { Button } from '../../components/Button';
import { CopyButton } from '../../components/CopyButton';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Field } from '../../components/Field';
import { Section } from '../../components/Section';
import { formatDateTime } from '../../i18n/format';
import { useAppStore } from '../../store';
import { useKitStore } from './kit-store';

const OUTCOME_BADGE: Record<KitPreviewApp['outcome'], string> = {
  add: 'badge-ok',
  same: 'badge-muted',
  'unknown-provider': 'badge-bad',
  'provider-conflict': 'badge-bad',
};

/** What a kit will add, what is already here, and the passphrase when it carries secrets. */
export function KitPreviewPanel({ preview }: { preview: KitPreview }) {
  const { t, i18n } = useTranslation();
  const close = useKitStore((s) => s.close);
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState<'import' | 'dismiss' | null>(null);
  const [failure, setFailure] = useState<AppErrorData | null>(null);
  const [done, setDone] = useState<KitImportResult | null>(null);
  const toAdd = preview.apps.filter((a) => a.outcome === 'add').length;
  const providersToAdd = preview.customProviders.filter((p) => p.outcome === 'add').length;

  const importKit = async () => {
    setFailure(null);
    setBusy('import');
    const result = await call((api) =>
      api['kits:import']({ kitId: preview.kitId, ...(passphrase ? { passphrase } : {}) }),
    );
    setBusy(null);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    setPassphrase('');
    setDone(result.value);
    const store = useAppStore.getState();
    await Promise.all([store.loadProviders(), store.loadApps()]);
  };

  const dismiss = async () => {
    setBusy('dismiss');
    await call((api) => api['kits:dismiss']({ kitId: preview.kitId }));
    setBusy(null);
    close(preview.kitId);
  };

  if (done) {
    return (
      <Section title={t('kits.preview.doneTitle')} testId="kit-imported">
        <p role="status">
          {t('kits.preview.done', { apps: done.addedApps.length, providers: done.addedProviders.length })}
          {done.secretsStored > 0 ? ` ${t('kits.preview.secretsStored', { count: done.secretsStored })}` : ''}
        </p>
        {done.skipped.length > 0 ? (
          <p className="muted">{t('kits.preview.skipped', { labels: done.skipped.join(', ') })}</p>
        ) : null}
        <div className="button-row">
          <Button
            variant="primary"
            onClick={() => {
              close(preview.kitId);
              useAppStore.getState().resetConnectFlow();
              useAppStore.getState().navigate({ name: 'connect' });
            }}
          >
            {t('kits.preview.connectNow')}
          </Button>
          <Button onClick={() => close(preview.kitId)}>{t('common.dismiss')}</Button>
        </div>
      </Section>
    );
  }

  return (
    <Section title={t('kits.preview.title')} testId="kit-preview">
      <dl className="kv kv-grid">
        {preview.fileName ? (
          <>
            <dt>{t('kits.preview.file')}</dt>
            <dd>
              <code className="wrap">{preview.fileName}</code>
            </dd>
          </>
        ) : null}
        {preview.createdBy ? (
          <>
            <dt>{t('kits.preview.createdBy')}</dt>
            <dd>{preview.createdBy}</dd>
          </>
        ) : null}
        <dt>{t('kits.preview.createdAt')}</dt>
        <dd>{formatDateTime(preview.createdAt, i18n.language)}</dd>
        {preview.note ? (
          <>
            <dt>{t('kits.preview.note')}</dt>
            <dd className="wrap">{preview.note}</dd>
          </>
        ) : null}
      </dl>
      <p>{t('kits.preview.summary', { apps: toAdd, providers: providersToAdd })}</p>
      {preview.customProviders.length > 0 ? (
        <>
          <h3>{t('kits.preview.providers')}</h3>
          <ul className="card-list">
            {preview.customProviders.map((provider) => (
              <li key={provider.id} className="card card-row">
                <span>
                  <strong>{provider.name}</strong> <code className="muted">{provider.id}</code>
                </span>
                <span
                  className={`badge ${provider.outcome === 'add' ? 'badge-ok' : provider.outcome === 'same' ? 'badge-muted' : 'badge-bad'}`}
                >
                  {t(`kits.providerOutcome.${provider.outcome}`)}
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h3>{t('kits.preview.apps')}</h3>
      <ul className="card-list" aria-label={t('kits.preview.apps')}>
        {preview.apps.map((app) => (
          <li key={app.ref} className="card" data-testid="kit-app">
            <h4>
              {app.label} <span className="muted">· {app.providerName}</span>{' '}
              <span className={`badge ${OUTCOME_BADGE[app.outcome]}`}>
                {t(`kits.appOutcome.${app.outcome}`, { label: app.existingLabel ?? '' })}
              </span>
            </h4>
            <dl className="kv kv-grid">
              <dt>{t('appForm.clientId')}</dt>
              <dd>
                <code className="wrap">{app.clientId}</code>
              </dd>
              <dt>{t('appForm.clientSecret')}</dt>
              <dd>{app.hasClientSecret ? t('kits.preview.secretIncluded') : t('kits.preview.noSecret')}</dd>
              {Object.entries(app.params).map(([name, value]) => (
                <Fragment key={name}>
                  <dt>
                    <code>{name}</code>
                  </dt>
                  <dd>
                    <code className="wrap">{value}</code>
                  </dd>
                </Fragment>
              ))}
              {app.scopes ? (
                <>
                  <dt>{t('kits.preview.scopes')}</dt>
                  <dd>{app.scopes.length > 0 ? app.scopes.join(' ') : t('kits.preview.noScopes')}</dd>
                </>
              ) : null}
            </dl>
            {app.redirectUri ? (
              <p className="redirect-line">
                {t('kits.preview.redirectUri')} <code className="wrap">{app.redirectUri}</code>{' '}
                <CopyButton
                  text={app.redirectUri}
                  label={t('kits.preview.copyRedirect', { label: app.label })}
                />
              </p>
            ) : null}
          </li>
        ))}
      </ul>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void importKit();
        }}
      >
        {preview.needsPassphrase ? (
          <Field label={t('kits.preview.passphrase')} help={t('kits.preview.passphraseHelp')} required>
            {({ id, describedBy }) => (
              <input
                id={id}
                type="password"
                autoComplete="off"
                value={passphrase}
                aria-describedby={describedBy}
                onChange={(event) => setPassphrase(event.target.value)}
              />
            )}
          </Field>
        ) : null}
        {failure ? <ErrorNotice title={t('kits.preview.failed')} error={failure} /> : null}
        <div className="button-row">
          <Button
            type="submit"
            variant="primary"
            busy={busy === 'import'}
            disabled={toAdd + providersToAdd === 0 || (preview.needsPassphrase && passphrase === '')}
          >
            {t('kits.preview.add')}
          </Button>
          <Button onClick={() => void dismiss()} busy={busy === 'dismiss'}>
            {t('common.cancel')}
          </Button>
        </div>
      </form>
    </Section>
  );
}
