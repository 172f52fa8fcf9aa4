import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ParsedBody } from './body';
import type { ClientRegistry, ClientRecord } from './clients';
import type { SandboxClock } from './clock';
import type { SandboxVendor, SandboxVendorId } from '../../src/shared/sandbox-descriptor';
import type { FaultSwitches, RouteKind } from './faults';
import type { JwtSigner } from './jwt';
import type { SecretsLog } from './secrets-log';
import type { TokenRequestStats } from './stats';
import type { TokenStore } from './store';

/** The state every vendor module shares; one per running sandbox. */
export interface SandboxState {
  /** http://127.0.0.1:PORT, no trailing slash. */
  baseUrl: string;
  clock: SandboxClock;
  store: TokenStore;
  clients: ClientRegistry;
  faults: FaultSwitches;
  stats: TokenRequestStats;
  /**
   * The generic provider's access tokens: their lifetime in seconds, and what `expires_in` says when
   * a test wants a vendor that sends nonsense (0.001, 1e20) — by default the lifetime itself.
   */
  generic: { accessTokenLifetime: number; expiresIn?: number };
  secrets: SecretsLog;
  signer: JwtSigner;
}

/** One request as a route sees it: the body is already read (capped) and parsed. */
export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  query: { params: Map<string, string>; duplicates: string[] };
  body: ParsedBody;
}

export interface VendorRoute {
  method: 'GET' | 'POST';
  /** A path on the sandbox (prefix included), or a test for paths that vary (PowerEPOS service URIs). */
  path: string | ((pathname: string) => boolean);
  kind: RouteKind;
  handle(ctx: RequestContext): Promise<void> | void;
}

/** A mocked vendor: its routes, its default clients and its part of the descriptor. */
export interface VendorModule {
  id: SandboxVendorId;
  routes: VendorRoute[];
  defaultClients(): ClientRecord[];
  describe(): SandboxVendor;
  /** Back to the initial state (beyond clients and tokens, which the server resets). */
  reset?(): void;
}
