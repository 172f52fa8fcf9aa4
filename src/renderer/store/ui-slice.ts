import type { StateCreator } from 'zustand';
import type { AppState, Route, UiSlice } from './types';

let noticeId = 0;

export const uiInitial = { route: { name: 'overview' } as UiSlice['route'], notice: null };

/** A page, for notices: a connection's tabs are one page; each connection is its own. */
export function pageOf(route: Route): string {
  return route.name === 'connection' ? `connection:${route.connectionId}` : route.name;
}

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set, get) => ({
  ...uiInitial,
  // A notice belongs to the page it was shown on ("Connected" on the new connection's page): it
  // does not follow the person to other pages.
  navigate: (route) => {
    const { notice } = get();
    set({ route, ...(notice && notice.page !== pageOf(route) ? { notice: null } : {}) });
  },
  showNotice: (kind, text) => set({ notice: { id: ++noticeId, kind, text, page: pageOf(get().route) } }),
  clearNotice: () => set({ notice: null }),
});
