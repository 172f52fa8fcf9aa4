import { useTranslation } from 'react-i18next';
import type { ConnectionState, HealthStatus } from '../../shared/models';

const STATE_ICONS: Record<ConnectionState, string> = {
  connected: '✓',
  expiring_soon: '◑',
  refreshing: '↻',
  needs_reauthorization: '⚠',
  failed: '✕',
  disconnected: '○',
};

const STATE_TONE: Record<ConnectionState, string> = {
  connected: 'ok',
  expiring_soon: 'warn',
  refreshing: 'info',
  needs_reauthorization: 'bad',
  failed: 'bad',
  disconnected: 'muted',
};

/** A connection's state in words, colour and icon (never colour alone). */
export function StateBadge({ state }: { state: ConnectionState }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge-${STATE_TONE[state]}`} data-state={state}>
      <span aria-hidden="true" className="badge-icon">
        {STATE_ICONS[state]}
      </span>
      {t(`state.${state}`)}
    </span>
  );
}

const HEALTH_ICONS: Record<HealthStatus, string> = { pass: '✓', warn: '⚠', fail: '✕', skipped: '–' };
const HEALTH_TONE: Record<HealthStatus, string> = { pass: 'ok', warn: 'warn', fail: 'bad', skipped: 'muted' };

export function HealthBadge({ status }: { status: HealthStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge-${HEALTH_TONE[status]}`} data-status={status}>
      <span aria-hidden="true" className="badge-icon">
        {HEALTH_ICONS[status]}
      </span>
      {t(`health.status.${status}`)}
    </span>
  );
}

/** A yes/no mark with words for screen readers and a visible symbol. */
export function YesNo({ value }: { value: boolean }) {
  const { t } = useTranslation();
  return (
    <span className={value ? 'mark-yes' : 'mark-no'}>
      <span aria-hidden="true">{value ? '✓' : '—'}</span>
      <span className="visually-hidden">{value ? t('common.yes') : t('common.no')}</span>
    </span>
  );
}
