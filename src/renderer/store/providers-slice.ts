import type { StateCreator } from 'zustand';
import { call } from '../api/client';
import type { AppState, ProvidersSlice } from './types';

export const providersInitial = {
  providers: [],
  providersStatus: 'idle' as const,
  providersError: null,
  apps: [],
  appsStatus: 'idle' as const,
  appsError: null,
  providerProblems: [],
};

export const createProvidersSlice: StateCreator<AppState, [], [], ProvidersSlice> = (set, get) => ({
  ...providersInitial,
  loadProviders: async () => {
    set({ providersStatus: 'loading' });
    const result = await call((api) => api['providers:list']());
    if (result.ok) set({ providers: result.value, providersStatus: 'ready', providersError: null });
    else set({ providersStatus: 'error', providersError: result.error });
  },
  loadApps: async () => {
    set({ appsStatus: 'loading' });
    const result = await call((api) => api['apps:list']());
    if (result.ok) set({ apps: result.value, appsStatus: 'ready', appsError: null });
    else set({ appsStatus: 'error', appsError: result.error });
  },
  loadProviderProblems: async () => {
    const result = await call((api) => api['providers:problems']());
    if (result.ok) set({ providerProblems: result.value });
  },
  saveApp: async (input) => {
    const result = await call((api) => api['apps:save'](input));
    if (result.ok) {
      const saved = result.value;
      const others = get().apps.filter((app) => app.id !== saved.id);
      set({ apps: [...others, saved] });
    }
    return result;
  },
  deleteApp: async (appId) => {
    const result = await call((api) => api['apps:delete']({ appId }));
    if (result.ok) set({ apps: get().apps.filter((app) => app.id !== appId) });
    return result;
  },
  importSumupCredentials: async (json, label) => {
    const input = label ? { json, label } : { json };
    const result = await call((api) => api['apps:importSumupCredentials'](input));
    if (result.ok) {
      const saved = result.value;
      set({ apps: [...get().apps.filter((app) => app.id !== saved.id), saved] });
    }
    return result;
  },
  saveCustomProvider: async (definition) => {
    const result = await call((api) => api['providers:saveCustom']({ definition }));
    if (result.ok && result.value.saved) {
      await Promise.all([get().loadProviders(), get().loadProviderProblems()]);
    }
    return result;
  },
  deleteCustomProvider: async (providerId) => {
    const result = await call((api) => api['providers:deleteCustom']({ providerId }));
    if (result.ok) await Promise.all([get().loadProviders(), get().loadProviderProblems()]);
    return result;
  },
});
