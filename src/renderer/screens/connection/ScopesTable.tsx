import { useTranslation } from 'react-i18next';
import type { ConnectionDetail } from '../../../shared/models';
import type { ProviderDefinition } from '../../../shared/providers/provider-schema';
import { Section } from '../../components/Section';
import { YesNo } from '../../components/StateBadge';
import { useVendorText } from '../../i18n/vendor-text';

/** Requested against granted, with requested-but-not-granted rows highlighted. */
export function ScopesTable({
  detail,
  definition,
}: {
  detail: ConnectionDetail;
  definition: ProviderDefinition | undefined;
}) {
  const { t } = useTranslation();
  const vendorText = useVendorText();
  const names = [...new Set([...detail.requestedScopes, ...detail.grantedScopes])];
  const scopeDescription = (scope: { name: string; description: string } | undefined) =>
    scope ? vendorText.scope(definition?.id, scope) : '';
  const missing = detail.requestedScopes.filter((s) => !detail.grantedScopes.includes(s));
  return (
    <Section title={t('scopesTable.title')} testId="scopes">
      <p className="help">
        {detail.scopesSource === 'response' ? t('scopesTable.fromResponse') : t('scopesTable.fromRequest')}
      </p>
      {missing.length > 0 ? (
        <p className="notice notice-warn">
          <span className="notice-icon" aria-hidden="true">
            ⚠
          </span>
          <span className="notice-message">
            {t('scopesTable.missing', { count: missing.length, scopes: missing.join(', ') })}
          </span>
        </p>
      ) : null}
      {names.length === 0 ? (
        <p className="muted">{t('scopesTable.none')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="scopes-table">
            <caption className="visually-hidden">{t('scopesTable.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('scopesTable.scope')}</th>
                <th scope="col">{t('scopesTable.description')}</th>
                <th scope="col">{t('scopesTable.requested')}</th>
                <th scope="col">{t('scopesTable.granted')}</th>
              </tr>
            </thead>
            <tbody>
              {names.map((name) => {
                const requested = detail.requestedScopes.includes(name);
                const granted = detail.grantedScopes.includes(name);
                const notGranted = requested && !granted;
                const unlisted =
                  detail.extraScopes.includes(name) ||
                  (definition !== undefined &&
                    definition.scopes.length > 0 &&
                    !definition.scopes.some((scope) => scope.name === name) &&
                    name !== definition.refreshScope);
                return (
                  <tr key={name} className={notGranted ? 'row-warn' : undefined} data-scope={name}>
                    <th scope="row">
                      <code>{name}</code>
                      {notGranted ? (
                        <span className="tag tag-warn">
                          <span aria-hidden="true">⚠ </span>
                          {t('scopesTable.notGranted')}
                        </span>
                      ) : null}
                      {unlisted ? (
                        <span className="tag tag-muted" data-testid="scope-unlisted">
                          {t('scopesTable.notInCatalogue')}
                        </span>
                      ) : null}
                    </th>
                    <td>{scopeDescription(definition?.scopes.find((s) => s.name === name))}</td>
                    <td>
                      <YesNo value={requested} />
                    </td>
                    <td>
                      <YesNo value={granted} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
