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
  const { allApps, draft, updateDraft } = useStoreShallow((s) => ({
    allApps: s.apps,
    draft: s.draft,
    updateDraft: s.updateDraft,
  }));
  const apps = appsFor(allApps, definition.id);
  const [adding, setAdding] = useState(apps.length === 0);
  const [justAdded, setJustAdded] = useState<string | null>(null);
  const legendId = useId();
  const selected = apps.find((app) => app.id === draft.appId);

  const added = (app: ProviderApp) => {
    updateDraft({ appId: app.id });
    setAdding(false);
    setJustAdded(t('appStep.added', { label: app.label }));
  };

  return (
    <div className="wizard-step">
      <h2 className="step-title">{t('appStep.title', { vendor: definition.name })}</h2>
      <p className="lead">{t('appStep.intro', { vendor: definition.name })}</p>
      <p role="status" className="status-line">
        {justAdded}
      </p>
      {apps.length > 0 ? (
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
                  checked={draft.appId === app.id}
                  onChange={() =>
                    updateDraft({
                      appId: app.id,
                      scopes: suggestedScopes(definition, app, draft.grant, draft.scopes),
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
      ) : (
        <p>{t('appStep.none', { vendor: definition.name })}</p>
      )}

      {selected ? <RedirectUri definition={definition} app={selected} /> : null}

      {adding ? (
        <Section title={t('appStep.newTitle')} level={3}>
          <AppForm
            definition={definition}
            onSaved={added}
            onCancel={apps.length > 0 ? () => setAdding(false) : undefined}
          />
          {definition.credentialsImport === 'sumup' ? (
            <Section title={t('sumupImport.title')} level={3}>
              <p className="help">{t('sumupImport.intro')}</p>
              <SumupImport onImported={added} />
            </Section>
          ) : null}
        </Section>
      ) : (
        <Button onClick={() => setAdding(true)}>{t('appStep.addAnother')}</Button>
      )}

      <div className="wizard-actions">
        <Button onClick={onBack}>{t('common.back')}</Button>
        <Button variant="primary" disabled={!selected} onClick={onNext}>
          {t('common.continue')}
        </Button>
      </div>
    </div>
  );
}
