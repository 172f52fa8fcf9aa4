import { runHealthCheck } from '../../diagnostics/health-check';
import { openReport } from '../../diagnostics/open-report';
import { exportReport } from '../../diagnostics/report';
import type { Handlers } from '../handlers';
import type { HandlerContext } from './context';

/** A technician's health check, the secret-free report, and a received report opened read-only. */
export function diagnosticsHandlers(
  ctx: HandlerContext,
): Pick<Handlers, 'diagnostics:healthCheck' | 'diagnostics:exportReport' | 'diagnostics:openReport'> {
  return {
    'diagnostics:healthCheck': async ({ connectionId }) => runHealthCheck(ctx, connectionId),
    'diagnostics:exportReport': async (scope) =>
      exportReport(
        {
          ...ctx,
          healthCheck: (connectionId) => runHealthCheck(ctx, connectionId),
          vaultSecretsOf: async (connectionId, appId) => {
            const own = connectionId ? await ctx.keeper.secretsOf(connectionId) : undefined;
            const appSecret = appId ? await ctx.vault.getAppSecret(appId) : undefined;
            return [own?.accessToken, own?.refreshToken, own?.password, appSecret].filter(
              (s): s is string => typeof s === 'string',
            );
          },
        },
        scope,
      ),
    'diagnostics:openReport': async ({ fileName, text }) => openReport(fileName, text),
  };
}
