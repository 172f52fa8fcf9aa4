import type { SandboxClient, SandboxVendorId } from '../../src/shared/sandbox-descriptor';
import type { RedirectMatch } from './redirect-uri';
import { redirectUriMatches } from './redirect-uri';

/** A client registered with one vendor. Public clients have no secret. */
export interface ClientRecord {
  vendor: SandboxVendorId;
  client_id: string;
  client_secret?: string;
  redirect_uris: string[];
  /** Shown on the authorization page. */
  name: string;
  /** SumUp: may ask for payments / payment_instruments. */
  vetted?: boolean;
  /** SumUp POS Pro: support-tier scopes that support has enabled for this client. */
  enabled_scopes?: string[];
}

/** The registered clients of every vendor; tests add their own so parallel tests get their own ports. */
export class ClientRegistry {
  private readonly clients = new Map<string, ClientRecord>();

  private key(vendor: SandboxVendorId, clientId: string): string {
    return `${vendor}\u0000${clientId}`;
  }

  /** Adds or replaces a client (replacing keeps re-runs of a test idempotent). */
  register(client: ClientRecord): void {
    this.clients.set(this.key(client.vendor, client.client_id), client);
  }

  get(vendor: SandboxVendorId, clientId: string | undefined): ClientRecord | undefined {
    if (clientId === undefined) return undefined;
    return this.clients.get(this.key(vendor, clientId));
  }

  ofVendor(vendor: SandboxVendorId): ClientRecord[] {
    return [...this.clients.values()].filter((client) => client.vendor === vendor);
  }

  clear(): void {
    this.clients.clear();
  }
}

export function isRegisteredRedirect(client: ClientRecord, mode: RedirectMatch, sent: string): boolean {
  return client.redirect_uris.some((registered) => redirectUriMatches(mode, registered, sent));
}

/** A client as the descriptor lists it. */
export function describeClient(client: ClientRecord): SandboxClient {
  return {
    client_id: client.client_id,
    ...(client.client_secret === undefined ? {} : { client_secret: client.client_secret }),
    redirect_uris: client.redirect_uris,
    name: client.name,
    ...(client.vetted === undefined ? {} : { vetted: client.vetted }),
    ...(client.enabled_scopes === undefined ? {} : { enabled_scopes: client.enabled_scopes }),
  };
}
