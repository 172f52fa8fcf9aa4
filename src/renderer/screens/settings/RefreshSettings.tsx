import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../shared/errors';
import type { Settings } from '../../../shared/models';
import { REFRESH_LEAD_SECONDS, REFRESH_TOKEN_WARNING_HOURS } from '../../../shared/settings-bounds';
import { Button } from '../../components/Button';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Field } from '../../components/Field';
import { Section } from '../../components/Section';
import { useAppStore } from '../../store';

/** The bounds of the settings schema, in the units the form shows. */
const LEAD_MINUTES = { min: REFRESH_LEAD_SECONDS.min / 60, max: REFRESH_LEAD_SECONDS.max / 60 };
const WARN_HOURS = { min: REFRESH_TOKEN_WARNING_HOURS.min, max: REFRESH_TOKEN_WARNING_HOURS.max };

const within = (value: number, bounds: { min: number; max: number }) =>
  Number.isInteger(value) && value >= bounds.min && value <= bounds.max;

/** When to refresh before expiry and when to warn before a refresh token lapses. */
export function RefreshSettings({ settings }: { settings: Settings }) {
  const { t } = useTranslation();
  const [lead, setLead] = useState(String(Math.round(settings.refreshLeadSeconds / 60)));
  const [hours, setHours] = useState(String(settings.refreshTokenWarningHours));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState('');
  const [failure, setFailure] = useState<AppErrorData | null>(null);

  const save = async () => {
    const found: Record<string, string> = {};
    const leadMinutes = Number(lead);
    const warnHours = Number(hours);
    if (!within(leadMinutes, LEAD_MINUTES)) found.lead = t('settings.leadError', LEAD_MINUTES);
    if (!within(warnHours, WARN_HOURS)) found.hours = t('settings.hoursError', WARN_HOURS);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    setFailure(null);
    setSaved('');
    const result = await useAppStore
      .getState()
      .updateSettings({ refreshLeadSeconds: leadMinutes * 60, refreshTokenWarningHours: warnHours });
    setBusy(false);
    if (result.ok) setSaved(t('settings.saved'));
    else setFailure(result.error);
  };

  return (
    <Section title={t('settings.refresh')}>
      <form
        className="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <Field label={t('settings.lead')} help={t('settings.leadHelp', LEAD_MINUTES)} error={errors.lead}>
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              type="number"
              min={LEAD_MINUTES.min}
              max={LEAD_MINUTES.max}
              value={lead}
              onChange={(e) => setLead(e.target.value)}
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
            />
          )}
        </Field>
        <Field
          label={t('settings.warnHours')}
          help={t('settings.warnHoursHelp', WARN_HOURS)}
          error={errors.hours}
        >
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              type="number"
              min={WARN_HOURS.min}
              max={WARN_HOURS.max}
              value={hours}
              onChange={(e) => setHours(e.target.value)}
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
            />
          )}
        </Field>
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={busy} busyLabel={t('common.saving')}>
            {t('settings.saveRefresh')}
          </Button>
        </div>
        <p role="status" className="status-line">
          {saved}
        </p>
        {failure ? <ErrorNotice title={t('settings.saveFailed')} error={failure} /> : null}
      </form>
    </Section>
  );
}
