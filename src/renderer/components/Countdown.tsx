import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatDuration } from '../i18n/format';
import { useLocale } from '../i18n/use-locale';
import { useNow } from '../lib/clock';

type Phase = 'later' | 'soon' | 'expired';
const SOON_MS = 5 * 60_000;

interface CountdownProps {
  /** ISO time the countdown runs to. */
  until: string | undefined;
  /** Shown when there is no time (no expiry known). */
  emptyText?: string;
  showDate?: boolean;
}

/**
 * Live time left, updated every second. Screen readers hear it only when it changes meaningfully
 * (into the last five minutes, expired), never every tick.
 */
export function Countdown({ until, emptyText, showDate = false }: CountdownProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const now = useNow();
  const target = until ? Date.parse(until) : NaN;
  const valid = !Number.isNaN(target);
  const left = valid ? target - now : 0;
  const phase: Phase = !valid ? 'later' : left <= 0 ? 'expired' : left <= SOON_MS ? 'soon' : 'later';
  const [firstPhase] = useState(phase);

  if (!valid) return <span className="countdown countdown-none">{emptyText ?? t('countdown.unknown')}</span>;

  const announcement =
    phase === firstPhase
      ? ''
      : phase === 'expired'
        ? t('countdown.nowExpired')
        : phase === 'soon'
          ? t('countdown.soon')
          : '';
  const text =
    phase === 'expired'
      ? t('countdown.expiredAgo', { duration: formatDuration(-left, locale) })
      : t('countdown.in', { duration: formatDuration(left, locale) });

  return (
    <span className={`countdown countdown-${phase}`}>
      {phase === 'expired' ? <span aria-hidden="true">⚠ </span> : null}
      <time dateTime={until}>{text}</time>
      {showDate ? <span className="muted"> ({formatDateTime(until, locale)})</span> : null}
      <span className="visually-hidden" aria-live="polite">
        {announcement}
      </span>
    </span>
  );
}
