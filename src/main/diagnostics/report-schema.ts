import { z } from 'zod';
import { ERROR_CODES, type AppErrorData } from '../../shared/errors';
import {
  CONNECTION_STATES,
  HISTORY_EVENT_KINDS,
  type ConnectionDetail,
  type HealthReport,
  type HistoryEvent,
  type TokenPreview,
} from '../../shared/models';
import { CONNECT_GRANTS } from '../../shared/providers/provider-schema';
import { REPORT_FORMAT, REPORT_VERSION, type SupportReport } from '../../shared/report';

/**
 * A received report, checked before the window shows any of it: the shape the viewer relies on,
 * with a bound on every string and list. Fields this version does not know are dropped, not kept.
 * Each part is checked against the shared type at compile time (`satisfies`), so the file the app
 * writes and the file it reads cannot drift apart.
 */

const text = (max = 2000) => z.string().max(max);
const iso = text(64);
const scalar = z.union([text(4000), z.number(), z.boolean(), z.null()]);
const json: z.ZodType<unknown> = z.unknown();

const errorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: text(2000),
  detail: text(4000).optional(),
  retryAfterSeconds: z.number().optional(),
  params: z.record(text(64), z.union([text(2000), z.number()])).optional(),
}) satisfies z.ZodType<AppErrorData>;

const historySchema = z.object({
  at: iso,
  kind: z.enum(HISTORY_EVENT_KINDS),
  summary: text(4000),
  data: z.record(text(100), z.union([scalar, z.array(text(2000)).max(200)])).optional(),
  error: errorSchema.optional(),
}) satisfies z.ZodType<HistoryEvent>;

const previewSchema = z.object({
  masked: text(200),
  ends: text(20).optional(),
  length: z.number().int().nonnegative().optional(),
  expiresAt: iso.optional(),
  jwt: z.object({ header: z.record(text(200), json), claims: z.record(text(200), json) }).optional(),
}) satisfies z.ZodType<TokenPreview>;

const scopes = z.array(text(200)).max(500);

const detailSchema = z.object({
  id: text(100),
  providerId: text(200),
  providerName: text(200),
  appId: text(200),
  label: text(200),
  grant: z.enum(CONNECT_GRANTS),
  environment: z.enum(['production', 'sandbox']),
  state: z.enum(CONNECTION_STATES),
  stateReason: errorSchema.optional(),
  accessTokenExpiresAt: iso.optional(),
  refreshTokenExpiresAt: iso.optional(),
  hasRefreshToken: z.boolean(),
  requestedScopes: scopes,
  extraScopes: scopes,
  grantedScopes: scopes,
  scopesSource: z.enum(['response', 'request']),
  apiBaseUrl: text(2000).optional(),
  createdAt: iso,
  lastRefreshAt: iso.optional(),
  attention: z
    .array(
      z.object({
        kind: z.enum([
          'needs_reauthorization',
          'refresh_token_expiring',
          'refresh_failed',
          'access_token_expired',
        ]),
        at: iso.optional(),
      }),
    )
    .max(20),
  accessToken: previewSchema.optional(),
  refreshToken: previewSchema.optional(),
  params: z.record(text(64), text(2000)),
  keepsPassword: z.boolean(),
  renewal: z.enum(['refresh_token', 'credentials', 'kept_password', 'none']),
  history: z.array(historySchema).max(1000),
  lastTokenResponse: z
    .object({ at: iso, status: z.number().int(), body: z.record(text(200), json) })
    .optional(),
}) satisfies z.ZodType<ConnectionDetail>;

const healthSchema = z.object({
  connectionId: text(100),
  at: iso,
  items: z
    .array(
      z.object({
        id: z.enum(['token_endpoint', 'clock_skew', 'token_valid', 'refresh_token', 'scopes']),
        status: z.enum(['pass', 'warn', 'fail', 'skipped']),
        summary: text(4000),
        reason: text(100),
        params: z.record(text(100), z.union([text(2000), z.number()])).optional(),
        data: z.record(text(100), scalar).optional(),
      }),
    )
    .max(20),
  presets: z
    .array(
      z.object({ id: text(200), label: text(200), scope: text(200).optional(), sufficient: z.boolean() }),
    )
    .max(100),
}) satisfies z.ZodType<HealthReport>;

export const supportReportSchema = z.object({
  format: z.literal(REPORT_FORMAT),
  version: z.literal(REPORT_VERSION),
  generatedAt: iso,
  scope: z.enum(['connection', 'all']),
  app: z.object({
    name: text(100),
    version: text(100),
    environment: z.enum(['production', 'sandbox']),
    databaseSchemaVersion: z.number().int(),
    language: text(20),
  }),
  system: z.object({
    machine: text(255),
    os: text(100),
    platform: text(100),
    release: text(200),
    arch: text(50),
    locale: text(100),
    timeZone: text(100),
    utcOffsetMinutes: z.number().int(),
  }),
  clockSkew: z.union([
    z.object({ skewMs: z.number(), source: text(500), host: text(255), measuredAt: iso }),
    z.object({ skewMs: z.null(), reason: text(1000) }),
  ]),
  connections: z
    .array(
      z.object({
        detail: detailSchema,
        provider: z.object({
          id: text(200),
          name: text(200),
          builtin: z.boolean(),
          endpoints: z.record(text(50), text(2000).optional()).optional(),
        }),
        providerApp: z
          .object({
            label: text(200),
            clientId: text(500),
            hasClientSecret: z.boolean(),
            redirectUri: text(2000).nullable(),
            params: z.record(text(64), text(2000)),
          })
          .nullable(),
        healthCheck: healthSchema.nullable(),
      }),
    )
    .max(5000),
  attempts: z
    .array(
      z.object({
        at: iso,
        startedAt: iso.optional(),
        providerId: text(200),
        providerName: text(200).optional(),
        appId: text(200).optional(),
        grant: z.enum(CONNECT_GRANTS),
        moment: z.enum(['first_connect', 'reconnect']),
        connectionId: text(200).optional(),
        host: text(255).optional(),
        error: errorSchema,
      }),
    )
    .max(1000),
  settings: z.object({
    refreshLeadSeconds: z.number(),
    refreshTokenWarningHours: z.number(),
    overriddenProviders: z.array(text(200)).max(200),
  }),
  redaction: text(1000),
}) satisfies z.ZodType<SupportReport>;
