/**
 * The browser side of the loopback bridge: defines window.posConnect with the same createApi()
 * the Electron preload uses, over fetch and Server-Sent Events instead of Electron IPC. Loaded by
 * the bridge before the renderer bundle; never part of the packaged app.
 */
import { API_GLOBAL, createApi } from '../../src/shared/ipc/api';
import type { EventName } from '../../src/shared/ipc/contract';

const token = document.querySelector<HTMLMetaElement>('meta[name="pos-connect-bridge"]')?.content ?? '';

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
    const source = new EventSource(`/__bridge/events?token=${encodeURIComponent(token)}`);
    source.onmessage = (message: MessageEvent<string>) => {
      const { event, payload } = JSON.parse(message.data) as { event: EventName; payload: unknown };
      listener(event, payload);
    };
    return () => source.close();
  },
});

Object.defineProperty(window, API_GLOBAL, { value: api, writable: false, configurable: false });
