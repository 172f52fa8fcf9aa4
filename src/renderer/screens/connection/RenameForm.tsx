import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../shared/errors';
import { Button } from '../../components/Button';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Field } from '../../components/Field';
import { useAppStore } from '../../store';

export function RenameForm({
  connectionId,
  label,
  onDone,
}: {
  connectionId: string;
  label: string;
  onDone: (saved: boolean) => void;
}) {
  const { t } = useTranslation();
  const rename = useAppStore((s) => s.renameConnection);
  const [value, setValue] = useState(label);
  const [busy, setBusy] = useState(false);
  const [invalid, setInvalid] = useState<string | null>(null);
  const [failure, setFailure] = useState<AppErrorData | null>(null);
  // The control that opened the form (Rename), read before the field takes focus: focus goes back
  // to it when the form closes, instead of falling to <body>.
  const [opener] = useState(() =>
    document.activeElement instanceof HTMLElement && document.activeElement !== document.body
      ? document.activeElement
      : null,
  );
  const close = (saved: boolean) => {
    onDone(saved);
    opener?.focus();
  };
  return (
    <form
      className="form inline-form"
      noValidate
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || busy) return;
        event.preventDefault();
        close(false);
      }}
      onSubmit={(event) => {
        event.preventDefault();
        if (!value.trim()) {
          setInvalid(t('access.errors.label'));
          return;
        }
        setInvalid(null);
        setBusy(true);
        void rename(connectionId, value.trim()).then((result) => {
          setBusy(false);
          if (result.ok) close(true);
          else setFailure(result.error);
        });
      }}
    >
      <Field label={t('rename.label')} error={invalid}>
        {({ id, describedBy }) => (
          <input
            id={id}
            value={value}
            maxLength={200}
            autoFocus
            onChange={(e) => setValue(e.target.value)}
            aria-describedby={describedBy}
            aria-invalid={Boolean(invalid) || undefined}
          />
        )}
      </Field>
      <div className="form-actions">
        <Button onClick={() => close(false)} aria-keyshortcuts="Escape">
          {t('common.cancel')}
        </Button>
        <Button type="submit" variant="primary" busy={busy} busyLabel={t('common.saving')}>
          {t('rename.save')}
        </Button>
      </div>
      {failure ? <ErrorNotice title={t('rename.failed')} error={failure} /> : null}
    </form>
  );
}
