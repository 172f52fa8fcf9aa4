import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { EndpointOverride } from '../../shared/models';
import type { ConnectionRecord } from '../ports';
import type { VaultKey } from '../vault/vault-format';

/**
 * The integrity of what is not secret: the rows that decide where secrets go carry an
 * HMAC-SHA256 (RFC 2104) under a key derived from the vault key with HKDF-SHA256 (RFC 5869), so a
 * plain write to pos-connect.db (another program, a restored or edited file) cannot move a
 * connection's secrets without failing its check. The vault key itself is never used for two
 * purposes: the MAC key is its own, derived with a label naming this use.
 *
 * What is authenticated, per row, is its "binding": the fields that decide where a secret goes.
 * - a connection: provider, app, environment (sandbox), grant, API base, recorded origins,
 *   connection parameters, whether it keeps a password, and whether it is held for an integrity
 *   failure; not its expiry, state or label, which change on every refresh and may change while
 *   the keychain is unavailable (a state change then keeps the row's MAC as it is).
 * - a provider app, a custom provider definition, an endpoint override: the whole of it.
 * - the vault generation (vault-generation.ts).
 * Each MAC names its table and row, so a MAC copied onto another row fails.
 */

const MAC_KEY_INFO = 'POS Connect record integrity v1';
const FORMAT = 'pos-connect-row-mac|v1';

export type MacTable = 'apps' | 'connections' | 'custom_providers' | 'endpoint_overrides' | 'meta';

/** The MAC key of an installation (32 bytes), derived from its vault key. */
export function macKeyOf(key: VaultKey): Buffer {
  return Buffer.from(hkdfSync('sha256', key.bytes, Buffer.alloc(0), MAC_KEY_INFO, 32));
}

/** The MAC of one row's binding (a canonical JSON text), base64url. */
export function rowMac(macKey: Buffer, table: MacTable, id: string, binding: string): string {
  // JSON keeps the parts apart whatever characters an id holds.
  return createHmac('sha256', macKey)
    .update(JSON.stringify([FORMAT, table, id, binding]))
    .digest('base64url');
}

/** Constant-time comparison of a stored MAC with the expected one. */
export function macMatches(stored: string | null | undefined, expected: string): boolean {
  if (typeof stored !== 'string') return false;
  const a = Buffer.from(stored);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The reason code of a connection held because its record failed its check. */
export const TAMPERED_CODE = 'RECORD_TAMPERED';

/** Whether a connection is held (needs reconnecting) because its record failed its integrity check. */
export function isHeldForIntegrity(
  record: Pick<ConnectionRecord, 'state' | 'stateReason'> | undefined,
): boolean {
  return record?.state === 'needs_reauthorization' && record.stateReason?.code === TAMPERED_CODE;
}

function sortedEntries(value: Record<string, string> | undefined): [string, string][] {
  return Object.entries(value ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A connection's binding, as canonical JSON (fixed order, absent fields as null). */
export function connectionBinding(record: ConnectionRecord): string {
  const origins = record.origins;
  return JSON.stringify([
    record.id,
    record.providerId,
    record.appId,
    record.environment,
    record.grant,
    record.apiBaseUrl ?? null,
    origins ? [origins.token, origins.revocation ?? null, origins.api ?? null] : null,
    sortedEntries(record.params),
    record.keepsPassword,
    isHeldForIntegrity(record),
  ]);
}

/** An endpoint override's binding: its fields in a fixed order. */
export function overrideBinding(override: EndpointOverride): string {
  return JSON.stringify(sortedEntries(override as Record<string, string>));
}
