import { useTranslation } from 'react-i18next';
import { Field } from '../../components/Field';

/** Username and password for the password grant, and the choice to keep the password. */
export function PasswordFields({
  vendor,
  username,
  onUsername,
  password,
  onPassword,
  keepPassword,
  onKeepPassword,
  errors,
  passwordOptional,
}: {
  vendor: string;
  username: string;
  onUsername: (value: string) => void;
  password: string;
  onPassword: (value: string) => void;
  keepPassword: boolean;
  onKeepPassword: (value: boolean) => void;
  errors: Record<string, string>;
  passwordOptional: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div className="password-fields">
      <Field
        label={t('access.username')}
        help={t('access.usernameHelp', { vendor })}
        error={errors.username}
        required
      >
        {({ id, describedBy, invalid }) => (
          <input
            id={id}
            value={username}
            onChange={(e) => onUsername(e.target.value)}
            autoComplete="username"
            spellCheck={false}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            aria-required="true"
          />
        )}
      </Field>
      <Field
        label={t('access.password')}
        help={passwordOptional ? t('access.passwordKeptHelp') : t('access.passwordHelp')}
        error={errors.password}
        required={!passwordOptional}
      >
        {({ id, describedBy, invalid }) => (
          <input
            id={id}
            type="password"
            value={password}
            onChange={(e) => onPassword(e.target.value)}
            autoComplete="current-password"
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            aria-required={!passwordOptional || undefined}
          />
        )}
      </Field>
      <div className="choice checkbox-field">
        <input
          type="checkbox"
          id="keep-password"
          checked={keepPassword}
          onChange={(e) => onKeepPassword(e.target.checked)}
          aria-describedby="keep-password-help"
        />
        <label htmlFor="keep-password">{t('access.keepPassword')}</label>
        <div id="keep-password-help" className="help">
          <p>{t('access.keepPasswordYes')}</p>
          <p>{t('access.keepPasswordNo')}</p>
        </div>
      </div>
    </div>
  );
}
