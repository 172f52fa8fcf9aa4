import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../shared/errors';
import type { Settings } from '../../../shared/models';
import { Button } from '../../components/Button';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Field } from '../../components/Field';
import { Section } from '../../components/Section';
import { useAppStore } from '../../store';

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
    if (!Number.isInteger(leadMinutes) || leadMinutes < 1 || leadMinutes > 1440)
      found.lead = t('settings.leadError');
    if (!Number.isInteger(warnHours) || warnHours < 1 || warnHours > 720)
      found.hours = t('settings.hoursError');
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
        <Field label={t('settings.lead')} help={t('settings.leadHelp')} error={errors.lead}>
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              type="number"
              min={1}
              max={1440}
              value={lead}
              onChange={(e) => setLead(e.target.value)}
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
            />
          )}
        </Field>
        <Field label={t('settings.warnHours')} help={t('settings.warnHoursHelp')} error={errors.hours}>
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              type="number"
              min={1}
              max={720}
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
