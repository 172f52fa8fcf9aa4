import type { StateCreator } from 'zustand';
import { call } from '../api/client';
import type { AppState, SettingsSlice } from './types';

export const settingsInitial = {
  appInfo: null,
  appInfoError: null,
  settings: null,
  settingsError: null,
  updates: null,
};

export const createSettingsSlice: StateCreator<AppState, [], [], SettingsSlice> = (set) => ({
  ...settingsInitial,
  loadAppInfo: async () => {
    const result = await call((api) => api['app:info']());
    if (result.ok) set({ appInfo: result.value, appInfoError: null });
    else set({ appInfoError: result.error });
  },
  loadSettings: async () => {
    const result = await call((api) => api['settings:get']());
    if (result.ok) set({ settings: result.value, settingsError: null });
    else set({ settingsError: result.error });
  },
  setSettings: (settings) => set({ settings }),
  loadUpdates: async () => {
    const result = await call((api) => api['updates:status']());
    if (result.ok) set({ updates: result.value });
  },
  setUpdates: (updates) => set({ updates }),
  restartToUpdate: () => call((api) => api['updates:restart']()),
  updateSettings: async (patch) => {
    const result = await call((api) => api['settings:update'](patch));
    if (result.ok) set({ settings: result.value, settingsError: null });
    return result;
  },
});
