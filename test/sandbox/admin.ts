import { z } from 'zod';
import type { RequestContext, SandboxState } from './context';
import type { SandboxDescriptor, SandboxVendorId } from '../../src/shared/sandbox-descriptor';
import { HttpError } from './errors';
import { sendJson } from './respond';
import type { PowerEposModule } from './vendors/powerepos';

/**
 * The admin API under /.sandbox/: lets tests drive time, faults, revocation and clients, and read
 * counters and every secret for leak scans. Loopback only, like the rest of the sandbox; it is a
 * test tool, not part of any vendor, so faults never apply to it.
 */

const VENDORS = [
  'sumup',
  'sumup-pos-pro',
  'taptouch',
  'powerepos',
  'chimpy',
  'generic',
] as const satisfies readonly SandboxVendorId[];
const vendorSchema = z.enum(VENDORS);

const schemas = {
  advance: z.object({ seconds: z.number().finite().nonnegative() }),
  revoke: z.object({ vendor: vendorSchema, client_id: z.string().min(1).optional() }),
  serviceUri: z.object({ serviceUri: z.url(), org_id: z.string().min(1).optional() }),
  answeredOrg: z.object({ org_id: z.string().min(1).nullable() }),
  fault: z.object({
    vendor: vendorSchema,
    fault: z.enum(['latency', '5xx', 'html', 'malformed-json', '429', 'reset']).nullable(),
    latency_ms: z.number().int().nonnegative().max(60_000).optional(),
    retry_after: z.number().int().nonnegative().optional(),
    times: z.number().int().positive().optional(),
    target: z.enum(['token', 'api', 'all']).optional(),
    body: z.enum(['json', 'text']).optional(),
  }),
  client: z.object({
    vendor: vendorSchema,
    client_id: z.string().min(1),
    client_secret: z.string().min(1).optional(),
    redirect_uris: z.array(z.url()).default([]),
    vetted: z.boolean().optional(),
    name: z.string().min(1).optional(),
    enabled_scopes: z.array(z.string().min(1)).optional(),
  }),
};

/** The admin URLs, for the descriptor. */
export function adminUrls(baseUrl: string): SandboxDescriptor['admin'] {
  const url = (path: string): string => `${baseUrl}/.sandbox${path}`;
  return {
    advance_clock: url('/clock/advance'),
    revoke: url('/revoke'),
    powerepos_service_uri: url('/powerepos/service-uri'),
    powerepos_answered_org: url('/powerepos/answered-org'),
    stats: url('/stats'),
    faults: url('/faults'),
    clients: url('/clients'),
    issued_secrets: url('/secrets'),
    reset: url('/reset'),
    generic_lifetimes: url('/generic/lifetimes'),
  };
}

function parse<T>(schema: z.ZodType<T>, ctx: RequestContext): T {
  if (ctx.body.kind !== 'json' && ctx.body.kind !== 'none') {
    throw new HttpError(400, 'invalid_request', 'The admin API takes application/json bodies.');
  }
  const result = schema.safeParse(ctx.body.json ?? {});
  if (!result.success) {
    const detail = result.error.issues
      .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
      .join('; ');
    throw new HttpError(400, 'invalid_request', detail);
  }
  return result.data;
}

export function createAdmin(state: SandboxState, deps: { powerepos: PowerEposModule; reset(): void }) {
  const routes: Record<string, (ctx: RequestContext) => void> = {
    'POST /clock/advance': (ctx) => {
      const { seconds } = parse(schemas.advance, ctx);
      state.clock.advance(seconds);
      sendJson(ctx.res, 200, { now: new Date(state.clock.now()).toISOString() });
    },
    'GET /clock': (ctx) => sendJson(ctx.res, 200, { now: new Date(state.clock.now()).toISOString() }),
    'POST /revoke': (ctx) => {
      const { vendor, client_id } = parse(schemas.revoke, ctx);
      sendJson(ctx.res, 200, { revoked_grants: state.store.revokeVendor(vendor, client_id) });
    },
    'POST /powerepos/service-uri': (ctx) => {
      const { serviceUri, org_id } = parse(schemas.serviceUri, ctx);
      deps.powerepos.setServiceUri(serviceUri, org_id);
      sendJson(ctx.res, 200, { serviceUri, org_id: org_id ?? null });
    },
    'POST /powerepos/answered-org': (ctx) => {
      const { org_id } = parse(schemas.answeredOrg, ctx);
      deps.powerepos.setAnsweredOrg(org_id);
      sendJson(ctx.res, 200, { org_id });
    },
    'POST /generic/lifetimes': (ctx) => {
      const input = parse(
        z.strictObject({
          access_token_lifetime: z
            .number()
            .positive()
            .max(10 * 365 * 24 * 3600)
            .optional(),
          expires_in: z.number().nullable().optional(),
        }),
        ctx,
      );
      if (input.access_token_lifetime !== undefined)
        state.generic.accessTokenLifetime = input.access_token_lifetime;
      if (input.expires_in === null) delete state.generic.expiresIn;
      else if (input.expires_in !== undefined) state.generic.expiresIn = input.expires_in;
      sendJson(ctx.res, 200, state.generic);
    },
    'GET /stats': (ctx) => sendJson(ctx.res, 200, state.stats.snapshot()),
    'POST /stats/reset': (ctx) => {
      state.stats.reset();
      sendJson(ctx.res, 200, state.stats.snapshot());
    },
    'GET /faults': (ctx) => sendJson(ctx.res, 200, { faults: state.faults.list() }),
    'POST /faults': (ctx) => {
      const { vendor, fault, ...options } = parse(schemas.fault, ctx);
      state.faults.set(vendor, fault === null ? null : { fault, ...options });
      sendJson(ctx.res, 200, { faults: state.faults.list() });
    },
    'POST /clients': (ctx) => {
      const input = parse(schemas.client, ctx);
      const { name, ...client } = input;
      state.clients.register({ ...client, name: name ?? `Test client ${input.client_id}` });
      state.secrets.record('client_secret', input.vendor, input.client_secret);
      sendJson(ctx.res, 201, { ...input, name: name ?? `Test client ${input.client_id}` });
    },
    'GET /secrets': (ctx) => {
      const entries = state.secrets.list();
      sendJson(ctx.res, 200, { values: [...new Set(entries.map((entry) => entry.value))], entries });
    },
    'POST /reset': (ctx) => {
      deps.reset();
      sendJson(ctx.res, 200, { reset: true });
    },
  };

  /** Handles /.sandbox/<path>; the body is JSON (the admin API only). */
  return (ctx: RequestContext, subPath: string): void => {
    const route = routes[`${ctx.req.method ?? 'GET'} ${subPath}`];
    if (route === undefined)
      throw new HttpError(404, 'not_found', `No admin route ${ctx.req.method ?? ''} /.sandbox${subPath}.`);
    route(ctx);
  };
}
