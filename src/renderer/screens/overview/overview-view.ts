import { create } from 'zustand';
import { DEFAULT_OVERVIEW_VIEW, type OverviewView } from '../../store/selectors';

interface OverviewViewState extends OverviewView {
  /** Where the list was scrolled, so that coming back from a connection finds it there. */
  scrollTop: number;
  setView: (patch: Partial<OverviewView>) => void;
  setScrollTop: (scrollTop: number) => void;
  resetView: () => void;
}

/**
 * The overview's search, filter, sort and grouping. A store of its own, outside the screen, so that
 * the choice survives leaving the overview (the screen unmounts) and coming back; it is the
 * overview's alone, so it does not widen the app store every screen reads.
 */
export const useOverviewView = create<OverviewViewState>()((set) => ({
  ...DEFAULT_OVERVIEW_VIEW,
  scrollTop: 0,
  setView: (patch) => set({ ...patch, scrollTop: 0 }),
  setScrollTop: (scrollTop) => set({ scrollTop }),
  resetView: () => set({ ...DEFAULT_OVERVIEW_VIEW, scrollTop: 0 }),
}));
