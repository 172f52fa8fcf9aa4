import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../shared/errors';
import type { ProviderApp, SaveAppInput } from '../../../shared/models';
import type { ProviderDefinition } from '../../../shared/providers/provider-schema';
import { Button } from '../../components/Button';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Field } from '../../components/Field';
import { useAppStore } from '../../store';
import { useVendorText } from '../../i18n/vendor-text';
import { ExtraParamFields, extraParamErrors } from './ExtraParamFields';
import { appParams, usesFixedPort } from './rules';

interface AppFormProps {
  definition: ProviderDefinition;
  /** Editing an existing app; a new one otherwise. */
  app?: ProviderApp;
  onSaved: (app: ProviderApp) => void;
  onCancel?: () => void;
}

type Errors = Record<string, string>;

/** Create or edit a provider app: the client registration shared by a vendor's connections. */
export function AppForm({ definition, app, onSaved, onCancel }: AppFormProps) {
  const { t } = useTranslation();
  const saveApp = useAppStore((s) => s.saveApp);
  const vendorText = useVendorText();
  const params = appParams(definition);
  const fixedPort = usesFixedPort(definition);
  const needsSecret = definition.tokenRequest.clientAuth !== 'none';

  const [label, setLabel] = useState(app?.label ?? '');
  const [clientId, setClientId] = useState(app?.clientId ?? '');
  // The client secret lives only in this form's state until it is sent to the main process.
  const [clientSecret, setClientSecret] = useState('');
  const [removeSecret, setRemoveSecret] = useState(false);
  const [port, setPort] = useState(
    String(app?.redirectPort ?? definition.authorizationCode?.defaultPort ?? ''),
  );
  const [values, setValues] = useState<Record<string, string>>(app?.params ?? {});
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<AppErrorData | null>(null);

  const validate = (): Errors => {
    const found: Errors = {};
    if (!label.trim()) found.label = t('appForm.errors.label');
    if (!clientId.trim()) found.clientId = t('appForm.errors.clientId');
    if (fixedPort) {
      const n = Number(port);
      if (!Number.isInteger(n) || n < 1024 || n > 65535) found.port = t('appForm.errors.port');
    }
    Object.assign(
      found,
      extraParamErrors(params, values, t, (param) => vendorText.paramLabel(definition.id, param)),
    );
    return found;
  };

  const submit = async () => {
    const found = validate();
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    setFailure(null);
    const cleaned = Object.fromEntries(
      params.map((p) => [p.name, (values[p.name] ?? '').trim()] as const).filter(([, v]) => v !== ''),
    );
    const input: SaveAppInput = {
      providerId: definition.id,
      label: label.trim(),
      clientId: clientId.trim(),
      params: cleaned,
      ...(app ? { id: app.id } : {}),
      // An empty string tells main to delete the stored secret (the app becomes a public client).
      ...(clientSecret ? { clientSecret } : removeSecret ? { clientSecret: '' } : {}),
      ...(fixedPort ? { redirectPort: Number(port) } : {}),
    };
    const result = await saveApp(input);
    setBusy(false);
    if (result.ok) {
      setClientSecret('');
      onSaved(result.value);
    } else setFailure(result.error);
  };

  return (
    <form
      className="form app-form"
      noValidate
      aria-busy={busy || undefined}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <Field label={t('appForm.label')} help={t('appForm.labelHelp')} error={errors.label} required>
        {({ id, describedBy, invalid }) => (
          <input
            id={id}
            value={label}
            onChange={(e) => setLabel(e.target.value)}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            aria-required="true"
            maxLength={200}
          />
        )}
      </Field>
      <Field
        label={t('appForm.clientId')}
        help={t('appForm.clientIdHelp', { vendor: definition.name })}
        error={errors.clientId}
        required
      >
        {({ id, describedBy, invalid }) => (
          <input
            id={id}
            value={clientId}
            onChange={(e) => setClientId(e.target.value)}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            aria-required="true"
            autoComplete="off"
            spellCheck={false}
          />
        )}
      </Field>
      {needsSecret ? (
        <Field
          label={t('appForm.clientSecret')}
          help={app?.hasClientSecret ? t('appForm.clientSecretKeep') : t('appForm.clientSecretHelp')}
        >
          {({ id, describedBy }) => (
            <input
              id={id}
              type="password"
              value={clientSecret}
              onChange={(e) => setClientSecret(e.target.value)}
              aria-describedby={describedBy}
              autoComplete="new-password"
              spellCheck={false}
              disabled={removeSecret}
            />
          )}
        </Field>
      ) : null}
      {app?.hasClientSecret ? (
        <div className="choice checkbox-field">
          <input
            type="checkbox"
            id={`remove-secret-${app.id}`}
            checked={removeSecret}
            onChange={(e) => {
              setRemoveSecret(e.target.checked);
              if (e.target.checked) setClientSecret('');
            }}
          />
          <label htmlFor={`remove-secret-${app.id}`}>{t('appForm.removeSecret')}</label>
        </div>
      ) : null}
      {fixedPort ? (
        <Field
          label={t('appForm.port')}
          help={t('appForm.portHelp', { vendor: definition.name })}
          error={errors.port}
          required
        >
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              type="number"
              inputMode="numeric"
              min={1024}
              max={65535}
              value={port}
              onChange={(e) => setPort(e.target.value)}
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
              aria-required="true"
            />
          )}
        </Field>
      ) : null}
      <ExtraParamFields
        providerId={definition.id}
        params={params}
        values={values}
        errors={errors}
        onChange={setValues}
      />
      {Object.keys(errors).length > 0 ? (
        <p role="alert" className="form-error-summary">
          {t('access.fixErrors', { count: Object.keys(errors).length })}
        </p>
      ) : null}
      {failure ? <ErrorNotice title={t('appForm.saveFailed')} error={failure} /> : null}
      <div className="form-actions">
        {onCancel ? <Button onClick={onCancel}>{t('common.cancel')}</Button> : null}
        <Button type="submit" variant="primary" busy={busy} busyLabel={t('common.saving')}>
          {app ? t('appForm.saveChanges') : t('appForm.create')}
        </Button>
      </div>
    </form>
  );
}
