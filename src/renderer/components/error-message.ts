import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../shared/errors';

/**
 * errors.<CODE> in the current language; the main process's English message as fallback. The
 * moment an error happened in picks a variant (i18next context): errors.<CODE>_<situation> that
 * main sets ("signIn" at a first connect, "discovery", "jsonSyntax"…), or errors.<CODE>_scope for
 * an error that names a scope. When the vendor gave its own reason, it follows the message, in
 * the vendor's words, so nobody has to open "Technical details" to learn it.
 */
export function errorMessage(t: TFunction, error: AppErrorData): string {
  const params = { ...error.params };
  // A vendor's field named by main in English: its label in this language, as the wizard shows it.
  if (typeof params.fieldParam === 'string' && typeof params.providerId === 'string')
    params.field = t(`wizard.params.${params.providerId}.${params.fieldParam}.label`, {
      defaultValue: params.field,
    });
  const situation =
    typeof params.situation === 'string'
      ? params.situation
      : params.scope !== undefined
        ? 'scope'
        : undefined;
  const variant = situation ? t(`errors.${error.code}_${situation}`, { ...params, defaultValue: '' }) : '';
  const message =
    variant ||
    t(`errors.${error.code}`, {
      ...params,
      ...(params.scope !== undefined ? { context: 'scope' } : {}),
      defaultValue: error.message,
    });
  const reason = params.vendorReason;
  return reason === undefined || reason === '' ? message : `${message} ${t('errors.vendorSaid', { reason })}`;
}

export function useErrorMessage(error: AppErrorData): string {
  const { t } = useTranslation();
  return errorMessage(t, error);
}
