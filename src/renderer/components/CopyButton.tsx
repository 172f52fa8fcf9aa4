import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import type { AppErrorData } from '../../shared/errors';
import type { Result } from '../../shared/result';
import { Button } from './Button';
import { ErrorNotice } from './ErrorNotice';

interface CopyButtonProps {
  /** Non-secret text; copied by the main process (clipboard:writeText). */
  text: string;
  /** Accessible name, e.g. "Copy redirect URI". */
  label: string;
  size?: 'normal' | 'small';
  /** Copies something only the main process holds (a sign-in address) instead of `text`. */
  perform?: () => Promise<Result<unknown>>;
}

export function CopyButton({ text, label, size = 'small', perform }: CopyButtonProps) {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'busy' | 'copied'>('idle');
  const [error, setError] = useState<AppErrorData | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const copy = async () => {
    setState('busy');
    setError(null);
    const result = perform ? await perform() : await call((api) => api['clipboard:writeText']({ text }));
    if (result.ok) {
      setState('copied');
      clearTimeout(timer.current);
      timer.current = setTimeout(() => setState('idle'), 2500);
    } else {
      setState('idle');
      setError(result.error);
    }
  };

  return (
    <span className="copy-button">
      <Button size={size} onClick={() => void copy()} busy={state === 'busy'}>
        {label}
      </Button>
      <span role="status" className="copy-status">
        {state === 'copied' ? (
          <>
            <span aria-hidden="true">✓ </span>
            {t('common.copied')}
          </>
        ) : null}
      </span>
      {error ? <ErrorNotice error={error} compact /> : null}
    </span>
  );
}
