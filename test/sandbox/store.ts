import type { SandboxClock } from './clock';
import type { SandboxVendorId } from '../../src/shared/sandbox-descriptor';
import { randomToken } from './random';
import type { SecretsLog } from './secrets-log';

/**
 * One authorization: a code redemption, a password login or a client_credentials request. Every
 * token issued from it (and from its refreshes) points back here, so revoking the grant revokes
 * them all — what RFC 6749 §4.1.2 (code reuse) and RFC 9700 §4.14.2 (refresh token reuse) ask.
 */
export interface Grant {
  id: string;
  vendor: SandboxVendorId;
  client_id: string;
  subject: string;
  scopes: string[];
  revoked: boolean;
  /** Successful refreshes so far (SumUp rotates on every other one). */
  refreshes: number;
  /** Vendor-specific facts about the grant (PowerEPOS org_id, Chimpy audience). */
  attributes: Record<string, string>;
}

export interface AccessTokenRecord {
  token: string;
  vendor: SandboxVendorId;
  grant_id: string;
  client_id: string;
  scopes: string[];
  expires_at: number;
  /** Facts an API checks (PowerEPOS service URI, Chimpy audience). */
  attributes: Record<string, string>;
}

export interface RefreshTokenRecord {
  token: string;
  vendor: SandboxVendorId;
  grant_id: string;
  client_id: string;
  /** null: no documented lifetime, never expires in the sandbox. */
  expires_at: number | null;
  /** Used (single-use vendors) or replaced by rotation: presenting it again is reuse. */
  spent: boolean;
}

export interface CodeRecord {
  code: string;
  vendor: SandboxVendorId;
  client_id: string;
  redirect_uri: string;
  scopes: string[];
  subject: string;
  code_challenge?: string;
  expires_at: number;
  used: boolean;
  /** The grant its first redemption created, revoked if the code comes back. */
  grant_id?: string;
}

/** An authorization request shown on the HTML page, waiting for Approve or Deny. */
export interface PendingAuthorization {
  id: string;
  vendor: SandboxVendorId;
  client_id: string;
  redirect_uri: string;
  scopes: string[];
  state?: string;
  code_challenge?: string;
  expires_at: number;
}

/** Authorization codes live 60 s: "short-lived and single-use" (SumUp), RFC 6749 §4.1.2 suggests ≤ 10 min. */
export const CODE_LIFETIME_SECONDS = 60;
/** How long an authorization page stays answerable. */
const PENDING_LIFETIME_SECONDS = 600;

export class TokenStore {
  private grants = new Map<string, Grant>();
  private accessTokens = new Map<string, AccessTokenRecord>();
  private refreshTokens = new Map<string, RefreshTokenRecord>();
  private codes = new Map<string, CodeRecord>();
  private pending = new Map<string, PendingAuthorization>();

  constructor(
    private readonly clock: SandboxClock,
    private readonly secrets: SecretsLog,
  ) {}

  createGrant(
    vendor: SandboxVendorId,
    clientId: string,
    subject: string,
    scopes: string[],
    attributes: Record<string, string> = {},
  ): Grant {
    const grant: Grant = {
      id: randomToken('grant_', 9),
      vendor,
      client_id: clientId,
      subject,
      scopes,
      revoked: false,
      refreshes: 0,
      attributes,
    };
    this.grants.set(grant.id, grant);
    return grant;
  }

  grant(id: string): Grant | undefined {
    return this.grants.get(id);
  }

  /** Revokes one grant and with it every token issued from it. */
  revokeGrant(id: string): void {
    const grant = this.grants.get(id);
    if (grant !== undefined) grant.revoked = true;
  }

  /** Revokes every grant of a vendor (or of one of its clients); returns how many. */
  revokeVendor(vendor: SandboxVendorId, clientId?: string): number {
    let count = 0;
    for (const grant of this.grants.values()) {
      if (
        grant.vendor === vendor &&
        !grant.revoked &&
        (clientId === undefined || grant.client_id === clientId)
      ) {
        grant.revoked = true;
        count += 1;
      }
    }
    return count;
  }

  /** Stores an access token the vendor module minted (opaque or JWT). */
  addAccessToken(record: AccessTokenRecord): void {
    this.accessTokens.set(record.token, record);
    this.secrets.record('access_token', record.vendor, record.token);
  }

  accessToken(token: string): AccessTokenRecord | undefined {
    return this.accessTokens.get(token);
  }

  /** Deletes one access token (RFC 7009 revocation of an access token). */
  dropAccessToken(token: string): void {
    this.accessTokens.delete(token);
  }

  issueRefreshToken(grant: Grant, lifetimeSeconds: number | null): RefreshTokenRecord {
    const record: RefreshTokenRecord = {
      token: randomToken('sbx_rt_', 32),
      vendor: grant.vendor,
      grant_id: grant.id,
      client_id: grant.client_id,
      expires_at: lifetimeSeconds === null ? null : this.clock.now() + lifetimeSeconds * 1000,
      spent: false,
    };
    this.refreshTokens.set(record.token, record);
    this.secrets.record('refresh_token', grant.vendor, record.token);
    return record;
  }

  refreshToken(token: string): RefreshTokenRecord | undefined {
    return this.refreshTokens.get(token);
  }

  issueCode(fields: Omit<CodeRecord, 'code' | 'expires_at' | 'used'>): CodeRecord {
    const record: CodeRecord = {
      ...fields,
      code: randomToken('sbx_code_', 18),
      expires_at: this.clock.now() + CODE_LIFETIME_SECONDS * 1000,
      used: false,
    };
    this.codes.set(record.code, record);
    this.secrets.record('authorization_code', fields.vendor, record.code);
    return record;
  }

  code(code: string): CodeRecord | undefined {
    return this.codes.get(code);
  }

  addPending(fields: Omit<PendingAuthorization, 'id' | 'expires_at'>): PendingAuthorization {
    const record: PendingAuthorization = {
      ...fields,
      id: randomToken('req_', 12),
      expires_at: this.clock.now() + PENDING_LIFETIME_SECONDS * 1000,
    };
    this.pending.set(record.id, record);
    return record;
  }

  /** Takes a pending request out (each page answers once). */
  takePending(id: string): PendingAuthorization | undefined {
    const record = this.pending.get(id);
    this.pending.delete(id);
    if (record === undefined || record.expires_at <= this.clock.now()) return undefined;
    return record;
  }

  clear(): void {
    this.grants = new Map();
    this.accessTokens = new Map();
    this.refreshTokens = new Map();
    this.codes = new Map();
    this.pending = new Map();
  }
}
