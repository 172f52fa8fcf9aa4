import type { StateCreator } from 'zustand';
import type { AppState, UiSlice } from './types';

let noticeId = 0;

export const uiInitial = { route: { name: 'overview' } as UiSlice['route'], notice: null };

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  ...uiInitial,
  navigate: (route) => set({ route }),
  showNotice: (kind, text) => set({ notice: { id: ++noticeId, kind, text } }),
  clearNotice: () => set({ notice: null }),
});
