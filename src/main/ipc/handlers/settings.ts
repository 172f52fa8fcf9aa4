import type { Settings } from '../../../shared/models';
import type { Handlers } from '../handlers';
import type { HandlerContext } from './context';

export function settingsHandlers(ctx: HandlerContext): Pick<Handlers, 'settings:get' | 'settings:update'> {
  return {
    'settings:get': async () => ctx.store.getSettings(),
    'settings:update': async (patch) => {
      const settings = ctx.store.updateSettings(patch as Partial<Settings>);
      ctx.events.emit('settings:changed', settings);
      // The lead may have changed: plan every connection again (the policy keeps its floor).
      for (const record of ctx.store.listConnections()) ctx.scheduler.schedule(record.id, record);
      return settings;
    },
  };
}
