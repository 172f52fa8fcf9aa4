import { useTranslation } from 'react-i18next';

/** A small spinning mark. Decorative unless a label is given. */
export function Spinner({ label }: { label?: string }) {
  return label ? (
    <span className="spinner-wrap" role="status">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </span>
  ) : (
    <span className="spinner" aria-hidden="true" />
  );
}

/** A region-level loading message. */
export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="loading" aria-busy="true">
      <Spinner label={label ?? t('common.loading')} />
    </div>
  );
}
