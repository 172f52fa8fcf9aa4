import type { StateCreator } from 'zustand';
import { call } from '../api/client';
import type { ConnectionDetail } from '../../shared/models';
import type { AppState, ConnectionsSlice } from './types';

export const connectionsInitial = {
  connections: [],
  connectionsStatus: 'idle' as const,
  connectionsError: null,
  details: {},
  detailErrors: {},
  refreshing: {},
};

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  const copy = { ...record };
  delete copy[key];
  return copy;
}

export const createConnectionsSlice: StateCreator<AppState, [], [], ConnectionsSlice> = (set, get) => {
  const storeDetail = (detail: ConnectionDetail): void => {
    const { details, detailErrors, connections } = get();
    const {
      accessToken: _a,
      refreshToken: _r,
      params: _p,
      keepsPassword: _k,
      history: _h,
      lastTokenResponse: _l,
      ...summary
    } = detail;
    const known = connections.some((c) => c.id === detail.id);
    set({
      details: { ...details, [detail.id]: detail },
      detailErrors: without(detailErrors, detail.id),
      connections: known
        ? connections.map((c) => (c.id === detail.id ? summary : c))
        : [...connections, summary],
    });
  };

  return {
    ...connectionsInitial,
    loadConnections: async () => {
      set({ connectionsStatus: get().connectionsStatus === 'ready' ? 'ready' : 'loading' });
      const result = await call((api) => api['connections:list']());
      if (result.ok) set({ connections: result.value, connectionsStatus: 'ready', connectionsError: null });
      else set({ connectionsStatus: 'error', connectionsError: result.error });
    },
    applyConnectionChanges: ({ changed, removed }) => {
      // Main names only what changed: update those rows in place, add new ones, drop removed ones.
      const gone = new Set(removed);
      const updates = new Map(changed.map((c) => [c.id, c]));
      const next = get()
        .connections.filter((c) => !gone.has(c.id))
        .map((c) => {
          const update = updates.get(c.id);
          if (update) updates.delete(c.id);
          return update ?? c;
        });
      next.push(...updates.values());
      const details =
        gone.size === 0
          ? get().details
          : Object.fromEntries(Object.entries(get().details).filter(([id]) => !gone.has(id)));
      set({ connections: next, details });
    },
    loadDetail: async (connectionId) => {
      const result = await call((api) => api['connections:get']({ connectionId }));
      if (result.ok) storeDetail(result.value);
      else set({ detailErrors: { ...get().detailErrors, [connectionId]: result.error } });
      return result;
    },
    storeDetail,
    refreshConnection: async (connectionId) => {
      set({ refreshing: { ...get().refreshing, [connectionId]: true } });
      const result = await call((api) => api['connections:refresh']({ connectionId }));
      set({ refreshing: without(get().refreshing, connectionId) });
      if (result.ok) storeDetail(result.value);
      else void get().loadDetail(connectionId);
      return result;
    },
    renameConnection: async (connectionId, label) => {
      const result = await call((api) => api['connections:rename']({ connectionId, label }));
      if (result.ok) storeDetail(result.value);
      return result;
    },
    disconnectConnection: async (connectionId) => {
      const result = await call((api) => api['connections:disconnect']({ connectionId }));
      if (result.ok) {
        set({
          connections: get().connections.filter((c) => c.id !== connectionId),
          details: without(get().details, connectionId),
        });
      }
      return result;
    },
  };
};
