import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../shared/errors';
import type { FieldProblem } from '../../../shared/providers/provider-schema';
import { parseJsonText } from '../../../shared/json-text';
import { call, localError } from '../../api/client';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Field } from '../../components/Field';
import { Section } from '../../components/Section';
import { useStoreShallow } from '../../store/selectors';
import { ProblemList } from './ProblemList';

/** Custom providers: import or paste a definition, draft one from a discovery URL, fix problems. */
export function CustomProviders() {
  const { t } = useTranslation();
  const { providers, problems, saveCustomProvider, deleteCustomProvider } = useStoreShallow((s) => ({
    providers: s.providers,
    problems: s.providerProblems,
    saveCustomProvider: s.saveCustomProvider,
    deleteCustomProvider: s.deleteCustomProvider,
  }));
  const [text, setText] = useState('');
  const [discoveryUrl, setDiscoveryUrl] = useState('');
  const [busy, setBusy] = useState<'save' | 'discover' | 'delete' | null>(null);
  const [fieldProblems, setFieldProblems] = useState<FieldProblem[]>([]);
  const [failure, setFailure] = useState<AppErrorData | null>(null);
  const [status, setStatus] = useState('');
  const [deleting, setDeleting] = useState<{ id: string; name: string } | null>(null);
  const custom = providers.filter((p) => !p.definition.builtin);

  const save = async () => {
    setFailure(null);
    setFieldProblems([]);
    setStatus('');
    const parsed = parseJsonText(text);
    if (!parsed.ok) {
      // Where it goes wrong, as a line and a column (errors.INVALID_INPUT_jsonSyntax).
      setFailure({
        code: 'INVALID_INPUT',
        message: t('custom.notJson'),
        detail: `JSON syntax error at line ${parsed.line}, column ${parsed.column}`,
        params: { situation: 'jsonSyntax', line: parsed.line, column: parsed.column },
      });
      return;
    }
    const definition = parsed.value;
    setBusy('save');
    const result = await saveCustomProvider(definition);
    setBusy(null);
    if (!result.ok) setFailure(result.error);
    else if (result.value.saved) {
      setStatus(t('custom.saved', { name: result.value.provider.name }));
      setText('');
    } else setFieldProblems(result.value.problems);
  };

  const discover = async () => {
    setFailure(null);
    setStatus('');
    setBusy('discover');
    const result = await call((api) => api['providers:discover']({ url: discoveryUrl.trim() }));
    setBusy(null);
    if (result.ok) {
      setText(JSON.stringify(result.value.draft, null, 2));
      setStatus(t('custom.discovered'));
    } else setFailure(result.error);
  };

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      setText(await file.text());
      setStatus(t('custom.fileLoaded', { name: file.name }));
    } catch {
      setFailure(localError('INVALID_INPUT', t('custom.fileUnreadable'), file.name));
    }
  };

  const confirmDelete = async () => {
    if (!deleting) return;
    setBusy('delete');
    const result = await deleteCustomProvider(deleting.id);
    setBusy(null);
    const name = deleting.name;
    setDeleting(null);
    if (result.ok) setStatus(t('custom.deleted', { name }));
    else setFailure(result.error);
  };

  return (
    <Section title={t('custom.title')} testId="custom-providers">
      <p className="help">{t('custom.intro')}</p>
      {problems.length > 0 ? (
        <div className="notice notice-warn" data-testid="provider-problems">
          <span className="notice-icon" aria-hidden="true">
            ⚠
          </span>
          <div className="notice-body">
            <p className="notice-title">{t('custom.loadProblems')}</p>
            {problems.map((p) => (
              <div key={p.id}>
                <p>
                  <code>{p.id}</code>
                </p>
                <ProblemList problems={p.problems} />
              </div>
            ))}
          </div>
        </div>
      ) : null}
      {custom.length > 0 ? (
        <ul className="card-list">
          {custom.map(({ definition }) => (
            <li key={definition.id} className="card card-row">
              <span>
                <strong>{definition.name}</strong> <code className="muted">{definition.id}</code>
              </span>
              <Button
                size="small"
                onClick={() => {
                  // Saving the same ID replaces the definition: edit is load, change, save.
                  setText(JSON.stringify(definition, null, 2));
                  setFailure(null);
                  setFieldProblems([]);
                  setStatus(t('custom.editing', { name: definition.name }));
                }}
                aria-label={t('custom.editNamed', { name: definition.name })}
              >
                {t('common.edit')}
              </Button>
              <Button
                size="small"
                variant="danger"
                onClick={() => setDeleting({ id: definition.id, name: definition.name })}
                aria-label={t('custom.deleteNamed', { name: definition.name })}
              >
                {t('common.delete')}
              </Button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('custom.none')}</p>
      )}

      <div className="form">
        <div className="request-line">
          <Field label={t('custom.discoveryUrl')} help={t('custom.discoveryHelp')} className="grow">
            {({ id, describedBy }) => (
              <input
                id={id}
                type="url"
                value={discoveryUrl}
                onChange={(e) => setDiscoveryUrl(e.target.value)}
                aria-describedby={describedBy}
                spellCheck={false}
              />
            )}
          </Field>
          <Button
            onClick={() => void discover()}
            busy={busy === 'discover'}
            disabled={!discoveryUrl.trim() || busy !== null}
            busyLabel={t('custom.discovering')}
          >
            {t('custom.discover')}
          </Button>
        </div>
        <Field label={t('custom.file')} help={t('custom.fileHelp')}>
          {({ id, describedBy }) => (
            <input
              id={id}
              type="file"
              accept=".json,application/json"
              aria-describedby={describedBy}
              onChange={(e) => void onFile(e.target.files?.[0])}
            />
          )}
        </Field>
        <Field label={t('custom.json')} help={t('custom.jsonHelp')}>
          {({ id, describedBy }) => (
            <textarea
              id={id}
              rows={12}
              className="mono"
              value={text}
              onChange={(e) => setText(e.target.value)}
              aria-describedby={describedBy}
              spellCheck={false}
            />
          )}
        </Field>
        <div className="form-actions">
          <Button
            variant="primary"
            onClick={() => void save()}
            busy={busy === 'save'}
            disabled={!text.trim() || busy !== null}
            busyLabel={t('common.saving')}
          >
            {t('custom.save')}
          </Button>
        </div>
        <p role="status" className="status-line">
          {status}
        </p>
        {fieldProblems.length > 0 ? (
          <div className="notice notice-error" role="alert" data-testid="definition-problems">
            <span className="notice-icon" aria-hidden="true">
              ⚠
            </span>
            <div className="notice-body">
              <p className="notice-title">{t('custom.problemsTitle', { count: fieldProblems.length })}</p>
              <ProblemList problems={fieldProblems} />
            </div>
          </div>
        ) : null}
        {failure ? <ErrorNotice title={t('custom.failed')} error={failure} /> : null}
      </div>
      <ConfirmDialog
        open={deleting !== null}
        title={t('custom.deleteTitle', { name: deleting?.name ?? '' })}
        confirmLabel={t('common.delete')}
        onConfirm={() => void confirmDelete()}
        onCancel={() => setDeleting(null)}
        busy={busy === 'delete'}
        danger
      >
        <p>{t('custom.deleteBody')}</p>
      </ConfirmDialog>
    </Section>
  );
}
