import { discoverProvider } from '../../oauth/discovery';
import type { Handlers } from '../handlers';
import type { HandlerContext } from './context';

type ProviderChannels =
  | 'providers:list'
  | 'providers:problems'
  | 'providers:saveCustom'
  | 'providers:deleteCustom'
  | 'providers:discover'
  | 'apps:list'
  | 'apps:save'
  | 'apps:delete'
  | 'apps:importSumupCredentials';

/** Provider definitions (built-in and custom) and the provider apps registered with them. */
export function providerHandlers(ctx: HandlerContext): Pick<Handlers, ProviderChannels> {
  return {
    'providers:list': async () => ctx.providers.summaries(),
    'providers:problems': async () => ctx.providers.problems(),
    'providers:saveCustom': async ({ definition }) => ctx.providers.saveCustom(definition),
    'providers:deleteCustom': async ({ providerId }) => {
      ctx.providers.deleteCustom(providerId);
      return { deleted: true };
    },
    'providers:discover': async ({ url }) => ({ draft: (await discoverProvider(url, ctx.http)).draft }),
    'apps:list': async () => ctx.apps.list(),
    'apps:save': async (input) => ctx.apps.save(input),
    'apps:delete': async ({ appId }) => {
      await ctx.apps.delete(appId);
      return { deleted: true };
    },
    'apps:importSumupCredentials': async ({ json, label }) => ctx.apps.importSumupCredentials(json, label),
  };
}
