import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../shared/errors';
import type { ProviderApp, SaveAppInput } from '../../../shared/models';
import type { ProviderDefinition } from '../../../shared/providers/provider-schema';
import { Button } from '../../components/Button';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Field } from '../../components/Field';
import { useAppStore } from '../../store';
import { redirectUriFor } from '../../../shared/providers/redirect-uri';
import type { AppFormDraft } from '../../store/types';
import { ExtraParamFields, extraParamErrors } from './ExtraParamFields';
import { RedirectUri } from './RedirectUri';
import { appParams, usesFixedPort } from './rules';

interface AppFormProps {
  definition: ProviderDefinition;
  /** Editing an existing app; a new one otherwise. */
  app?: ProviderApp;
  onSaved: (app: ProviderApp) => void;
  onCancel?: () => void;
  /**
   * In the wizard the step's own Continue submits this form (by its id) and there are no buttons
   * here; elsewhere the form has its Save and Cancel.
   */
  formId?: string;
  /** Fields typed so far (no secret), to resume after leaving the screen, and where to keep them. */
  draft?: AppFormDraft | null;
  onDraft?: (draft: AppFormDraft) => void;
}

type Errors = Record<string, string>;

/** Create or edit a provider app: the client registration shared by a vendor's connections. */
export function AppForm({ definition, app, onSaved, onCancel, formId, draft, onDraft }: AppFormProps) {
  const { t } = useTranslation();
  const saveApp = useAppStore((s) => s.saveApp);
  const sandbox = useAppStore((s) => s.appInfo?.environment === 'sandbox');
  const params = appParams(definition);
  const fixedPort = usesFixedPort(definition);
  const needsSecret = definition.tokenRequest.clientAuth !== 'none';

  const [label, setLabel] = useState(draft?.label ?? app?.label ?? '');
  const [clientId, setClientId] = useState(draft?.clientId ?? app?.clientId ?? '');
  // The client secret lives only in this form's state until it is sent to the main process.
  const [clientSecret, setClientSecret] = useState('');
  const [removeSecret, setRemoveSecret] = useState(false);
  const [port, setPort] = useState(
    draft?.port ?? String(app?.redirectPort ?? definition.authorizationCode?.defaultPort ?? ''),
  );
  const [values, setValues] = useState<Record<string, string>>(draft?.params ?? app?.params ?? {});
  const keep = (patch: Partial<AppFormDraft>) =>
    onDraft?.({ label, clientId, port, params: values, ...patch });
  // The URI to register, as it will be once saved: shown before saving, from the port typed here.
  const typedPort = Number(port);
  const redirectUri = redirectUriFor(
    definition,
    fixedPort && Number.isInteger(typedPort) && typedPort >= 1024 && typedPort <= 65535
      ? typedPort
      : undefined,
  );
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
    Object.assign(found, extraParamErrors(definition.id, params, values, t, sandbox));
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
      id={formId}
      className="form app-form"
      data-testid="app-form"
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
            onChange={(e) => {
              setLabel(e.target.value);
              keep({ label: e.target.value });
            }}
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
            onChange={(e) => {
              setClientId(e.target.value);
              keep({ clientId: e.target.value });
            }}
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
              onChange={(e) => {
                setPort(e.target.value);
                keep({ port: e.target.value });
              }}
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
              aria-required="true"
            />
          )}
        </Field>
      ) : null}
      {redirectUri ? <RedirectUri definition={definition} uri={redirectUri} /> : null}
      <ExtraParamFields
        providerId={definition.id}
        params={params}
        values={values}
        errors={errors}
        onChange={(next) => {
          setValues(next);
          keep({ params: next });
        }}
      />
      {Object.keys(errors).length > 0 ? (
        <p role="alert" className="form-error-summary">
          {t('access.fixErrors', { count: Object.keys(errors).length })}
        </p>
      ) : null}
      {failure ? <ErrorNotice title={t('appForm.saveFailed')} error={failure} /> : null}
      {busy && formId ? <p role="status">{t('common.saving')}</p> : null}
      {formId ? null : (
        <div className="form-actions">
          {onCancel ? <Button onClick={onCancel}>{t('common.cancel')}</Button> : null}
          <Button type="submit" variant="primary" busy={busy} busyLabel={t('common.saving')}>
            {app ? t('appForm.saveChanges') : t('appForm.create')}
          </Button>
        </div>
      )}
    </form>
  );
}
