import { useTranslation } from 'react-i18next';
import type { ConnectionDetail } from '../../../shared/models';
import type { ProviderDefinition } from '../../../shared/providers/provider-schema';
import { Section } from '../../components/Section';
import { StateBadge } from '../../components/StateBadge';
import { formatDateTime } from '../../i18n/format';
import { useLocale } from '../../i18n/use-locale';
import { useAppStore } from '../../store';

export function IdentityPanel({
  detail,
  definition,
  app: given,
}: {
  detail: ConnectionDetail;
  definition: ProviderDefinition | undefined;
  /** The provider app as a received report describes it (this installation's apps otherwise). */
  app?: { label: string; clientId: string } | null;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const stored = useAppStore((s) => s.apps.find((a) => a.id === detail.appId));
  const app = given === undefined ? stored : given;
  const serviceUri = definition?.apiBase.from === 'token';
  const paramLabel = (name: string) => definition?.extraParams.find((p) => p.name === name)?.label ?? name;
  return (
    <Section title={t('detail.identity')} testId="identity">
      <dl className="kv kv-grid">
        <dt>{t('detail.vendor')}</dt>
        <dd>{detail.providerName}</dd>
        <dt>{t('detail.shopLabel')}</dt>
        <dd>{detail.label}</dd>
        <dt>{t('detail.state')}</dt>
        <dd>
          <StateBadge state={detail.state} />
        </dd>
        <dt>{t('detail.environment')}</dt>
        <dd>{t(`environment.${detail.environment}`)}</dd>
        <dt>{t('detail.grant')}</dt>
        <dd>{t(`grant.${detail.grant}.short`)}</dd>
        <dt>{t('detail.app')}</dt>
        <dd>{app ? `${app.label} (${app.clientId})` : detail.appId}</dd>
        <dt>{serviceUri ? t('detail.serviceUri') : t('detail.apiBase')}</dt>
        <dd>{detail.apiBaseUrl ? <code className="wrap">{detail.apiBaseUrl}</code> : t('common.unknown')}</dd>
        {Object.entries(detail.params).map(([name, value]) => (
          <FragmentRow key={name} term={paramLabel(name)} value={value} />
        ))}
        <dt>{t('detail.createdAt')}</dt>
        <dd>{formatDateTime(detail.createdAt, locale)}</dd>
        <dt>{t('detail.lastRefreshAt')}</dt>
        <dd>{detail.lastRefreshAt ? formatDateTime(detail.lastRefreshAt, locale) : t('detail.never')}</dd>
        {detail.grant === 'password' ? (
          <>
            <dt>{t('detail.keepsPassword')}</dt>
            <dd>{detail.keepsPassword ? t('detail.keepsPasswordYes') : t('detail.keepsPasswordNo')}</dd>
          </>
        ) : null}
      </dl>
    </Section>
  );
}

function FragmentRow({ term, value }: { term: string; value: string }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>
        <code className="wrap">{value}</code>
      </dd>
    </>
  );
}
