import { api } from '../api/client';
import { kitOpenedOutside, loadWaitingKits } from '../screens/kits/kit-store';
import { useAppStore } from './index';

let unsubscribe: (() => void) | null = null;

/**
 * Feeds the store from main-process events, once, outside React. Returns the unsubscribe (tests).
 */
export function connectStoreToEvents(): () => void {
  if (unsubscribe) return unsubscribe;
  const posConnect = api();
  const offs = [
    posConnect.on('connections:changed', (changes) => {
      const state = useAppStore.getState();
      state.applyConnectionChanges(changes);
      const { route } = state;
      if (route.name === 'connection' && changes.changed.some((c) => c.id === route.connectionId)) {
        void state.loadDetail(route.connectionId);
      }
    }),
    posConnect.on('connect:progress', (progress) => useAppStore.getState().onConnectProgress(progress)),
    posConnect.on('settings:changed', (settings) => useAppStore.getState().setSettings(settings)),
    posConnect.on('updates:changed', (updates) => useAppStore.getState().setUpdates(updates)),
    posConnect.on('kits:opened', kitOpenedOutside),
  ];
  unsubscribe = () => {
    for (const off of offs) off();
    unsubscribe = null;
  };
  return unsubscribe;
}

/** Everything the first screen needs, fetched in parallel. */
export async function loadInitialData(): Promise<void> {
  const s = useAppStore.getState();
  await Promise.all([
    s.loadAppInfo(),
    s.loadSettings(),
    s.loadProviders(),
    s.loadApps(),
    s.loadConnections(),
    s.loadProviderProblems(),
    s.loadUpdates(),
    loadWaitingKits(),
  ]);
}
