import type { StateCreator } from 'zustand';
import { call, localError } from '../api/client';
import { splitScopes } from '../../shared/providers/scope-rules';
import { newAttemptId } from '../lib/uuid';
import type { AppState, ConnectAttempt, ConnectDraft, ConnectFlowSlice } from './types';

export const emptyDraft = (): ConnectDraft => ({
  scopes: [],
  extraScopes: '',
  label: '',
  params: {},
  username: '',
  keepPassword: false,
});
export const idleAttempt = (): ConnectAttempt => ({ attemptId: null, step: 'idle', error: null });

const TERMINAL = new Set(['done', 'failed', 'cancelled']);

export const connectFlowInitial = () => ({
  draft: emptyDraft(),
  attempt: idleAttempt(),
  wizardStep: 'vendor' as const,
  appEditor: 'closed' as const,
  appFormDraft: null,
});

export const createConnectFlowSlice: StateCreator<AppState, [], [], ConnectFlowSlice> = (set, get) => ({
  ...connectFlowInitial(),
  updateDraft: (patch) => set({ draft: { ...get().draft, ...patch } }),
  resetConnectFlow: (draft) =>
    set({
      ...connectFlowInitial(),
      draft: { ...emptyDraft(), ...draft },
      wizardStep: draft?.reconnectId ? 'access' : 'vendor',
    }),
  setWizardStep: (wizardStep) => set({ wizardStep }),
  setAppEditor: (appEditor) => set({ appEditor, appFormDraft: null }),
  setAppFormDraft: (appFormDraft) => set({ appFormDraft }),
  clearAttempt: () => set({ attempt: idleAttempt() }),

  startConnect: async ({ password }) => {
    const { draft } = get();
    if (!draft.appId || !draft.grant) {
      const error = localError('INVALID_INPUT', 'Choose a provider app and a way to connect first.');
      set({ attempt: { attemptId: null, step: 'failed', error } });
      return { ok: false, error };
    }
    const attemptId = newAttemptId();
    set({ attempt: { attemptId, step: 'starting', error: null } });
    const input = {
      attemptId,
      appId: draft.appId,
      grant: draft.grant,
      label: draft.label.trim(),
      scopes: draft.scopes,
      extraScopes: splitScopes(draft.extraScopes),
      params: draft.params,
      ...(draft.grant === 'password'
        ? {
            username: draft.username,
            keepPassword: draft.keepPassword,
            ...(password ? { password } : {}),
          }
        : {}),
      ...(draft.reconnectId ? { reconnectId: draft.reconnectId } : {}),
    };
    const result = await call((api) => api['connections:connect'](input));
    if (get().attempt.attemptId !== attemptId) return result;
    if (result.ok) {
      get().storeDetail(result.value);
      set({ attempt: { ...get().attempt, step: 'done', error: null, connectionId: result.value.id } });
    } else if (result.error.code === 'AUTHORIZATION_CANCELLED') {
      set({ attempt: { ...get().attempt, step: 'cancelled', error: null } });
    } else {
      set({ attempt: { ...get().attempt, step: 'failed', error: result.error } });
    }
    return result;
  },

  cancelConnect: async () => {
    const { attemptId } = get().attempt;
    if (!attemptId) return;
    const result = await call((api) => api['connections:cancelConnect']({ attemptId }));
    const attempt = get().attempt;
    if (
      attempt.attemptId === attemptId &&
      !TERMINAL.has(attempt.step) &&
      result.ok &&
      result.value.cancelled
    ) {
      set({ attempt: { ...attempt, step: 'cancelled', error: null } });
    }
  },

  onConnectProgress: (progress) => {
    const attempt = get().attempt;
    if (progress.attemptId !== attempt.attemptId || TERMINAL.has(attempt.step)) return;
    set({
      attempt: {
        ...attempt,
        step: progress.step,
        error: progress.error ?? (progress.step === 'failed' ? attempt.error : null),
        // A refused callback keeps the hint once it is given; a step past the browser drops it.
        stalled: progress.step === 'waiting_for_browser' && (progress.stalled ?? attempt.stalled ?? false),
      },
    });
  },
});
