import { useTranslation } from 'react-i18next';
import type { ProviderApp } from '../../../shared/models';
import type { ProviderDefinition } from '../../../shared/providers/provider-schema';
import { CopyButton } from '../../components/CopyButton';

/** The exact redirect URI to register with the vendor, with a copy button. */
export function RedirectUri({ definition, app }: { definition: ProviderDefinition; app: ProviderApp }) {
  const { t } = useTranslation();
  if (!definition.grants.includes('authorization_code')) return null;
  if (!app.redirectUri) {
    return <p className="help">{t('redirect.anyPort')}</p>;
  }
  return (
    <div className="redirect-uri" data-testid="redirect-uri">
      <p id={`redirect-${app.id}`}>{t('redirect.register', { vendor: definition.name })}</p>
      <div className="copy-row">
        <code className="wrap" aria-describedby={`redirect-${app.id}`}>
          {app.redirectUri}
        </code>
        <CopyButton text={app.redirectUri} label={t('redirect.copy')} />
      </div>
    </div>
  );
}
