import { useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../shared/errors';
import { Button } from '../../components/Button';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Field } from '../../components/Field';
import { Section } from '../../components/Section';
import { Spinner } from '../../components/Spinner';
import { useReportViewer } from './report-viewer-store';

/** Main's refusal in this language: each reason has its own words, with line and column. */
function useOpenFailure(failure: AppErrorData): AppErrorData {
  const { t } = useTranslation();
  const reason = failure.params?.reason;
  if (failure.code !== 'INVALID_REPORT') return failure;
  return {
    ...failure,
    message: t(typeof reason === 'string' ? `reports.openError.${reason}` : 'reports.openError.unreadable', {
      ...failure.params,
      defaultValue: failure.message,
    }),
  };
}

function OpenFailure({ failure }: { failure: AppErrorData }) {
  const { t } = useTranslation();
  return <ErrorNotice title={t('reports.openFailed')} error={useOpenFailure(failure)} />;
}

/** A received report: picked, dropped or pasted, then validated by main before it is shown. */
export function OpenReport({ onOpened }: { onOpened: () => void }) {
  const { t } = useTranslation();
  const { opening, failure, openText, openFile } = useReportViewer();
  const [pasted, setPasted] = useState('');
  const [dragging, setDragging] = useState(false);

  const afterOpen = (ok: boolean) => {
    if (ok) {
      setPasted('');
      onOpened();
    }
  };
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) void openFile(file).then(afterOpen);
  };

  return (
    <Section title={t('reports.openTitle')} busy={opening} testId="open-report">
      <p className="help">{t('reports.openIntro')}</p>
      <div
        className={`drop-zone${dragging ? ' drop-zone-active' : ''}`}
        data-testid="report-drop-zone"
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <Field label={t('reports.file')} help={t('reports.fileHelp')}>
          {({ id, describedBy }) => (
            <input
              id={id}
              type="file"
              accept=".json,application/json"
              disabled={opening}
              aria-describedby={describedBy}
              onChange={(event) => {
                const input = event.target;
                const file = input.files?.[0];
                if (file)
                  void openFile(file).then((ok) => {
                    input.value = '';
                    afterOpen(ok);
                  });
              }}
            />
          )}
        </Field>
        <p className="muted">{t('reports.drop')}</p>
      </div>
      <Field label={t('reports.paste')} help={t('reports.pasteHelp')}>
        {({ id, describedBy }) => (
          <textarea
            id={id}
            rows={4}
            value={pasted}
            spellCheck={false}
            aria-describedby={describedBy}
            onChange={(event) => setPasted(event.target.value)}
          />
        )}
      </Field>
      <Button
        onClick={() => void openText(t('reports.pastedName'), pasted).then(afterOpen)}
        disabled={pasted.trim() === '' || opening}
      >
        {t('reports.openPasted')}
      </Button>
      {opening ? <Spinner label={t('reports.opening')} /> : null}
      {failure ? <OpenFailure failure={failure} /> : null}
    </Section>
  );
}
