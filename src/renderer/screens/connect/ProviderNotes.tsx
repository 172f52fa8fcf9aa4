import { useTranslation } from 'react-i18next';
import type { ProviderDefinition } from '../../../shared/providers/provider-schema';
import { useVendorText } from '../../i18n/vendor-text';

/**
 * Where a vendor's definition comes from and what POS Connect assumed where the vendor's page is
 * silent or contradicts itself (the definition's `sources` and `assumptions`, in its own words).
 */
export function ProviderNotes({ definition }: { definition: ProviderDefinition }) {
  const { t } = useTranslation();
  const vendorText = useVendorText();
  if (definition.sources.length === 0 && definition.assumptions.length === 0) return null;
  return (
    <details className="provider-notes" data-testid="provider-notes">
      <summary>{t('providerNotes.title', { vendor: definition.name })}</summary>
      {definition.sources.length > 0 ? (
        <>
          <h3>{t('providerNotes.sources')}</h3>
          <ul>
            {definition.sources.map((source) => (
              <li key={source}>
                {/* A document's own title and place, as the vendor wrote them. */}
                <cite>{source}</cite>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {definition.assumptions.length > 0 ? (
        <>
          <h3>{t('providerNotes.assumptions')}</h3>
          <p className="help">{t('providerNotes.assumptionsHelp')}</p>
          <ul data-testid="provider-assumptions">
            {definition.assumptions.map((assumption) => (
              <li key={assumption}>{vendorText.assumption(definition.id, assumption)}</li>
            ))}
          </ul>
        </>
      ) : null}
    </details>
  );
}
