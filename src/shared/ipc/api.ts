import type { Result } from '../result';
import { CHANNELS, EVENTS } from './channels';
import type { Channel, ChannelInput, ChannelOutput, EventName, EventPayloads } from './contract';

/**
 * What the renderer sees as window.posConnect: one function per channel, each resolving to a
 * Result, and one subscription per event returning its unsubscribe. Built from a transport so the
 * Electron preload and the test bridge expose exactly the same object.
 */
export type PosConnectApi = {
  [C in Channel]: ChannelInput<C> extends undefined
    ? () => Promise<Result<ChannelOutput<C>>>
    : (input: ChannelInput<C>) => Promise<Result<ChannelOutput<C>>>;
} & {
  on: <E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void) => () => void;
};

export interface Transport {
  invoke(channel: Channel, input: unknown): Promise<unknown>;
  subscribe(listener: (event: EventName, payload: unknown) => void): () => void;
}

export function createApi(transport: Transport): PosConnectApi {
  const api: Record<string, unknown> = {};
  for (const channel of CHANNELS) {
    api[channel] = (input?: unknown) => transport.invoke(channel, input);
  }
  api.on = (event: EventName, listener: (payload: unknown) => void) => {
    if (!(EVENTS as readonly string[]).includes(event)) throw new Error(`Unknown event ${event}`);
    return transport.subscribe((name, payload) => {
      if (name === event) listener(payload);
    });
  };
  return Object.freeze(api) as PosConnectApi;
}

export const API_GLOBAL = 'posConnect';
