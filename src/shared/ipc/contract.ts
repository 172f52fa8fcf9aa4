import { z } from 'zod';
import type {
  AppInfo,
  CheckAllResult,
  ConnectionChanges,
  ConnectionDetail,
  ConnectionSummary,
  ConnectProgress,
  CustomProviderProblem,
  ExportedReport,
  HealthReport,
  ProviderApp,
  ProviderSummary,
  Settings,
  TestCallResult,
  UpdateStatus,
} from '../models';
import { REPORT_MAX_BYTES, type OpenedReport } from '../report';
import { settingsPatchSchema } from '../settings';
import {
  SCOPE_TOKEN,
  type FieldProblem,
  type ProviderDefinition,
  type ProviderDefinitionInput,
} from '../providers/provider-schema';
import { MAX_KIT_BYTES, type KitImportResult, type KitPreview } from '../kits/kit-types';

/**
 * The one IPC contract: every channel's input schema (checked at runtime in main, whoever calls)
 * and its output type. Main registers handlers for exactly these channels, the preload exposes one
 * function per channel, and the test bridge carries the same map over loopback HTTP.
 */

const id = z.string().min(1).max(100);
const shortText = z.string().max(200);
const paramsRecord = z.record(z.string().max(64), z.string().max(2000));
const none = z.undefined();

export const contract = {
  'app:info': { input: none },
  'providers:list': { input: none },
  /** Custom definitions that failed validation at load, with one message per field. */
  'providers:problems': { input: none },
  'providers:saveCustom': { input: z.object({ definition: z.unknown() }).strict() },
  'providers:deleteCustom': { input: z.object({ providerId: id }).strict() },
  /** Reads an OpenID Connect / RFC 8414 discovery document and drafts a definition from it. */
  'providers:discover': { input: z.object({ url: z.string().url().max(2000) }).strict() },

  'apps:list': { input: none },
  'apps:save': {
    input: z
      .object({
        id: id.optional(),
        providerId: id,
        label: shortText.min(1),
        clientId: z.string().min(1).max(500),
        clientSecret: z.string().max(4000).optional(),
        redirectPort: z.number().int().min(1024).max(65535).optional(),
        params: paramsRecord,
      })
      .strict(),
  },
  'apps:delete': { input: z.object({ appId: id }).strict() },
  /** SumUp's downloadable client-credentials JSON, as the file's text. */
  'apps:importSumupCredentials': {
    input: z.object({ json: z.string().max(20000), label: shortText.optional() }).strict(),
  },

  'connections:list': { input: none },
  'connections:get': { input: z.object({ connectionId: id }).strict() },
  'connections:connect': {
    input: z
      .object({
        attemptId: id,
        appId: id,
        grant: z.enum(['authorization_code', 'client_credentials', 'password']),
        label: shortText,
        scopes: z.array(z.string().min(1).max(200)).max(100),
        /** Typed by a person; RFC 6749 §3.3 scope-tokens only. */
        extraScopes: z
          .array(z.string().max(200).regex(SCOPE_TOKEN, 'Not an RFC 6749 scope token.'))
          .max(50)
          .optional(),
        params: paramsRecord,
        username: z.string().max(500).optional(),
        password: z.string().max(4000).optional(),
        keepPassword: z.boolean().optional(),
        reconnectId: id.optional(),
      })
      .strict(),
  },
  'connections:cancelConnect': { input: z.object({ attemptId: id }).strict() },
  /**
   * Opens the running attempt's sign-in page again, or copies its address, from the main process:
   * the address carries the state value, which never goes to the renderer.
   */
  'connections:signInPage': { input: z.object({ attemptId: id, action: z.enum(['open', 'copy']) }).strict() },
  'connections:refresh': { input: z.object({ connectionId: id }).strict() },
  'connections:rename': { input: z.object({ connectionId: id, label: shortText.min(1) }).strict() },
  'connections:disconnect': { input: z.object({ connectionId: id }).strict() },
  /** The main process writes the access token to the clipboard; the renderer never sees it. */
  'connections:copyAccessToken': { input: z.object({ connectionId: id }).strict() },
  'connections:testCall': {
    input: z
      .object({
        connectionId: id,
        method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
        path: z.string().startsWith('/').max(2000),
        headers: z.record(z.string().max(200), z.string().max(8000)),
        body: z.string().max(1_000_000).optional(),
        presetId: id.optional(),
      })
      .strict(),
  },

  /** Asks every vendor whether it still accepts each connection (bounded in concurrency and rate). */
  'connections:checkAll': { input: none },

  'diagnostics:healthCheck': { input: z.object({ connectionId: id }).strict() },
  /** A secret-free report of one connection, or of all of them with the failed connect attempts. */
  'diagnostics:exportReport': {
    input: z.union([z.object({ connectionId: id }).strict(), z.object({ all: z.literal(true) }).strict()]),
  },
  /** A report received from someone else, as the file's text: validated here, shown read-only. */
  'diagnostics:openReport': {
    input: z.object({ fileName: z.string().max(1000), text: z.string().max(REPORT_MAX_BYTES) }).strict(),
  },

  'settings:get': { input: none },
  'settings:update': { input: settingsPatchSchema },
  /** Copies non-secret text (a redirect URI, a curl command) through the main process. */
  'clipboard:writeText': { input: z.object({ text: z.string().max(100_000) }).strict() },

  /**
   * Connection kits. The renderer sends a kit's text (drag and drop, its file picker) and gets a
   * preview without secrets; it imports by kit ID with the passphrase, which goes one way only.
   */
  'kits:preview': {
    // Characters, not bytes: main measures the bytes and names the limit in its refusal.
    input: z
      .object({ text: z.string().max(4 * MAX_KIT_BYTES), fileName: z.string().max(260).optional() })
      .strict(),
  },
  'kits:import': {
    input: z
      .object({ kitId: z.string().regex(/^[0-9a-f]{64}$/), passphrase: z.string().max(1000).optional() })
      .strict(),
  },
  /** Kits opened from outside the window (File > Open, the OS, the machine-wide folder), not yet imported. */
  'kits:opened': { input: none },
  'kits:dismiss': { input: z.object({ kitId: z.string().regex(/^[0-9a-f]{64}$/) }).strict() },
  'kits:export': {
    input: z
      .object({
        appIds: z.array(id).max(100),
        customProviderIds: z.array(id).max(50),
        createdBy: shortText.optional(),
        note: z.string().max(2000).optional(),
        scopes: z.record(id, z.array(z.string().min(1).max(200)).max(100)).optional(),
        /** Only when the technician ticked "include secrets". */
        passphrase: z.string().min(8).max(1000).optional(),
      })
      .strict(),
  },

  /** The app's own updates: off (no feed in this build, or a development run), checking, ready... */
  'updates:status': { input: none },
  /** Quits and installs a downloaded, verified update; refused unless one is ready. */
  'updates:restart': { input: none },
} as const;

export type Channel = keyof typeof contract;

/** Output type of each channel. */
export interface ChannelOutputs {
  'app:info': AppInfo;
  'providers:list': ProviderSummary[];
  'providers:problems': CustomProviderProblem[];
  'providers:saveCustom':
    { saved: true; provider: ProviderDefinition } | { saved: false; problems: FieldProblem[] };
  'providers:deleteCustom': { deleted: true };
  'providers:discover': { draft: ProviderDefinitionInput };
  'apps:list': ProviderApp[];
  'apps:save': ProviderApp;
  'apps:delete': { deleted: true };
  'apps:importSumupCredentials': ProviderApp;
  'connections:list': ConnectionSummary[];
  'connections:get': ConnectionDetail;
  'connections:connect': ConnectionDetail;
  'connections:cancelConnect': { cancelled: boolean };
  'connections:signInPage': { done: boolean };
  'connections:refresh': ConnectionDetail;
  'connections:rename': ConnectionDetail;
  'connections:disconnect': { disconnected: true; revoked: boolean; secretsDeleted: boolean };
  'connections:copyAccessToken': { copied: true; expiresAt?: string };
  'connections:testCall': TestCallResult;
  'connections:checkAll': CheckAllResult;
  'diagnostics:healthCheck': HealthReport;
  'diagnostics:exportReport': ExportedReport;
  'diagnostics:openReport': OpenedReport;
  'settings:get': Settings;
  'settings:update': Settings;
  'clipboard:writeText': { copied: true };
  'kits:preview': KitPreview;
  'kits:import': KitImportResult;
  'kits:opened': KitPreview[];
  'kits:dismiss': { dismissed: true };
  'kits:export': { fileName: string; content: string };
  'updates:status': UpdateStatus;
  'updates:restart': { restarting: true };
}

export type ChannelInput<C extends Channel> = z.infer<(typeof contract)[C]['input']>;
export type ChannelOutput<C extends Channel> = ChannelOutputs[C];

/** Events main pushes to the renderer. */
export interface EventPayloads {
  'connections:changed': ConnectionChanges;
  'connect:progress': ConnectProgress;
  'settings:changed': Settings;
  'updates:changed': UpdateStatus;
  /** A kit was opened from outside the window: show its preview. */
  'kits:opened': KitPreview;
}
export type EventName = keyof EventPayloads;
