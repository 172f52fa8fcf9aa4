import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../shared/errors';

/** errors.<CODE> in the current language; the main process's English message as fallback. */
export function useErrorMessage(error: AppErrorData): string {
  const { t } = useTranslation();
  return t(`errors.${error.code}`, { ...error.params, defaultValue: error.message });
}
