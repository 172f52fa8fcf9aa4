import type { Handlers } from '../handlers';
import type { HandlerContext } from './context';

export function appHandlers(ctx: HandlerContext): Pick<Handlers, 'app:info'> {
  return {
    'app:info': async () => ({
      name: 'POS Connect',
      version: ctx.appVersion,
      platform: ctx.platform,
      environment: ctx.environment,
      ...(ctx.sandboxUrl ? { sandboxUrl: ctx.sandboxUrl } : {}),
      keychain: ctx.vault.keychainStatus(),
      startupProblems: [...ctx.store.startupProblems, ...ctx.vault.startupProblems],
    }),
  };
}
