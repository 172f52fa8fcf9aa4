import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../shared/errors';
import type { EndpointOverride, Settings } from '../../../shared/models';
import { Button } from '../../components/Button';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Field } from '../../components/Field';
import { Section } from '../../components/Section';
import { useAppStore } from '../../store';
import { useStoreShallow } from '../../store/selectors';

const KEYS: (keyof EndpointOverride)[] = ['authorization', 'token', 'revocation', 'apiBase'];

function isUrl(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/** Per-provider URLs for a vendor's staging environment. */
export function EndpointOverrides({ settings }: { settings: Settings }) {
  const { t } = useTranslation();
  const { providers } = useStoreShallow((s) => ({ providers: s.providers }));
  const [providerId, setProviderId] = useState(providers[0]?.definition.id ?? '');
  const current = settings.endpointOverrides[providerId] ?? {};
  const [values, setValues] = useState<EndpointOverride>(current);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [failure, setFailure] = useState<AppErrorData | null>(null);
  const summary = providers.find((p) => p.definition.id === providerId);

  const choose = (id: string) => {
    setProviderId(id);
    setValues(settings.endpointOverrides[id] ?? {});
    setErrors({});
    setStatus('');
  };

  const save = async (next: EndpointOverride) => {
    const found: Record<string, string> = {};
    for (const key of KEYS) {
      const value = next[key]?.trim();
      if (value && !isUrl(value)) found[key] = t('overrides.urlError');
    }
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const cleaned = Object.fromEntries(
      KEYS.map((key) => [key, next[key]?.trim() ?? ''] as const).filter(([, v]) => v !== ''),
    ) as EndpointOverride;
    const overrides = { ...settings.endpointOverrides };
    if (Object.keys(cleaned).length === 0) delete overrides[providerId];
    else overrides[providerId] = cleaned;
    setBusy(true);
    setFailure(null);
    const result = await useAppStore.getState().updateSettings({ endpointOverrides: overrides });
    setBusy(false);
    if (result.ok) {
      setValues(cleaned);
      setStatus(t('overrides.saved', { name: summary?.definition.name ?? providerId }));
      void useAppStore.getState().loadProviders();
    } else setFailure(result.error);
  };

  if (providers.length === 0) return null;

  return (
    <Section title={t('overrides.title')} testId="endpoint-overrides">
      <p className="help">{t('overrides.intro')}</p>
      <form
        className="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void save(values);
        }}
      >
        <Field label={t('overrides.provider')}>
          {({ id }) => (
            <select id={id} value={providerId} onChange={(e) => choose(e.target.value)}>
              {providers.map((p) => (
                <option key={p.definition.id} value={p.definition.id}>
                  {p.definition.name}
                  {p.overridden ? ` (${t('overrides.overridden')})` : ''}
                </option>
              ))}
            </select>
          )}
        </Field>
        {KEYS.map((key) => (
          <Field
            key={key}
            label={t(`overrides.${key}`)}
            help={
              summary?.effectiveEndpoints[key]
                ? t('overrides.inForce', { url: summary.effectiveEndpoints[key] })
                : t('overrides.noneInForce')
            }
            error={errors[key]}
          >
            {({ id, describedBy, invalid }) => (
              <input
                id={id}
                type="url"
                value={values[key] ?? ''}
                onChange={(e) => setValues({ ...values, [key]: e.target.value })}
                aria-describedby={describedBy}
                aria-invalid={invalid || undefined}
                spellCheck={false}
              />
            )}
          </Field>
        ))}
        <div className="form-actions">
          <Button onClick={() => void save({})} disabled={busy || !settings.endpointOverrides[providerId]}>
            {t('overrides.clear')}
          </Button>
          <Button type="submit" variant="primary" busy={busy} busyLabel={t('common.saving')}>
            {t('overrides.save')}
          </Button>
        </div>
        <p role="status" className="status-line">
          {status}
        </p>
        {failure ? <ErrorNotice title={t('settings.saveFailed')} error={failure} /> : null}
      </form>
    </Section>
  );
}
