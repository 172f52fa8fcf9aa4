import { useTranslation } from 'react-i18next';
import type { ConnectionDetail, TokenPreview } from '../../../shared/models';
import { Countdown } from '../../components/Countdown';
import { Section } from '../../components/Section';
import { formatNumber } from '../../i18n/format';
import { useLocale } from '../../i18n/use-locale';
import { ClaimsTable } from './ClaimsTable';

function TokenRow({
  title,
  token,
  present,
  none,
}: {
  title: string;
  /** Without a length: the vault holds no token, only the record's expiry. */
  token?: Partial<TokenPreview>;
  present: boolean;
  none: string;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <div className="token-card">
      <h3>{title}</h3>
      {present || token ? (
        <dl className="kv">
          <dt>{t('tokens.expires')}</dt>
          <dd>
            <Countdown until={token?.expiresAt} showDate emptyText={t('tokens.noExpiry')} />
          </dd>
          <dt>{t('tokens.preview')}</dt>
          <dd>
            {token?.length === undefined ? (
              // A report from before the parts existed carries only the English preview, as data.
              token?.masked ? (
                <code className="wrap">{token.masked}</code>
              ) : (
                t('common.unknown')
              )
            ) : (
              <>
                <code className="wrap">{token.ends ?? '…'}</code>{' '}
                {t('tokens.length', { count: token.length, length: formatNumber(token.length, locale) })}
              </>
            )}
          </dd>
        </dl>
      ) : (
        <p className="muted">{none}</p>
      )}
    </div>
  );
}

export function TokensPanel({ detail }: { detail: ConnectionDetail }) {
  const { t } = useTranslation();
  const access =
    detail.accessToken ??
    (detail.accessTokenExpiresAt ? { expiresAt: detail.accessTokenExpiresAt } : undefined);
  const refresh =
    detail.refreshToken ??
    (detail.refreshTokenExpiresAt ? { expiresAt: detail.refreshTokenExpiresAt } : undefined);
  return (
    <Section title={t('tokens.title')} testId="tokens">
      <div className="token-grid">
        <TokenRow
          title={t('tokens.access')}
          token={access}
          present={Boolean(access)}
          none={t('tokens.noAccess')}
        />
        <TokenRow
          title={t('tokens.refresh')}
          token={refresh}
          present={detail.hasRefreshToken}
          none={t('tokens.noRefresh')}
        />
      </div>
      <p className="renewal-line" data-testid="renewal" data-renewal={detail.renewal}>
        <strong>{t('tokens.renewalLabel')}</strong> {t(`tokens.renewal.${detail.renewal}`)}
      </p>
      {detail.accessToken?.jwt ? (
        <>
          <ClaimsTable title={t('tokens.claims')} values={detail.accessToken.jwt.claims} />
          <ClaimsTable title={t('tokens.header')} values={detail.accessToken.jwt.header} />
        </>
      ) : null}
    </Section>
  );
}
