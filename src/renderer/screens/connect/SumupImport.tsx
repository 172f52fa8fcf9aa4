import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../shared/errors';
import type { ProviderApp } from '../../../shared/models';
import { localError } from '../../api/client';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Field } from '../../components/Field';
import { Spinner } from '../../components/Spinner';
import { useAppStore } from '../../store';

/** SumUp's downloadable client-credentials JSON, read here and parsed by the main process. */
export function SumupImport({ onImported }: { onImported: (app: ProviderApp) => void }) {
  const { t } = useTranslation();
  const importSumupCredentials = useAppStore((s) => s.importSumupCredentials);
  const [label, setLabel] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<AppErrorData | null>(null);

  const onFile = async (file: File | undefined, input: HTMLInputElement) => {
    if (!file) return;
    setBusy(true);
    setFailure(null);
    let text: string;
    try {
      text = await file.text();
    } catch {
      setBusy(false);
      setFailure(localError('INVALID_INPUT', 'The file could not be read.', file.name));
      return;
    }
    const result = await importSumupCredentials(text, label.trim() || undefined);
    setBusy(false);
    input.value = '';
    if (result.ok) onImported(result.value);
    else setFailure(result.error);
  };

  return (
    <div className="form sumup-import" aria-busy={busy || undefined}>
      <Field label={t('sumupImport.label')} help={t('sumupImport.labelHelp')}>
        {({ id, describedBy }) => (
          <input
            id={id}
            value={label}
            onChange={(e) => setLabel(e.target.value)}
            aria-describedby={describedBy}
          />
        )}
      </Field>
      <Field label={t('sumupImport.file')} help={t('sumupImport.fileHelp')}>
        {({ id, describedBy }) => (
          <input
            id={id}
            type="file"
            accept=".json,application/json"
            disabled={busy}
            aria-describedby={describedBy}
            onChange={(e) => void onFile(e.target.files?.[0], e.target)}
          />
        )}
      </Field>
      {busy ? <Spinner label={t('sumupImport.importing')} /> : null}
      {failure ? <ErrorNotice title={t('sumupImport.failed')} error={failure} /> : null}
    </div>
  );
}
