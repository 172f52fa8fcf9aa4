import { runHealthCheck } from '../../diagnostics/health-check';
import { exportReport } from '../../diagnostics/report';
import type { Handlers } from '../handlers';
import type { HandlerContext } from './context';

/** A technician's health check and the secret-free report. */
export function diagnosticsHandlers(
  ctx: HandlerContext,
): Pick<Handlers, 'diagnostics:healthCheck' | 'diagnostics:exportReport'> {
  return {
    'diagnostics:healthCheck': async ({ connectionId }) => runHealthCheck(ctx, connectionId),
    'diagnostics:exportReport': async ({ connectionId }) => {
      const health = await runHealthCheck(ctx, connectionId);
      return exportReport(
        {
          ...ctx,
          vaultSecretsOf: async (id, appId) => {
            const own = await ctx.keeper.secretsOf(id);
            const appSecret = await ctx.vault.getAppSecret(appId);
            return [own?.accessToken, own?.refreshToken, own?.password, appSecret].filter(
              (s): s is string => typeof s === 'string',
            );
          },
        },
        connectionId,
        health,
      );
    },
  };
}
