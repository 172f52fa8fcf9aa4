import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { CHANNELS, EVENT_CHANNEL } from '../../shared/ipc/channels';
import type { EventName, EventPayloads } from '../../shared/ipc/contract';
import type { Dispatch } from '../ipc/dispatcher';

/** The only place ipcMain is used: every channel goes through the validating dispatcher. */
export function registerIpc(dispatch: Dispatch): () => void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, input: unknown) => {
      const frame = event.senderFrame;
      return dispatch(channel, input, {
        url: frame?.url ?? '',
        isMainFrame: frame !== null && frame === event.sender.mainFrame,
      });
    });
  }
  return () => CHANNELS.forEach((channel) => ipcMain.removeHandler(channel));
}

export function sendEvent<E extends EventName>(
  window: BrowserWindow | undefined,
  event: E,
  payload: EventPayloads[E],
): void {
  if (!window || window.isDestroyed()) return;
  window.webContents.send(EVENT_CHANNEL, { event, payload });
}
