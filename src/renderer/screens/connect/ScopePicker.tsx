import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectGrant, ProviderDefinition } from '../../../shared/providers/provider-schema';
import { useVendorText } from '../../i18n/vendor-text';
import { scopeAvailability } from './rules';

/**
 * The vendor's scope catalogue as checkboxes: defaults pre-selected, required ones checked and
 * locked, approval-only ones marked, and the ones the grant cannot ask for disabled with the reason.
 */
export function ScopePicker({
  definition,
  grant,
  selected,
  onChange,
}: {
  definition: ProviderDefinition;
  grant: ConnectGrant | undefined;
  selected: string[];
  onChange: (scopes: string[]) => void;
}) {
  const { t } = useTranslation();
  const legendId = useId();
  const vendorText = useVendorText();
  if (definition.scopes.length === 0) return <p className="help">{t('scopes.none')}</p>;

  const toggle = (name: string, on: boolean) =>
    onChange(on ? [...selected.filter((s) => s !== name), name] : selected.filter((s) => s !== name));

  return (
    <fieldset className="scope-list" aria-labelledby={legendId} data-testid="scope-picker">
      <legend id={legendId}>{t('scopes.legend')}</legend>
      <p className="help">{t('scopes.intro')}</p>
      {definition.scopes.map((scope) => {
        const { unavailable, locked, verdict } = scopeAvailability(definition, scope, grant);
        const id = `scope-${scope.name.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
        const notes: { text: string; tone: string }[] = [];
        if (locked) notes.push({ text: t('scopes.required'), tone: 'tag' });
        if (scope.default && !locked) notes.push({ text: t('scopes.default'), tone: 'tag' });
        if (scope.needsApproval) notes.push({ text: t('scopes.needsApproval'), tone: 'tag tag-warn' });
        if (!verdict.allowed && grant) {
          const grants = verdict.grants
            .filter((g) => g !== 'refresh_token')
            .map((g) => t(`grant.${g}.short`))
            .join(', ');
          notes.push({
            text:
              verdict.reason === 'access-level'
                ? t('scopes.unavailableLevel', {
                    grant: t(`grant.${grant}.short`),
                    level: verdict.accessLevel,
                    grants,
                  })
                : t('scopes.unavailable', { grant: t(`grant.${grant}.short`), grants }),
            tone: 'tag tag-muted',
          });
        }
        if (scope.sourceConflict) notes.push({ text: t('scopes.sourceConflict'), tone: 'tag tag-warn' });
        return (
          <div key={scope.name} className={`choice scope${unavailable ? ' scope-unavailable' : ''}`}>
            <input
              type="checkbox"
              id={id}
              checked={!unavailable && (locked || selected.includes(scope.name))}
              disabled={unavailable || locked}
              onChange={(e) => toggle(scope.name, e.target.checked)}
              aria-describedby={`${id}-desc`}
            />
            <label htmlFor={id}>
              <code>{scope.name}</code>
            </label>
            <div id={`${id}-desc`} className="help">
              {scope.description ? <span>{vendorText.scope(definition.id, scope)}</span> : null}
              {scope.sourceConflict ? (
                <span className="scope-conflict">{vendorText.scopeConflict(definition.id, scope)}</span>
              ) : null}
              {notes.length > 0 ? (
                <span className="scope-notes">
                  {notes.map((note) => (
                    <span key={note.text} className={note.tone}>
                      {note.text}
                    </span>
                  ))}
                </span>
              ) : null}
            </div>
          </div>
        );
      })}
    </fieldset>
  );
}
