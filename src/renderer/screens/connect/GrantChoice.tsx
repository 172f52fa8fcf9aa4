import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectGrant } from '../../../shared/providers/provider-schema';

export function GrantChoice({
  grants,
  value,
  onChange,
  disabled,
}: {
  grants: ConnectGrant[];
  value: ConnectGrant | undefined;
  onChange: (grant: ConnectGrant) => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const legendId = useId();
  if (grants.length <= 1) {
    const only = grants[0];
    return only ? (
      <p className="grant-only">
        <strong>{t('access.grantOnly')}</strong> {t(`grant.${only}.long`)}
      </p>
    ) : null;
  }
  return (
    <fieldset className="choice-list" aria-labelledby={legendId}>
      <legend id={legendId}>{t('access.grantLegend')}</legend>
      {grants.map((grant) => {
        const id = `grant-${grant}`;
        return (
          <div key={grant} className="choice">
            <input
              type="radio"
              id={id}
              name="grant"
              checked={value === grant}
              disabled={disabled}
              onChange={() => onChange(grant)}
              aria-describedby={`${id}-desc`}
            />
            <label htmlFor={id}>{t(`grant.${grant}.short`)}</label>
            <p id={`${id}-desc`} className="help">
              {t(`grant.${grant}.long`)}
            </p>
          </div>
        );
      })}
    </fieldset>
  );
}
