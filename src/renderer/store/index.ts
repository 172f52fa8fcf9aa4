import { create } from 'zustand';
import { connectFlowInitial, createConnectFlowSlice } from './connect-flow-slice';
import { connectionsInitial, createConnectionsSlice } from './connections-slice';
import { createProvidersSlice, providersInitial } from './providers-slice';
import { createSettingsSlice, settingsInitial } from './settings-slice';
import type { AppState } from './types';
import { createUiSlice, uiInitial } from './ui-slice';

export const useAppStore = create<AppState>()((...a) => ({
  ...createUiSlice(...a),
  ...createSettingsSlice(...a),
  ...createProvidersSlice(...a),
  ...createConnectionsSlice(...a),
  ...createConnectFlowSlice(...a),
}));

/** Back to the initial state, actions kept (for tests). */
export function resetStore(): void {
  useAppStore.setState({
    ...uiInitial,
    ...settingsInitial,
    ...providersInitial,
    ...connectionsInitial,
    ...connectFlowInitial(),
  });
}

export type { AppState } from './types';
