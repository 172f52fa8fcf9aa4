import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { adminUrls, createAdmin } from './admin';
import { paramsFromSearch, parseBody, readBody } from './body';
import { ClientRegistry } from './clients';
import { SandboxClock } from './clock';
import type { RequestContext, SandboxState, VendorModule, VendorRoute } from './context';
import type { SandboxDescriptor, SandboxVendorId } from '../../src/shared/sandbox-descriptor';
import { AuthorizationPageError, BearerError, HttpError, OAuthError } from './errors';
import { applyFault, FaultSwitches } from './faults';
import { JwtSigner } from './jwt';
import { sendJson, sendText } from './respond';
import { SecretsLog } from './secrets-log';
import { TokenRequestStats } from './stats';
import { TokenStore } from './store';
import { createChimpy } from './vendors/chimpy';
import { createGeneric } from './vendors/generic';
import { createPowerEpos } from './vendors/powerepos';
import { createSumUp } from './vendors/sumup';
import { createSumUpPosPro } from './vendors/sumup-pos-pro';
import { createTaptouch } from './vendors/taptouch';

export interface StartSandboxOptions {
  /** 0 (default) picks an ephemeral port. */
  port?: number;
}

export interface RunningSandbox {
  /** http://127.0.0.1:PORT */
  url: string;
  descriptor: SandboxDescriptor;
  close(): Promise<void>;
}

type BoundRoute = VendorRoute & { vendor: SandboxVendorId };

function listen(server: ReturnType<typeof createServer>, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: the sandbox hands out tokens for fake accounts and has an admin API.
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Writes the response an error calls for; anything unexpected is a 500 without details. */
function writeError(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (error instanceof OAuthError || error instanceof BearerError || error instanceof HttpError) {
    error.write(res);
    return;
  }
  if (error instanceof AuthorizationPageError) {
    sendText(res, 400, `${error.title}: ${error.detail}`);
    return;
  }
  // A client that gave up mid-request (its deadline, a cancel) is not the sandbox's failure.
  if (
    error instanceof Error &&
    (error.message === 'aborted' || (error as { code?: unknown }).code === 'ECONNRESET')
  ) {
    res.destroy();
    return;
  }
  // Our own messages never carry secrets, so the stack is safe to print for debugging.
  console.error('sandbox: internal error', error instanceof Error ? error.stack : String(error));
  sendJson(res, 500, { error: 'server_error', error_description: 'The sandbox failed unexpectedly.' });
}

/** Starts the sandbox on 127.0.0.1 (port 0 = ephemeral) and resolves once it is listening. */
export async function startSandbox(options: StartSandboxOptions = {}): Promise<RunningSandbox> {
  const server = createServer();
  await listen(server, options.port ?? 0);
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const clock = new SandboxClock();
  const secrets = new SecretsLog();
  const state: SandboxState = {
    baseUrl,
    clock,
    secrets,
    store: new TokenStore(clock, secrets),
    clients: new ClientRegistry(),
    faults: new FaultSwitches(),
    stats: new TokenRequestStats(),
    generic: { accessTokenLifetime: 3600 },
    signer: await JwtSigner.create(),
  };

  const sumup = createSumUp(state);
  const posPro = createSumUpPosPro(state);
  const taptouch = createTaptouch(state);
  const powerepos = createPowerEpos(state);
  const chimpy = createChimpy(state);
  const generic = createGeneric(state);
  const vendors: VendorModule[] = [sumup, posPro, taptouch, powerepos, chimpy, generic];
  const routes: BoundRoute[] = vendors.flatMap((vendor) =>
    vendor.routes.map((route) => ({ ...route, vendor: vendor.id })),
  );

  /** Registers the default clients and notes their secrets and users' passwords for leak scans. */
  const seed = (): void => {
    for (const vendor of vendors) {
      for (const client of vendor.defaultClients()) {
        state.clients.register(client);
        secrets.record('client_secret', vendor.id, client.client_secret);
      }
      for (const user of vendor.describe().users ?? []) secrets.record('password', vendor.id, user.password);
    }
  };
  const reset = (): void => {
    clock.reset();
    state.store.clear();
    state.clients.clear();
    state.faults.clear();
    state.stats.reset();
    state.generic = { accessTokenLifetime: 3600 };
    secrets.clear();
    for (const vendor of vendors) vendor.reset?.();
    seed();
  };
  seed();

  const describe = (): SandboxDescriptor => ({
    base_url: baseUrl,
    vendors: {
      sumup: sumup.describe(),
      'sumup-pos-pro': posPro.describe(),
      taptouch: taptouch.describe(),
      powerepos: powerepos.describe(),
      chimpy: chimpy.describe(),
      generic: generic.describe(),
    },
    admin: adminUrls(baseUrl),
  });
  const admin = createAdmin(state, { powerepos, reset });

  const matches = (route: VendorRoute, pathname: string): boolean =>
    typeof route.path === 'string' ? route.path === pathname : route.path(pathname);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', baseUrl);
    const method = req.method ?? 'GET';
    if (method === 'GET' && url.pathname === '/.well-known/sandbox') return sendJson(res, 200, describe());
    if (method === 'GET' && url.pathname === '/.well-known/jwks.json')
      return sendJson(res, 200, state.signer.jwks());

    const isAdmin = url.pathname.startsWith('/.sandbox/');
    const route = isAdmin
      ? undefined
      : routes.find((candidate) => candidate.method === method && matches(candidate, url.pathname));
    if (!isAdmin && route === undefined) {
      const allowed = routes
        .filter((candidate) => matches(candidate, url.pathname))
        .map((candidate) => candidate.method);
      if (allowed.length > 0)
        throw new HttpError(405, 'invalid_request', `Use ${allowed.join(' or ')} for ${url.pathname}.`);
      throw new HttpError(404, 'not_found', `Nothing at ${url.pathname} in the sandbox.`);
    }

    const body = await parseBody(req.headers['content-type'], await readBody(req));
    const ctx: RequestContext = { req, res, url, query: paramsFromSearch(url.searchParams), body };
    if (route === undefined) return admin(ctx, url.pathname.slice('/.sandbox'.length));

    if (route.kind === 'token') {
      // Counted on arrival, so failed and faulted requests count too.
      state.stats.count(
        route.vendor,
        ctx.query.params.get('grant_type') ?? body.params.get('grant_type') ?? '(none)',
      );
    }
    if (route.kind === 'token') state.stats.enter();
    try {
      const fault = state.faults.take(route.vendor, route.kind);
      if (fault !== undefined && (await applyFault(fault, res))) return;
      await route.handle(ctx);
    } finally {
      if (route.kind === 'token') state.stats.leave();
    }
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((error: unknown) => writeError(res, error));
  });

  return {
    url: baseUrl,
    descriptor: describe(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}
