import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProviderApp } from '../../../shared/models';
import type { ProviderDefinition } from '../../../shared/providers/provider-schema';
import { Button } from '../../components/Button';
import { Section } from '../../components/Section';
import { useStoreShallow } from '../../store/selectors';
import { AppForm } from './AppForm';
import { RedirectUri } from './RedirectUri';
import { suggestedScopes } from '../kits/suggested-scopes';
import { appsFor } from './rules';
import { SumupImport } from './SumupImport';

/**
 * Which provider app connects: pick one, or add or edit one right here. With the editor open,
 * Continue saves it and goes on; the redirect URI to register shows in one place, before saving.
 */
export function AppStep({
  definition,
  onBack,
  onNext,
}: {
  definition: ProviderDefinition;
  onBack: () => void;
  onNext: () => void;
}) {
  const { t } = useTranslation();
  const s = useStoreShallow((state) => ({
    allApps: state.apps,
    draft: state.draft,
    updateDraft: state.updateDraft,
    editor: state.appEditor,
    setEditor: state.setAppEditor,
    formDraft: state.appFormDraft,
    setFormDraft: state.setAppFormDraft,
  }));
  const apps = appsFor(s.allApps, definition.id);
  const selected = apps.find((app) => app.id === s.draft.appId);
  // No app yet: the editor is the step. Editing an app that is gone: back to the list.
  const editor = apps.length === 0 ? 'new' : s.editor === 'edit' && !selected ? 'closed' : s.editor;
  const [justSaved, setJustSaved] = useState<string | null>(null);
  const legendId = useId();
  const formId = useId();

  const saved = (app: ProviderApp, andContinue: boolean) => {
    s.updateDraft({ appId: app.id });
    s.setEditor('closed');
    setJustSaved(t('appStep.added', { label: app.label }));
    if (andContinue) onNext();
  };

  return (
    <div className="wizard-step">
      <h2 className="step-title">{t('appStep.title', { vendor: definition.name })}</h2>
      <p className="lead">{t('appStep.intro', { vendor: definition.name })}</p>
      <p role="status" className="status-line">
        {justSaved}
      </p>
      {apps.length > 0 && editor === 'closed' ? (
        <fieldset className="choice-list" aria-labelledby={legendId}>
          <legend id={legendId}>{t('appStep.choose')}</legend>
          {apps.map((app) => {
            const id = `app-${app.id}`;
            return (
              <div key={app.id} className="choice">
                <input
                  type="radio"
                  id={id}
                  name="provider-app"
                  checked={s.draft.appId === app.id}
                  onChange={() =>
                    s.updateDraft({
                      appId: app.id,
                      scopes: suggestedScopes(definition, app, s.draft.grant, s.draft.scopes),
                    })
                  }
                  aria-describedby={`${id}-desc`}
                />
                <label htmlFor={id}>{app.label}</label>
                <p id={`${id}-desc`} className="help">
                  {t('appStep.clientId', { clientId: app.clientId })}
                </p>
              </div>
            );
          })}
        </fieldset>
      ) : null}
      {apps.length === 0 ? <p>{t('appStep.none', { vendor: definition.name })}</p> : null}

      {selected && editor === 'closed' ? (
        <>
          <RedirectUri definition={definition} uri={selected.redirectUri} />
          <div className="button-row">
            <Button onClick={() => s.setEditor('edit')}>
              {t('wizard.editApp', { label: selected.label })}
            </Button>
            <Button onClick={() => s.setEditor('new')}>{t('appStep.addAnother')}</Button>
          </div>
        </>
      ) : null}
      {!selected && editor === 'closed' ? (
        <Button onClick={() => s.setEditor('new')}>{t('appStep.addAnother')}</Button>
      ) : null}

      {editor !== 'closed' ? (
        <Section
          title={
            editor === 'edit' && selected
              ? t('wizard.editTitle', { label: selected.label })
              : t('appStep.newTitle')
          }
          level={3}
        >
          <p className="help">{t('wizard.continueSaves')}</p>
          <AppForm
            key={editor === 'edit' ? selected?.id : 'new'}
            definition={definition}
            {...(editor === 'edit' && selected ? { app: selected } : {})}
            formId={formId}
            draft={s.formDraft}
            onDraft={s.setFormDraft}
            onSaved={(app) => saved(app, true)}
          />
          {apps.length > 0 ? (
            <div className="button-row">
              <Button onClick={() => s.setEditor('closed')}>{t('wizard.cancelEdit')}</Button>
            </div>
          ) : null}
          {editor === 'new' && definition.credentialsImport === 'sumup' ? (
            <Section title={t('sumupImport.title')} level={3}>
              <p className="help">{t('sumupImport.intro')}</p>
              <SumupImport onImported={(app) => saved(app, false)} />
            </Section>
          ) : null}
        </Section>
      ) : null}

      <div className="wizard-actions">
        <Button onClick={onBack}>{t('common.back')}</Button>
        {editor !== 'closed' ? (
          <Button type="submit" form={formId} variant="primary">
            {t('common.continue')}
          </Button>
        ) : (
          <Button variant="primary" disabled={!selected} onClick={onNext}>
            {t('common.continue')}
          </Button>
        )}
      </div>
    </div>
  );
}
