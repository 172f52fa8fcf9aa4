import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProviderDefinition } from '../../../shared/providers/provider-schema';
import { CopyButton } from '../../components/CopyButton';

/**
 * The exact redirect URI to register with the vendor, with its copy button: in the wizard, on the
 * app step only (from the port being typed, before anything is saved).
 */
export function RedirectUri({
  definition,
  uri,
}: {
  definition: ProviderDefinition;
  uri: string | undefined;
}) {
  const { t } = useTranslation();
  const id = useId();
  if (!definition.grants.includes('authorization_code') || !uri) return null;
  const anyPort = definition.authorizationCode?.redirectMatch === 'any-loopback-port';
  return (
    <div className="redirect-uri" data-testid="redirect-uri">
      <p id={id}>
        {anyPort
          ? t('redirect.anyPort', { vendor: definition.name })
          : t('redirect.register', { vendor: definition.name })}
      </p>
      <div className="copy-row">
        <code className="wrap" aria-describedby={id}>
          {uri}
        </code>
        <CopyButton text={uri} label={t('redirect.copy')} />
      </div>
    </div>
  );
}
