import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TestCallRequest } from '../../../shared/models';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { Section } from '../../components/Section';
import { HeadersEditor, type HeaderRow } from './HeadersEditor';

const METHODS: TestCallRequest['method'][] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export function FreeRequestForm({
  busy,
  disabled,
  onSend,
}: {
  busy: boolean;
  disabled: boolean;
  onSend: (request: Omit<TestCallRequest, 'connectionId'>) => void;
}) {
  const { t } = useTranslation();
  const [method, setMethod] = useState<TestCallRequest['method']>('GET');
  const [path, setPath] = useState('/');
  const [headers, setHeaders] = useState<HeaderRow[]>([]);
  const [body, setBody] = useState('');
  const [pathError, setPathError] = useState<string | null>(null);
  const hasBody = method !== 'GET' && method !== 'DELETE';

  return (
    <Section title={t('testCall.freeRequest')}>
      <form
        className="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!path.startsWith('/')) {
            setPathError(t('testCall.pathError'));
            return;
          }
          setPathError(null);
          const headerRecord = Object.fromEntries(
            headers.filter((h) => h.name.trim()).map((h) => [h.name.trim(), h.value] as const),
          );
          onSend({ method, path, headers: headerRecord, ...(hasBody && body ? { body } : {}) });
        }}
      >
        <div className="request-line">
          <Field label={t('testCall.method')}>
            {({ id }) => (
              <select
                id={id}
                value={method}
                onChange={(e) => setMethod(e.target.value as TestCallRequest['method'])}
              >
                {METHODS.map((m) => (
                  <option key={m} value={m}>
                    {m}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('testCall.path')} help={t('testCall.pathHelp')} error={pathError} className="grow">
            {({ id, describedBy, invalid }) => (
              <input
                id={id}
                value={path}
                onChange={(e) => setPath(e.target.value)}
                aria-describedby={describedBy}
                aria-invalid={invalid || undefined}
                spellCheck={false}
              />
            )}
          </Field>
        </div>
        <HeadersEditor rows={headers} onChange={setHeaders} />
        {hasBody ? (
          <Field label={t('testCall.requestBody')} help={t('testCall.requestBodyHelp')}>
            {({ id, describedBy }) => (
              <textarea
                id={id}
                rows={6}
                value={body}
                onChange={(e) => setBody(e.target.value)}
                aria-describedby={describedBy}
                spellCheck={false}
                className="mono"
              />
            )}
          </Field>
        ) : null}
        <div className="form-actions">
          <Button
            type="submit"
            variant="primary"
            busy={busy}
            disabled={disabled}
            busyLabel={t('testCall.sending')}
          >
            {t('testCall.send')}
          </Button>
        </div>
      </form>
    </Section>
  );
}
