import { create } from 'zustand';
import type { AppErrorData } from '../../../shared/errors';
import type { KitPreview } from '../../../shared/kits/kit-types';
import { call } from '../../api/client';
import { useAppStore } from '../../store';

/**
 * The kits the window is showing: the one being previewed and those opened from outside (File >
 * Open, the OS, the machine-wide folder) still waiting. Kept apart from the app store: it is this
 * screen's alone, and a preview carries no secret (main keeps the kit's text).
 */
interface KitState {
  current: KitPreview | null;
  waiting: KitPreview[];
  openError: AppErrorData | null;
  show: (preview: KitPreview) => void;
  setWaiting: (previews: KitPreview[]) => void;
  failed: (error: AppErrorData) => void;
  close: (kitId: string) => void;
}

export const useKitStore = create<KitState>((set) => ({
  current: null,
  waiting: [],
  openError: null,
  show: (preview) =>
    set((s) => ({
      current: preview,
      openError: null,
      waiting: s.waiting.filter((k) => k.kitId !== preview.kitId),
    })),
  setWaiting: (previews) => set({ waiting: previews }),
  failed: (error) => set({ openError: error, current: null }),
  close: (kitId) =>
    set((s) => ({
      current: s.current?.kitId === kitId ? null : s.current,
      waiting: s.waiting.filter((k) => k.kitId !== kitId),
    })),
}));

/** A kit's text from the window (file picker, drag and drop): previewed by main, then shown. */
export async function previewKitText(text: string, fileName: string): Promise<void> {
  const result = await call((api) => api['kits:preview']({ text, fileName }));
  if (result.ok) useKitStore.getState().show(result.value);
  else useKitStore.getState().failed(result.error);
  useAppStore.getState().navigate({ name: 'kits' });
}

/** A kit main opened from outside the window: shown at once. */
export function kitOpenedOutside(preview: KitPreview): void {
  useKitStore.getState().show(preview);
  useAppStore.getState().navigate({ name: 'kits' });
}

/** At start: kits opened before the window was there (a double-click that started the app). */
export async function loadWaitingKits(): Promise<void> {
  const result = await call((api) => api['kits:opened']());
  if (!result.ok || result.value.length === 0) return;
  const [first, ...rest] = result.value;
  useKitStore.getState().setWaiting(rest);
  kitOpenedOutside(first!);
}
