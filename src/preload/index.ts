import { contextBridge, ipcRenderer } from 'electron';
import { API_GLOBAL, createApi } from '../shared/ipc/api';
import { EVENT_CHANNEL, EVENTS } from '../shared/ipc/channels';
import type { EventName } from '../shared/ipc/contract';

/**
 * Exposes the typed contract as window.posConnect: one function per channel and event
 * subscriptions that return an unsubscribe. ipcRenderer itself never crosses the bridge, and
 * listeners receive only the payload, never Electron's event object (it carries the sender).
 */
const api = createApi({
  invoke: (channel, input) => ipcRenderer.invoke(channel, input),
  subscribe: (listener) => {
    const onEvent = (_event: Electron.IpcRendererEvent, message: { event: EventName; payload: unknown }) => {
      if ((EVENTS as readonly string[]).includes(message.event)) listener(message.event, message.payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, onEvent);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, onEvent);
    };
  },
});

contextBridge.exposeInMainWorld(API_GLOBAL, api);
