import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../../../shared/errors';
import type { ConnectionDetail, TestCallRequest, TestCallResult } from '../../../shared/models';
import type { ProviderDefinition } from '../../../shared/providers/provider-schema';
import { call } from '../../api/client';
import { Button } from '../../components/Button';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Section } from '../../components/Section';
import { Spinner } from '../../components/Spinner';
import { useVendorText } from '../../i18n/vendor-text';
import { FreeRequestForm } from './FreeRequestForm';
import { ResponseView } from './ResponseView';

/** Preset test calls from the vendor's definition, a free request, and the response. */
export function TestCallTab({
  detail,
  definition,
}: {
  detail: ConnectionDetail;
  definition: ProviderDefinition | undefined;
}) {
  const { t } = useTranslation();
  const [running, setRunning] = useState<string | null>(null);
  const [result, setResult] = useState<TestCallResult | null>(null);
  const [failure, setFailure] = useState<AppErrorData | null>(null);
  const vendorText = useVendorText();
  const presets = definition?.testCalls ?? [];

  const run = async (request: Omit<TestCallRequest, 'connectionId'>, runId: string) => {
    setRunning(runId);
    setFailure(null);
    const result = await call((api) => api['connections:testCall']({ connectionId: detail.id, ...request }));
    setRunning(null);
    if (result.ok) setResult(result.value);
    else {
      setResult(null);
      setFailure(result.error);
    }
  };

  return (
    <div className="test-call" aria-busy={running !== null || undefined}>
      <Section title={t('testCall.presets')}>
        <p className="help">{t('testCall.apiBase', { url: detail.apiBaseUrl ?? t('common.unknown') })}</p>
        {presets.length === 0 ? (
          <p className="muted">{t('testCall.noPresets')}</p>
        ) : (
          <ul className="preset-list">
            {presets.map((preset) => (
              <li key={preset.id}>
                <Button
                  onClick={() =>
                    void run(
                      { method: preset.method, path: preset.path, headers: {}, presetId: preset.id },
                      preset.id,
                    )
                  }
                  busy={running === preset.id}
                  disabled={running !== null}
                  aria-label={t('testCall.runPreset', { label: vendorText.testCall(definition?.id, preset) })}
                >
                  {vendorText.testCall(definition?.id, preset)}
                </Button>
                <code className="muted">
                  {preset.method} {preset.path}
                </code>
                {preset.scope ? (
                  <span className="tag">{t('testCall.needsScope', { scope: preset.scope })}</span>
                ) : null}
                {/* testCall.source: 'assumed' when the vendor's page does not document the call. */}
                {preset.source === 'assumed' ? (
                  <span className="tag tag-muted">{t('testCall.assumed')}</span>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Section>
      <FreeRequestForm
        busy={running === 'free'}
        disabled={running !== null}
        onSend={(request) => void run(request, 'free')}
      />
      {running !== null ? <Spinner label={t('testCall.sending')} /> : null}
      {failure ? <ErrorNotice title={t('testCall.failed')} error={failure} /> : null}
      {result ? <ResponseView result={result} /> : null}
    </div>
  );
}
