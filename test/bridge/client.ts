/**
 * The browser side of the loopback bridge: defines window.posConnect with the same createApi()
 * the Electron preload uses, over fetch and Server-Sent Events instead of Electron IPC. Loaded by
 * the bridge before the renderer bundle; never part of the packaged app.
 */
import { API_GLOBAL, createApi } from '../../src/shared/ipc/api';
import type { EventName } from '../../src/shared/ipc/contract';

const token = document.querySelector<HTMLMetaElement>('meta[name="pos-connect-bridge"]')?.content ?? '';

/**
 * One event stream for every subscription: Chromium keeps at most six HTTP/1.1 connections to a
 * host, and a stream per event (five of them) plus a pending connect left a cancel queued forever.
 */
type Listener = (event: EventName, payload: unknown) => void;
const listeners = new Set<Listener>();
let source: EventSource | undefined;

const api = createApi({
  async invoke(channel, input) {
    const response = await fetch(`/__bridge/invoke/${encodeURIComponent(channel)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-bridge-token': token },
      body: JSON.stringify({ input: input ?? null }),
    });
    return response.json();
  },
  subscribe(listener) {
    listeners.add(listener);
    source ??= openEvents();
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) {
        source?.close();
        source = undefined;
      }
    };
  },
});

function openEvents(): EventSource {
  const events = new EventSource(`/__bridge/events?token=${encodeURIComponent(token)}`);
  events.onmessage = (message: MessageEvent<string>) => {
    const { event, payload } = JSON.parse(message.data) as { event: EventName; payload: unknown };
    for (const listener of listeners) listener(event, payload);
  };
  return events;
}

Object.defineProperty(window, API_GLOBAL, { value: api, writable: false, configurable: false });
