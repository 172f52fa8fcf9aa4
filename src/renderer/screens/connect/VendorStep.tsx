import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Loading } from '../../components/Spinner';
import { useStoreShallow } from '../../store/selectors';
import { ProviderNotes } from './ProviderNotes';
import { suggestedScopes } from '../kits/suggested-scopes';
import { appsFor, connectGrants, initialScopes } from './rules';

export function VendorStep({ onNext }: { onNext: () => void }) {
  const { t } = useTranslation();
  const { providers, apps, status, error, draft, updateDraft, loadProviders } = useStoreShallow((s) => ({
    providers: s.providers,
    apps: s.apps,
    status: s.providersStatus,
    error: s.providersError,
    draft: s.draft,
    updateDraft: s.updateDraft,
    loadProviders: s.loadProviders,
  }));
  const legendId = useId();
  const selected = providers.find((p) => p.definition.id === draft.providerId);

  const choose = (providerId: string) => {
    const summary = providers.find((p) => p.definition.id === providerId);
    if (!summary) return;
    const grant = connectGrants(summary.definition)[0];
    const vendorApps = appsFor(apps, providerId);
    updateDraft({
      providerId,
      // A single provider app for this vendor is the obvious choice.
      appId: vendorApps.length === 1 ? vendorApps[0]?.id : undefined,
      grant,
      scopes: suggestedScopes(
        summary.definition,
        vendorApps.length === 1 ? vendorApps[0] : undefined,
        grant,
        initialScopes(summary.definition, grant),
      ),
      params: {},
      label: draft.label && draft.providerId === providerId ? draft.label : summary.definition.name,
    });
  };

  if (status === 'error' && error) {
    return (
      <ErrorNotice
        title={t('connect.vendorsFailed')}
        error={error}
        actions={<Button onClick={() => void loadProviders()}>{t('common.tryAgain')}</Button>}
      />
    );
  }
  if (status !== 'ready') return <Loading />;

  return (
    <form
      className="wizard-step"
      onSubmit={(event) => {
        event.preventDefault();
        if (draft.providerId) onNext();
      }}
    >
      <fieldset className="choice-list" aria-labelledby={legendId}>
        <legend id={legendId}>
          <h2 className="step-title">{t('connect.vendorTitle')}</h2>
        </legend>
        {providers.map(({ definition }) => {
          const id = `vendor-${definition.id}`;
          const grants = connectGrants(definition);
          return (
            <div key={definition.id} className="choice">
              <input
                type="radio"
                id={id}
                name="vendor"
                value={definition.id}
                checked={draft.providerId === definition.id}
                onChange={() => choose(definition.id)}
                aria-describedby={`${id}-desc`}
              />
              <label htmlFor={id}>{definition.name}</label>
              <p id={`${id}-desc`} className="help">
                {grants.map((g) => t(`grant.${g}.short`)).join(' · ')}
                {definition.builtin ? '' : ` · ${t('connect.customProvider')}`}
              </p>
            </div>
          );
        })}
      </fieldset>
      {selected ? <ProviderNotes definition={selected.definition} /> : null}
      <div className="wizard-actions">
        <Button type="submit" variant="primary" disabled={!draft.providerId}>
          {t('common.continue')}
        </Button>
      </div>
    </form>
  );
}
