import { AppError } from '../../../shared/errors';
import { runTestCall } from '../../connections/test-call';
import type { Handlers } from '../handlers';
import type { HandlerContext } from './context';

type ConnectionChannels = Extract<keyof Handlers, `connections:${string}`> | 'clipboard:writeText';

/** Connections: list, connect, renew, rename, disconnect, copy a token, test calls, check all. */
export function connectionHandlers(ctx: HandlerContext): Pick<Handlers, ConnectionChannels> {
  return {
    'connections:list': async () => ctx.readModel.summaries(),
    'connections:get': async ({ connectionId }) => ctx.readModel.detail(connectionId),
    'connections:connect': async (input) => {
      const startedAt = ctx.now();
      const record = await ctx.connectFlow.connect(input).catch((failure: unknown) => {
        ctx.failedAttempts.record(input, startedAt, failure);
        throw failure;
      });
      return ctx.readModel.detail(record.id);
    },
    'connections:cancelConnect': async ({ attemptId }) => ({ cancelled: ctx.connectFlow.cancel(attemptId) }),
    'connections:signInPage': async ({ attemptId, action }) => {
      const url = ctx.connectFlow.authorizationUrlOf(attemptId);
      if (action === 'open') await ctx.browser.open(url);
      else ctx.clipboard.writeText(url);
      return { done: true };
    },
    'connections:refresh': async ({ connectionId }) => {
      await ctx.keeper.refresh(connectionId, 'manual');
      return ctx.readModel.detail(connectionId);
    },
    'connections:rename': async ({ connectionId, label }) => {
      ctx.actions.rename(connectionId, label);
      return ctx.readModel.detail(connectionId);
    },
    'connections:disconnect': async ({ connectionId }) => ({
      disconnected: true,
      ...(await ctx.actions.disconnect(connectionId)),
    }),
    'connections:copyAccessToken': async ({ connectionId }) => {
      const token = await ctx.keeper.accessToken(connectionId);
      ctx.clipboard.writeText(token);
      ctx.history.write(connectionId, {
        kind: 'token_copied',
        summary: 'The access token was copied to the clipboard.',
      });
      const expiresAt = ctx.endpoints.record(connectionId).accessTokenExpiresAt;
      return {
        copied: true,
        ...(expiresAt !== undefined ? { expiresAt: new Date(expiresAt).toISOString() } : {}),
      };
    },
    'connections:testCall': async (input) => runTestCall(ctx, input),
    'connections:checkAll': async () => ctx.liveness.checkAll(),
    'clipboard:writeText': async ({ text }) => {
      // Only text the renderer already has: refuse anything that holds a known secret.
      if (ctx.secrets.leaks(text)) {
        throw new AppError({
          code: 'INVALID_INPUT',
          message: 'This text holds a secret and was not copied.',
          detail: 'clipboard text matched a known secret',
        });
      }
      ctx.clipboard.writeText(text);
      return { copied: true };
    },
  };
}
