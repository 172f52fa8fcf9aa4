import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../shared/errors';
import type { ProviderApp } from '../../../shared/models';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Section } from '../../components/Section';
import { useStoreShallow } from '../../store/selectors';
import { AppForm } from '../connect/AppForm';
import { RedirectUri } from '../connect/RedirectUri';

/** Provider apps: list, add, edit, delete (with confirmation). */
export function AppsSettings() {
  const { t } = useTranslation();
  const { apps, providers, connections, deleteApp } = useStoreShallow((s) => ({
    apps: s.apps,
    providers: s.providers,
    connections: s.connections,
    deleteApp: s.deleteApp,
  }));
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState<string>('');
  const [deleting, setDeleting] = useState<ProviderApp | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [failure, setFailure] = useState<AppErrorData | null>(null);

  const confirmDelete = async () => {
    if (!deleting) return;
    setBusy(true);
    setFailure(null);
    const result = await deleteApp(deleting.id);
    setBusy(false);
    const label = deleting.label;
    setDeleting(null);
    if (result.ok) setStatus(t('apps.deleted', { label }));
    else setFailure(result.error);
  };

  const sorted = [...apps].sort(
    (a, b) => a.providerId.localeCompare(b.providerId) || a.label.localeCompare(b.label),
  );
  const inUse = (app: ProviderApp) => connections.filter((c) => c.appId === app.id).length;

  return (
    <Section title={t('apps.title')} testId="apps-settings">
      {sorted.length === 0 ? <p className="muted">{t('apps.none')}</p> : null}
      <ul className="card-list">
        {sorted.map((app) => {
          const definition = providers.find((p) => p.definition.id === app.providerId)?.definition;
          return (
            <li key={app.id} className="card">
              <h3>
                {app.label} <span className="muted">· {definition?.name ?? app.providerId}</span>
              </h3>
              <dl className="kv kv-grid">
                <dt>{t('appForm.clientId')}</dt>
                <dd>
                  <code className="wrap">{app.clientId}</code>
                </dd>
                <dt>{t('appForm.clientSecret')}</dt>
                <dd>{app.hasClientSecret ? t('apps.secretStored') : t('apps.noSecret')}</dd>
                {app.redirectPort ? (
                  <>
                    <dt>{t('appForm.port')}</dt>
                    <dd>{app.redirectPort}</dd>
                  </>
                ) : null}
                <dt>{t('apps.connections')}</dt>
                <dd>{inUse(app)}</dd>
              </dl>
              {definition && editing !== app.id ? (
                <RedirectUri definition={definition} uri={app.redirectUri} />
              ) : null}
              {editing === app.id && definition ? (
                <AppForm
                  definition={definition}
                  app={app}
                  onSaved={(saved) => {
                    setEditing(null);
                    setStatus(t('apps.saved', { label: saved.label }));
                  }}
                  onCancel={() => setEditing(null)}
                />
              ) : (
                <div className="button-row">
                  <Button
                    size="small"
                    onClick={() => setEditing(app.id)}
                    disabled={!definition}
                    aria-label={t('apps.editNamed', { label: app.label })}
                  >
                    {t('common.edit')}
                  </Button>
                  <Button
                    size="small"
                    variant="danger"
                    onClick={() => setDeleting(app)}
                    aria-label={t('apps.deleteNamed', { label: app.label })}
                  >
                    {t('common.delete')}
                  </Button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
      <AddApp
        providerId={adding}
        onChoose={setAdding}
        onSaved={(saved) => {
          setAdding('');
          setStatus(t('apps.saved', { label: saved.label }));
        }}
      />
      <p role="status" className="status-line">
        {status}
      </p>
      {failure ? <ErrorNotice title={t('apps.deleteFailed')} error={failure} /> : null}
      <ConfirmDialog
        open={deleting !== null}
        title={t('apps.deleteTitle', { label: deleting?.label ?? '' })}
        confirmLabel={t('common.delete')}
        onConfirm={() => void confirmDelete()}
        onCancel={() => setDeleting(null)}
        busy={busy}
        danger
      >
        <p>{deleting ? t('apps.deleteBody', { count: inUse(deleting) }) : ''}</p>
      </ConfirmDialog>
    </Section>
  );
}

/** A new provider app for any provider, before any connection needs it. */
function AddApp({
  providerId,
  onChoose,
  onSaved,
}: {
  providerId: string;
  onChoose: (providerId: string) => void;
  onSaved: (app: ProviderApp) => void;
}) {
  const { t } = useTranslation();
  const providers = useStoreShallow((s) => s.providers);
  const definition = providers.find((p) => p.definition.id === providerId)?.definition;
  return (
    <div className="add-app">
      <h3>{t('apps.addTitle')}</h3>
      <label htmlFor="add-app-provider">{t('apps.addProvider')}</label>
      <select id="add-app-provider" value={providerId} onChange={(event) => onChoose(event.target.value)}>
        <option value="">{t('apps.chooseProvider')}</option>
        {providers.map((p) => (
          <option key={p.definition.id} value={p.definition.id}>
            {p.definition.name}
          </option>
        ))}
      </select>
      {definition ? (
        <AppForm
          key={definition.id}
          definition={definition}
          onSaved={onSaved}
          onCancel={() => onChoose('')}
        />
      ) : null}
    </div>
  );
}
