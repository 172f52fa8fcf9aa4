/**
 * The shape of GET /.well-known/sandbox: everything a test or a person needs to use the sandbox
 * without vendor accounts. Shared by the sandbox (which serves it) and by tests and the app's
 * sandbox environment (which read it).
 */

export type SandboxVendorId = 'sumup' | 'sumup-pos-pro' | 'taptouch' | 'powerepos' | 'chimpy' | 'generic';

export interface SandboxClient {
  client_id: string;
  /** Absent for public clients (Taptouch PKCE, the generic provider's public client). */
  client_secret?: string;
  redirect_uris: string[];
  /** SumUp only: whether SumUp has vetted this client for payments / payment_instruments. */
  vetted?: boolean;
  /** SumUp's downloadable client-credentials JSON for this client, exactly as SumUp shapes it. */
  credentials_json?: Record<string, unknown>;
  /** Added by the sandbox: the application name shown on the authorization page. */
  name?: string;
  /** Added by the sandbox. SumUp POS Pro only: support-tier scopes support has enabled for this client. */
  enabled_scopes?: string[];
}

export interface SandboxUser {
  username: string;
  password: string;
  /** PowerEPOS organisation code for a service account. */
  org_id?: string;
}

export interface SandboxVendor {
  id: SandboxVendorId;
  name: string;
  /** Absolute URLs on the sandbox. Absent where the vendor has no such endpoint. */
  authorization_endpoint?: string;
  /** SumUp POS Pro's /login URL (its documented entry point, same parameters as /oauth2/authorize). */
  login_endpoint?: string;
  token_endpoint: string;
  revocation_endpoint?: string;
  /** Base URL of the vendor's API; for PowerEPOS the default service URI its tokens announce. */
  api_base_url: string;
  /** One API call that checks the bearer token and the scope it needs. */
  test_call: { method: 'GET'; path: string; scope?: string };
  grant_types: string[];
  /** Every scope the vendor knows; `default` scopes are granted when none are asked for. */
  scopes: { name: string; default: boolean; vetted?: boolean; grant_types?: string[] }[];
  clients: SandboxClient[];
  users?: SandboxUser[];
  audience?: string;
  /** Lifetimes in seconds, as documented by the vendor (null when undocumented). */
  access_token_lifetime: number;
  refresh_token_lifetime: number | null;
  /** Generic provider only: RFC 8414 metadata document URL and issuer. */
  metadata_url?: string;
  issuer?: string;
  /** Added by the sandbox: JWKS of the key that signs this vendor's JWT access tokens (JWT vendors only). */
  jwks_uri?: string;
}

export interface SandboxDescriptor {
  base_url: string;
  vendors: Record<SandboxVendorId, SandboxVendor>;
  admin: {
    /** POST {seconds}: moves the sandbox clock forward. */
    advance_clock: string;
    /** POST {vendor, client_id?}: revokes every grant of that vendor (or of one client). */
    revoke: string;
    /** POST {serviceUri, org_id?}: changes the service URI PowerEPOS tokens announce. */
    powerepos_service_uri: string;
    /** POST {org_id | null}: PowerEPOS answers name this organisation (a misrouted token). */
    powerepos_answered_org: string;
    /** GET: {token_requests: {[vendor]: {[grant_type]: n}}}; POST /reset clears counters. */
    stats: string;
    /** POST {vendor, fault, latency_ms?, retry_after?, times?, target?}; fault null clears. */
    faults: string;
    /** POST {vendor, client_id, client_secret?, redirect_uris, vetted?}: registers a client. */
    clients: string;
    /** POST {access_token_lifetime?, expires_in? (null: the lifetime)}: the generic provider's tokens. */
    generic_lifetimes: string;
    /** GET: every secret the sandbox ever issued or accepted, for leak scans. */
    issued_secrets: string;
    /** POST: back to the initial state (clients, grants, faults, clock, counters). */
    reset: string;
  };
}

export type SandboxFault = 'latency' | '5xx' | 'html' | 'malformed-json' | '429' | 'reset';
