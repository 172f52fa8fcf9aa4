import { z } from 'zod';
import { ERROR_CODES } from '../../shared/errors';
import { HISTORY_EVENT_KINDS, type HistoryEvent, type ProviderApp, type Settings } from '../../shared/models';
import { REFRESH_LEAD_SECONDS, REFRESH_TOKEN_WARNING_HOURS, settingsSchema } from '../../shared/settings';
import { CONNECT_GRANTS } from '../../shared/providers/provider-schema';
import type { ConnectionRecord } from '../ports';

/**
 * What POS Connect stores that is not a secret: the rows of pos-connect.db (src/main/db/) are
 * checked against these schemas on every write and on load, and the config.json of earlier
 * versions against storeFileSchema when it is migrated. Objects are strict: an unknown field (an
 * access token, a client secret, a password) is refused, so the schema itself is the guarantee
 * that no secret is ever stored with the records.
 *
 * config.json, version 2 (the last one, before the database):
 *   { "schemaVersion": 2,
 *     "settings": { only what the user changed; defaults are applied on read },
 *     "apps": { "<appId>": ProviderApp (with hasClientSecret, never the secret) },
 *     "connections": { "<connectionId>": ConnectionRecord (metadata only) },
 *     "histories": { "<connectionId>": HistoryEvent[] (oldest first, capped) },
 *     "customProviders": { "<providerId>": the definition as the user gave it } }
 */

export const CURRENT_SCHEMA_VERSION = 2;
export const DEFAULT_HISTORY_LIMIT = 500;

const id = z.string().min(1).max(200);
const timestamp = z.number().finite();

export const appErrorDataSchema = z.strictObject({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  detail: z.string().optional(),
  retryAfterSeconds: z.number().optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

/**
 * What the file keeps of the settings: only what the user set (the language otherwise follows the
 * OS). Numbers a previous version allowed beyond today's bounds are brought within them, not refused:
 * a stricter release must not set a user's settings file aside as corrupt.
 */
const clampedTo = (bounds: { min: number; max: number }) =>
  z.number().transform((value) => Math.min(bounds.max, Math.max(bounds.min, Math.round(value))));
export const storedSettingsSchema = settingsSchema
  .extend({
    refreshLeadSeconds: clampedTo(REFRESH_LEAD_SECONDS),
    refreshTokenWarningHours: clampedTo(REFRESH_TOKEN_WARNING_HOURS),
  })
  .partial();

export const providerAppSchema = z.strictObject({
  id,
  providerId: id,
  label: z.string(),
  clientId: z.string(),
  hasClientSecret: z.boolean(),
  redirectPort: z.number().int().min(1).max(65_535).optional(),
  redirectUri: z.string().optional(),
  params: z.record(z.string(), z.string()),
  suggestedScopes: z.array(z.string()).optional(),
  createdAt: z.string(),
});

export const connectionRecordSchema = z.strictObject({
  id,
  providerId: id,
  appId: id,
  label: z.string(),
  grant: z.enum(CONNECT_GRANTS),
  environment: z.enum(['production', 'sandbox']),
  requestedScopes: z.array(z.string()),
  /** Scopes typed by a person outside the vendor's catalogue (also in requestedScopes). */
  extraScopes: z.array(z.string()).optional(),
  grantedScopes: z.array(z.string()),
  scopesSource: z.enum(['response', 'request']),
  accessTokenExpiresAt: timestamp.optional(),
  refreshTokenExpiresAt: timestamp.optional(),
  hasRefreshToken: z.boolean(),
  apiBaseUrl: z.string().optional(),
  createdAt: timestamp,
  lastRefreshAt: timestamp.optional(),
  state: z.enum(['connected', 'needs_reauthorization', 'failed', 'disconnected']),
  stateReason: appErrorDataSchema.optional(),
  lastRefreshFailed: z.boolean(),
  params: z.record(z.string(), z.string()),
  keepsPassword: z.boolean(),
  /** Already redacted by the caller (src/main/security/redact.ts). */
  lastTokenResponse: z
    .strictObject({ at: timestamp, status: z.number().int(), body: z.record(z.string(), z.unknown()) })
    .optional(),
  origins: z
    .strictObject({
      token: z.string().max(300),
      revocation: z.string().max(300).optional(),
      api: z.string().max(300).optional(),
    })
    .optional(),
});

export const historyEventSchema = z.strictObject({
  at: z.string(),
  kind: z.enum(HISTORY_EVENT_KINDS),
  summary: z.string(),
  data: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()]))
    .optional(),
  error: appErrorDataSchema.optional(),
});

/** A custom provider definition as given: a JSON object; its fields are checked by the provider registry. */
export const customProviderSchema = z.record(z.string(), z.unknown());

/** Record keys must be the IDs of what they hold. */
function keyedBy<T extends z.ZodType<{ id: string }>>(item: T) {
  return z.record(id, item).superRefine((record, ctx) => {
    for (const [key, value] of Object.entries(record)) {
      if (value.id !== key)
        ctx.addIssue({ code: 'custom', path: [key, 'id'], message: 'does not match its key' });
    }
  });
}

export const storeFileSchema = z.strictObject({
  schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
  settings: storedSettingsSchema,
  apps: keyedBy(providerAppSchema),
  connections: keyedBy(connectionRecordSchema),
  histories: z.record(id, z.array(historyEventSchema)),
  customProviders: z.record(id, customProviderSchema),
});

export type StoreFile = z.infer<typeof storeFileSchema>;

export function emptyStoreFile(): StoreFile {
  return {
    schemaVersion: CURRENT_SCHEMA_VERSION,
    settings: {},
    apps: {},
    connections: {},
    histories: {},
    customProviders: {},
  };
}

/** Field paths of a zod error, never the values (which could be anything the file held). */
export function issuePaths(error: z.ZodError, limit = 8): string {
  const paths = new Set<string>();
  for (const issue of error.issues) {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
    for (const key of keys)
      paths.add([...issue.path.map(String), ...(key !== undefined ? [key] : [])].join('.') || '(root)');
  }
  const list = [...paths];
  return list.length > limit
    ? `${list.slice(0, limit).join(', ')} and ${list.length - limit} more`
    : list.join(', ');
}

// The schemas and the app's types must not drift apart.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameSettings: Same<z.infer<typeof settingsSchema>, Settings> = true;
const sameApp: Same<z.infer<typeof providerAppSchema>, ProviderApp> = true;
const sameConnection: Same<z.infer<typeof connectionRecordSchema>, ConnectionRecord> = true;
const sameEvent: Same<z.infer<typeof historyEventSchema>, HistoryEvent> = true;
void [sameSettings, sameApp, sameConnection, sameEvent];
