import type { Channel, ChannelInput, ChannelOutput } from '../../shared/ipc/contract';

/** One async function per contract channel; the composition root supplies them. */
export type Handlers = {
  [C in Channel]: (input: ChannelInput<C>) => Promise<ChannelOutput<C>>;
};
