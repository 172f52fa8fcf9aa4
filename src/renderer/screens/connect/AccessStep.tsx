import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProviderApp } from '../../../shared/models';
import type { ProviderDefinition } from '../../../shared/providers/provider-schema';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { useStoreShallow } from '../../store/selectors';
import { ExtraParamFields, extraParamErrors } from './ExtraParamFields';
import { GrantChoice } from './GrantChoice';
import { PasswordFields } from './PasswordFields';
import { adjustScopes, connectGrants, connectionParams, extraScopeProblem } from './rules';
import { ScopePicker } from './ScopePicker';

interface AccessStepProps {
  definition: ProviderDefinition;
  app: ProviderApp | undefined;
  password: string;
  onPassword: (value: string) => void;
  /** Reconnecting a connection that keeps its password: the field may stay empty. */
  passwordKept: boolean;
  onBack: (() => void) | undefined;
  onConnect: () => void;
}

export function AccessStep({
  definition,
  app,
  password,
  onPassword,
  passwordKept,
  onBack,
  onConnect,
}: AccessStepProps) {
  const { t } = useTranslation();
  const { draft, updateDraft, sandbox } = useStoreShallow((s) => ({
    draft: s.draft,
    updateDraft: s.updateDraft,
    sandbox: s.appInfo?.environment === 'sandbox',
  }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const grants = connectGrants(definition);
  const grant = draft.grant;
  const params = connectionParams(definition, grant);
  const reconnect = Boolean(draft.reconnectId);

  const validate = (): Record<string, string> => {
    const found: Record<string, string> = {};
    if (!draft.label.trim()) found.label = t('access.errors.label');
    const extra = extraScopeProblem(definition, draft.extraScopes);
    if (extra) found.extraScopes = t(`scopes.extraErrors.${extra.kind}`, { scope: extra.scope });
    Object.assign(found, extraParamErrors(definition.id, params, draft.params, t, sandbox));
    if (grant === 'password') {
      if (!draft.username.trim()) found.username = t('access.errors.username');
      // Blank keeps the stored password, as long as it is still to be kept.
      if (!password && !(passwordKept && draft.keepPassword)) found.password = t('access.errors.password');
    }
    return found;
  };

  return (
    <form
      className="wizard-step form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const found = validate();
        setErrors(found);
        if (Object.keys(found).length === 0) onConnect();
      }}
    >
      <h2 className="step-title">
        {reconnect ? t('access.reconnectTitle', { vendor: definition.name }) : t('access.title')}
      </h2>
      {app ? <p className="lead">{t('access.using', { vendor: definition.name, app: app.label })}</p> : null}

      <Field label={t('access.label')} help={t('access.labelHelp')} error={errors.label} required>
        {({ id, describedBy, invalid }) => (
          <input
            id={id}
            value={draft.label}
            maxLength={200}
            onChange={(e) => updateDraft({ label: e.target.value })}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            aria-required="true"
          />
        )}
      </Field>

      <GrantChoice
        grants={grants}
        value={grant}
        onChange={(next) =>
          updateDraft({ grant: next, scopes: adjustScopes(definition, grant, next, draft.scopes) })
        }
      />

      <ScopePicker
        definition={definition}
        grant={grant}
        selected={draft.scopes}
        onChange={(scopes) => updateDraft({ scopes })}
      />

      <Field
        label={t('scopes.extraLabel')}
        help={t('scopes.extraHelp', { vendor: definition.name })}
        error={errors.extraScopes}
      >
        {({ id, describedBy, invalid }) => (
          <input
            id={id}
            value={draft.extraScopes}
            maxLength={2000}
            spellCheck={false}
            autoComplete="off"
            data-testid="extra-scopes"
            onChange={(e) => updateDraft({ extraScopes: e.target.value })}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
          />
        )}
      </Field>

      <ExtraParamFields
        providerId={definition.id}
        params={params}
        values={draft.params}
        errors={errors}
        onChange={(values) => updateDraft({ params: values })}
      />

      {grant === 'password' ? (
        <PasswordFields
          vendor={definition.name}
          username={draft.username}
          onUsername={(username) => updateDraft({ username })}
          password={password}
          onPassword={onPassword}
          keepPassword={draft.keepPassword}
          onKeepPassword={(keepPassword) => updateDraft({ keepPassword })}
          errors={errors}
          passwordOptional={passwordKept && draft.keepPassword}
        />
      ) : null}

      {grant === 'authorization_code' && app ? (
        <p className="note">{t('access.browserNote', { vendor: definition.name })}</p>
      ) : null}
      {grant === 'client_credentials' ? <p className="note">{t('access.clientCredentialsNote')}</p> : null}

      {Object.keys(errors).length > 0 ? (
        <p role="alert" className="form-error-summary">
          {t('access.fixErrors', { count: Object.keys(errors).length })}
        </p>
      ) : null}

      <div className="wizard-actions">
        {onBack ? <Button onClick={onBack}>{t('common.back')}</Button> : null}
        <Button type="submit" variant="primary">
          {reconnect ? t('access.reconnect') : t('access.connect')}
        </Button>
      </div>
    </form>
  );
}
