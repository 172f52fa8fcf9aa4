import type { Channel, ChannelInput, ChannelOutput } from '../../shared/ipc/contract';

/** One async function per contract channel; the composition root supplies them. */
export type Handlers = {
  [C in Channel]: ChannelInput<C> extends undefined
    ? (input?: ChannelInput<C>) => Promise<ChannelOutput<C>>
    : (input: ChannelInput<C>) => Promise<ChannelOutput<C>>;
};
