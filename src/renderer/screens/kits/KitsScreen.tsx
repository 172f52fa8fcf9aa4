import { useState } from 'react';
import type { AppErrorData } from '../../../shared/errors';
import { useTranslation } from 'react-i18next';
import { KIT_EXTENSION } from '../../../shared/kits/kit-types';
import { localError } from '../../api/client';
import { PageTitle } from '../../app/PageTitle';
import { Button } from '../../components/Button';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Field } from '../../components/Field';
import { Section } from '../../components/Section';
import { KitExport } from './KitExport';
import { KitPreviewPanel } from './KitPreviewPanel';
import { previewKitText, useKitStore } from './kit-store';

/**
 * Connection kits: a shop manager opens one (file picker, drag and drop, File > Open, a double
 * click) and sees what it adds before adding it; a technician exports one.
 */
export function KitsScreen() {
  const { t } = useTranslation();
  const current = useKitStore((s) => s.current);
  const waiting = useKitStore((s) => s.waiting);
  const openError = useKitStore((s) => s.openError);
  const show = useKitStore((s) => s.show);
  const [readError, setReadError] = useState<ReturnType<typeof localError> | null>(null);

  /** Where the file went wrong, in the title itself: a line and column, or the field. */
  const openFailedTitle = (error: AppErrorData) => {
    const { line, column, field } = error.params ?? {};
    if (line !== undefined && column !== undefined) return t('kits.open.failedAt', { line, column });
    if (field !== undefined) return t('kits.open.failedField', { field });
    return t('kits.open.failed');
  };

  const onFile = async (file: File | undefined) => {
    setReadError(null);
    if (!file) return;
    let text: string;
    try {
      text = await file.text();
    } catch {
      setReadError(localError('KIT_INVALID', t('kits.open.unreadable'), file.name));
      return;
    }
    await previewKitText(text, file.name);
  };

  return (
    <div className="screen kits-screen">
      <PageTitle>{t('kits.title')}</PageTitle>
      <Section title={t('kits.open.title')} testId="kit-open">
        <p className="help">{t('kits.open.intro')}</p>
        <Field label={t('kits.open.file')} help={t('kits.open.fileHelp')}>
          {({ id, describedBy }) => (
            <input
              id={id}
              type="file"
              accept={KIT_EXTENSION}
              aria-describedby={describedBy}
              onChange={(event) => {
                void onFile(event.target.files?.[0]);
                event.target.value = '';
              }}
            />
          )}
        </Field>
        {readError ? <ErrorNotice title={t('kits.open.failed')} error={readError} /> : null}
        {openError ? <ErrorNotice title={openFailedTitle(openError)} error={openError} /> : null}
        {waiting.length > 0 ? (
          <div className="notice notice-info" data-testid="kits-waiting">
            <div className="notice-body">
              <p className="notice-title">{t('kits.open.waiting', { count: waiting.length })}</p>
              <ul>
                {waiting.map((kit) => (
                  <li key={kit.kitId}>
                    <Button size="small" variant="link" onClick={() => show(kit)}>
                      {kit.fileName ?? kit.createdBy ?? kit.createdAt}
                    </Button>
                  </li>
                ))}
              </ul>
            </div>
          </div>
        ) : null}
      </Section>
      {current ? <KitPreviewPanel key={current.kitId} preview={current} /> : null}
      <KitExport />
    </div>
  );
}
