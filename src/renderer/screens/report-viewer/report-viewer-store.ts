import { create } from 'zustand';
import type { AppErrorData } from '../../../shared/errors';
import { REPORT_MAX_BYTES, type OpenedReport } from '../../../shared/report';
import { call, localError } from '../../api/client';

interface ReportViewerState {
  opened: OpenedReport | null;
  opening: boolean;
  failure: AppErrorData | null;
  /** Sends the text to main, which validates it; only a report that passed is kept. */
  openText: (fileName: string, text: string) => Promise<boolean>;
  openFile: (file: File) => Promise<boolean>;
  close: () => void;
}

/**
 * The received report being looked at. Its own small store: it belongs to no connection of this
 * installation, and nothing in it ever reaches the connection slices.
 */
export const useReportViewer = create<ReportViewerState>()((set, get) => ({
  opened: null,
  opening: false,
  failure: null,
  async openText(fileName, text) {
    set({ opening: true, failure: null });
    const result = await call((api) => api['diagnostics:openReport']({ fileName, text }));
    if (result.ok) set({ opened: result.value, opening: false });
    else set({ failure: result.error, opening: false });
    return result.ok;
  },
  async openFile(file) {
    // Checked before reading: a large file is refused without being loaded.
    if (file.size > REPORT_MAX_BYTES) {
      set({
        failure: {
          ...localError('INVALID_REPORT', 'This file is too large to be a POS Connect report.', file.name),
          params: { reason: 'too_large', maxMegabytes: REPORT_MAX_BYTES / (1024 * 1024) },
        },
      });
      return false;
    }
    let text: string;
    try {
      text = await file.text();
    } catch {
      set({ failure: localError('INVALID_REPORT', 'The file could not be read.', file.name) });
      return false;
    }
    return get().openText(file.name, text);
  },
  close: () => set({ opened: null, failure: null }),
}));
