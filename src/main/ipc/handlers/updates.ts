import type { Handlers } from '../handlers';
import type { HandlerContext } from './context';

export function updatesHandlers(ctx: HandlerContext): Pick<Handlers, 'updates:status' | 'updates:restart'> {
  return {
    'updates:status': async () => ctx.updates.status(),
    'updates:restart': async () => {
      await ctx.updates.restartToUpdate();
      return { restarting: true };
    },
  };
}
