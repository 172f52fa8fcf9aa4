import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../shared/errors';

/**
 * errors.<CODE> in the current language; the main process's English message as fallback. An error
 * that names a scope uses errors.<CODE>_scope where there is one (i18next context).
 */
export function useErrorMessage(error: AppErrorData): string {
  const { t } = useTranslation();
  return t(`errors.${error.code}`, {
    ...error.params,
    ...(error.params?.scope !== undefined ? { context: 'scope' } : {}),
    defaultValue: error.message,
  });
}
