import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../app/PageTitle';
import { EmptyState } from '../../components/EmptyState';
import { Loading } from '../../components/Spinner';
import { useAppStore } from '../../store';
import { useStoreShallow } from '../../store/selectors';
import { AccessStep } from './AccessStep';
import { AppStep } from './AppStep';
import { RUNNING_STEPS, RunPanel } from './RunPanel';
import { StepIndicator, useStepHeadingFocus } from './StepHeading';
import { VendorStep } from './VendorStep';

/** The connect wizard: vendor, provider app, access (grant, scopes, credentials), then the attempt. */
export function ConnectScreen({ reconnectId }: { reconnectId?: string }) {
  const { t } = useTranslation();
  const s = useStoreShallow((state) => ({
    draft: state.draft,
    attempt: state.attempt,
    providers: state.providers,
    apps: state.apps,
    connections: state.connections,
    details: state.details,
    step: state.wizardStep,
    setStep: state.setWizardStep,
  }));
  const { setStep } = s;
  // Until the reconnect's draft is in place, a reconnect shows its only step, never the vendor list.
  const step = reconnectId && s.draft.reconnectId !== reconnectId ? 'access' : s.step;
  // The password stays in this component's state, never in the store, and is dropped on leaving.
  const [password, setPassword] = useState('');

  const reconnecting = reconnectId ? s.connections.find((c) => c.id === reconnectId) : undefined;
  const reconnectDetail = reconnectId ? s.details[reconnectId] : undefined;

  useEffect(() => {
    if (!reconnectId) return;
    const store = useAppStore.getState();
    if (store.draft.reconnectId === reconnectId) return;
    const connection = store.connections.find((c) => c.id === reconnectId);
    if (!connection) return;
    const detail = store.details[reconnectId];
    const typed = new Set(connection.extraScopes);
    // A connection that keeps its password reconnects as it was made: same account, password kept
    // unless a new one is typed.
    const signIn = (found: { params: Record<string, string>; keepsPassword: boolean } | undefined) => ({
      username: found?.params.username ?? '',
      keepPassword: found?.keepsPassword ?? false,
    });
    store.resetConnectFlow({
      ...signIn(detail),
      reconnectId,
      providerId: connection.providerId,
      appId: connection.appId,
      grant: connection.grant,
      scopes: connection.requestedScopes.filter((name) => !typed.has(name)),
      extraScopes: connection.extraScopes.join(' '),
      label: connection.label,
      params: detail?.params ?? {},
    });
    if (!detail) {
      void store.loadDetail(reconnectId).then((result) => {
        if (result.ok && useAppStore.getState().draft.reconnectId === reconnectId) {
          useAppStore.getState().updateDraft({ params: result.value.params, ...signIn(result.value) });
        }
      });
    }
  }, [reconnectId, reconnecting]);

  // "Connect an account" in the navigation starts over by clearing the draft (the store's step goes
  // back to the vendor with it), and this screen stays mounted: the typed password goes too.
  // (Adjusted while rendering, React's pattern for state that follows other state.)
  const [passwordFor, setPasswordFor] = useState(s.draft.providerId);
  if (passwordFor !== s.draft.providerId) {
    setPasswordFor(s.draft.providerId);
    setPassword('');
  }

  // Success: open the new connection.
  useEffect(() => {
    if (s.attempt.step !== 'done' || !s.attempt.connectionId) return;
    const store = useAppStore.getState();
    const id = s.attempt.connectionId;
    const label = store.connections.find((c) => c.id === id)?.label ?? '';
    store.resetConnectFlow();
    store.navigate({ name: 'connection', connectionId: id, tab: 'overview' });
    store.showNotice(
      'success',
      reconnectId ? t('run.reconnectedNotice', { label }) : t('run.connectedNotice', { label }),
    );
  }, [s.attempt.step, s.attempt.connectionId, reconnectId, t]);

  const provider = s.providers.find((p) => p.definition.id === s.draft.providerId);
  const definition = provider?.definition;
  const app = s.apps.find((a) => a.id === s.draft.appId);
  const showRun = s.attempt.step !== 'idle';
  const screen = useRef<HTMLDivElement>(null);
  // While connecting, the panel's heading takes focus when the attempt starts and when it ends.
  useStepHeadingFocus(
    screen,
    showRun ? `run:${RUNNING_STEPS.has(s.attempt.step) ? 'running' : s.attempt.step}` : step,
  );

  const start = () => void useAppStore.getState().startConnect(password ? { password } : {});

  // "Check the provider app": back to the app step with the chosen app open for editing.
  const checkApp = () => {
    const store = useAppStore.getState();
    if (store.attempt.step !== 'idle' && store.attempt.step !== 'failed') void store.cancelConnect();
    store.clearAttempt();
    store.setAppEditor(store.draft.appId ? 'edit' : 'new');
    setStep('app');
  };

  const title = reconnectId ? t('connect.reconnectTitle') : t('connect.title');

  if (reconnectId && !reconnecting && s.draft.reconnectId !== reconnectId) {
    return (
      <div className="screen">
        <PageTitle>{title}</PageTitle>
        {useAppStore.getState().connectionsStatus === 'ready' ? (
          <EmptyState title={t('connect.reconnectMissing')} />
        ) : (
          <Loading />
        )}
      </div>
    );
  }

  return (
    <div className="screen connect-screen" ref={screen}>
      <PageTitle>{title}</PageTitle>
      {!reconnectId ? <StepIndicator current={showRun ? 'run' : step} /> : null}
      {showRun && definition ? (
        <RunPanel
          definition={definition}
          onRetry={start}
          onEdit={() => {
            useAppStore.getState().clearAttempt();
            setStep('access');
          }}
          onCheckApp={checkApp}
        />
      ) : null}
      {!showRun && step === 'vendor' ? <VendorStep onNext={() => setStep('app')} /> : null}
      {!showRun && step === 'app' && definition ? (
        <AppStep
          definition={definition}
          onBack={() => setStep(reconnectId ? 'access' : 'vendor')}
          onNext={() => setStep('access')}
        />
      ) : null}
      {!showRun && step === 'access' && definition ? (
        <AccessStep
          definition={definition}
          app={app}
          password={password}
          onPassword={setPassword}
          passwordKept={Boolean(reconnectDetail?.keepsPassword)}
          onBack={reconnectId ? undefined : () => setStep('app')}
          onConnect={start}
        />
      ) : null}
      {!showRun && step !== 'vendor' && !definition ? <Loading /> : null}
    </div>
  );
}
