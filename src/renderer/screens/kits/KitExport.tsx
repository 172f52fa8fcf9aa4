import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../shared/errors';
import { call } from '../../api/client';
import { Button } from '../../components/Button';
import { CheckboxField } from '../../components/CheckboxField';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Field } from '../../components/Field';
import { Section } from '../../components/Section';
import { downloadText } from '../../lib/download';
import { useStoreShallow } from '../../store/selectors';

const MIN_PASSPHRASE = 8;

/**
 * "Export a connection kit": the technician chooses provider apps and custom providers; client
 * secrets go in only when ticked, then encrypted by main with a passphrase typed twice here and
 * given to the shop separately.
 */
export function KitExport() {
  const { t } = useTranslation();
  const { apps, providers } = useStoreShallow((s) => ({ apps: s.apps, providers: s.providers }));
  const [chosenApps, setChosenApps] = useState<string[]>([]);
  const [chosenProviders, setChosenProviders] = useState<string[]>([]);
  const [createdBy, setCreatedBy] = useState('');
  const [note, setNote] = useState('');
  const [withSecrets, setWithSecrets] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [failure, setFailure] = useState<AppErrorData | null>(null);
  const custom = providers.filter((p) => !p.definition.builtin);
  const nameOf = (providerId: string) =>
    providers.find((p) => p.definition.id === providerId)?.definition.name ?? providerId;

  const passphraseError =
    withSecrets && tried && passphrase.length < MIN_PASSPHRASE
      ? t('kits.export.passphraseTooShort', { min: MIN_PASSPHRASE })
      : null;
  const confirmationError =
    withSecrets && tried && !passphraseError && confirmation !== passphrase
      ? t('kits.export.passphraseMismatch')
      : null;
  const nothingChosen = chosenApps.length + chosenProviders.length === 0;

  const toggle = (list: string[], id: string, on: boolean) =>
    on ? [...list, id] : list.filter((x) => x !== id);

  const exportKit = async () => {
    setTried(true);
    setStatus('');
    setFailure(null);
    if (withSecrets && (passphrase.length < MIN_PASSPHRASE || confirmation !== passphrase)) return;
    setBusy(true);
    const result = await call((api) =>
      api['kits:export']({
        appIds: chosenApps,
        customProviderIds: chosenProviders,
        ...(createdBy.trim() ? { createdBy: createdBy.trim() } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(withSecrets ? { passphrase } : {}),
      }),
    );
    setBusy(false);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    downloadText(result.value.fileName, result.value.content, 'application/x-posconnect');
    setStatus(
      withSecrets
        ? t('kits.export.savedWithSecrets', { name: result.value.fileName })
        : t('kits.export.saved', { name: result.value.fileName }),
    );
    setPassphrase('');
    setConfirmation('');
    setTried(false);
  };

  return (
    <Section title={t('kits.export.title')} testId="kit-export">
      <p className="help">{t('kits.export.intro')}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void exportKit();
        }}
      >
        <fieldset className="choice-list">
          <legend>{t('kits.export.apps')}</legend>
          {apps.length === 0 ? <p className="muted">{t('kits.export.noApps')}</p> : null}
          {apps.map((app) => (
            <CheckboxField
              key={app.id}
              id={`kit-app-${app.id}`}
              label={`${app.label} · ${nameOf(app.providerId)}`}
              help={t('kits.export.appHelp', { clientId: app.clientId })}
              checked={chosenApps.includes(app.id)}
              onChange={(on) => setChosenApps((list) => toggle(list, app.id, on))}
            />
          ))}
        </fieldset>
        {custom.length > 0 ? (
          <fieldset className="choice-list">
            <legend>{t('kits.export.providers')}</legend>
            {custom.map(({ definition }) => (
              <CheckboxField
                key={definition.id}
                id={`kit-provider-${definition.id}`}
                label={definition.name}
                help={t('kits.export.providerHelp', { id: definition.id })}
                checked={chosenProviders.includes(definition.id)}
                onChange={(on) => setChosenProviders((list) => toggle(list, definition.id, on))}
              />
            ))}
          </fieldset>
        ) : null}
        <Field label={t('kits.export.createdBy')} help={t('kits.export.createdByHelp')}>
          {({ id, describedBy }) => (
            <input
              id={id}
              value={createdBy}
              maxLength={200}
              aria-describedby={describedBy}
              onChange={(event) => setCreatedBy(event.target.value)}
            />
          )}
        </Field>
        <Field label={t('kits.export.note')}>
          {({ id, describedBy }) => (
            <textarea
              id={id}
              value={note}
              rows={2}
              maxLength={2000}
              aria-describedby={describedBy}
              onChange={(event) => setNote(event.target.value)}
            />
          )}
        </Field>
        <CheckboxField
          id="kit-with-secrets"
          label={t('kits.export.withSecrets')}
          help={t('kits.export.withSecretsHelp')}
          checked={withSecrets}
          onChange={setWithSecrets}
        />
        {withSecrets ? (
          <>
            <Field
              label={t('kits.export.passphrase')}
              help={t('kits.export.passphraseHelp')}
              error={passphraseError}
              required
            >
              {({ id, describedBy, invalid }) => (
                <input
                  id={id}
                  type="password"
                  autoComplete="new-password"
                  value={passphrase}
                  aria-describedby={describedBy}
                  aria-invalid={invalid || undefined}
                  onChange={(event) => setPassphrase(event.target.value)}
                />
              )}
            </Field>
            <Field label={t('kits.export.confirmation')} error={confirmationError} required>
              {({ id, describedBy, invalid }) => (
                <input
                  id={id}
                  type="password"
                  autoComplete="new-password"
                  value={confirmation}
                  aria-describedby={describedBy}
                  aria-invalid={invalid || undefined}
                  onChange={(event) => setConfirmation(event.target.value)}
                />
              )}
            </Field>
          </>
        ) : null}
        {failure ? <ErrorNotice title={t('kits.export.failed')} error={failure} /> : null}
        <div className="button-row">
          <Button type="submit" variant="primary" busy={busy} disabled={nothingChosen}>
            {t('kits.export.export')}
          </Button>
        </div>
        <p role="status" className="status-line">
          {status}
        </p>
      </form>
    </Section>
  );
}
