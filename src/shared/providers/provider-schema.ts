import { z } from 'zod';
import { SCOPE_TOKEN } from './scope-token';

/**
 * One schema for every OAuth 2.0 provider, built-in or described by a user: a sixth vendor is a
 * form (or a JSON file), not a release. Everything a vendor does differently is a field here, and
 * the engine reads these fields instead of branching on the provider's name.
 */

export const GRANT_TYPES = ['authorization_code', 'client_credentials', 'password', 'refresh_token'] as const;
export const grantTypeSchema = z.enum(GRANT_TYPES);
export type GrantType = z.infer<typeof grantTypeSchema>;

/** Grants a person starts a connection with (refresh_token only keeps one alive). */
export const CONNECT_GRANTS = ['authorization_code', 'client_credentials', 'password'] as const;
export type ConnectGrant = (typeof CONNECT_GRANTS)[number];

const isLoopbackHost = (host: string): boolean =>
  host === '127.0.0.1' || host === '[::1]' || host === 'localhost';

/**
 * What a definition's field can be told, by code. The English is here; the window shows other
 * languages from its catalogue (`providerProblems.<code>`), with these params.
 */
export const DEFINITION_PROBLEMS = {
  url_missing: 'Enter a URL.',
  url_not_https: 'Use an https:// URL (plain http is allowed only for 127.0.0.1 or localhost).',
  callback_path: 'Use a plain path such as /callback.',
  callback_dots: 'A callback path cannot contain "." or ".." segments.',
  scope_name_missing: 'A scope needs a name.',
  scope_name_invalid: 'A scope name cannot contain spaces or quotes (RFC 6749 §3.3).',
  param_name: 'Use lower-case letters, digits and _ for a parameter name.',
  test_call_path: 'A test call path starts with /.',
  host_pattern: 'Use a host name such as "vendor.example" or "*.vendor.example".',
  hosts_missing: 'Say which hosts the announced API address may be on.',
  provider_id: 'Use 2 to 41 lower-case letters, digits or dashes for the ID.',
  provider_name: 'Give the provider a name.',
  grants_missing: 'Choose at least one grant.',
  authorization_endpoint_missing: 'The authorization code grant needs an authorization endpoint.',
  authorization_code_missing: 'Say how the authorization code grant works (PKCE, redirect matching).',
  fixed_port_missing: 'A provider that matches redirect URIs exactly needs a fixed loopback port.',
  state_without_pkce:
    'A callback without state can only be accepted with PKCE, which binds the code to this sign-in. Require state or use PKCE.',
  scope_twice: 'The scope "{{scope}}" is listed twice.',
  access_level_unknown: 'The access level "{{level}}" is not listed in accessLevels.',
  too_large: 'The definition is {{size}} KiB; at most {{max}} KiB is accepted.',
  unknown_field: '"{{name}}" is not a field of a provider definition.',
  builtin_id: '"{{id}}" is a built-in provider. Choose another ID.',
} as const;
export type DefinitionProblemCode = keyof typeof DEFINITION_PROBLEMS | 'invalid';

const CODE_OF_MESSAGE = new Map<string, DefinitionProblemCode>(
  Object.entries(DEFINITION_PROBLEMS).map(([code, text]) => [text, code as DefinitionProblemCode]),
);

/** A problem with one field, for checks made outside the schema (a built-in provider's ID). */
export function definitionProblem(
  field: string,
  code: keyof typeof DEFINITION_PROBLEMS,
  params: Record<string, string | number>,
): FieldProblem {
  return { field, message: problemText(code, params), code, params };
}

function problemText(
  code: keyof typeof DEFINITION_PROBLEMS,
  params: Record<string, string | number>,
): string {
  return DEFINITION_PROBLEMS[code].replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name] ?? ''));
}

/**
 * An endpoint URL, possibly with {placeholders} filled from the provider app's parameters (Chimpy's
 * authorization service is tenant-specific). Only https, except loopback for the sandbox and tests.
 */
export const endpointUrlSchema = z
  .string({ error: DEFINITION_PROBLEMS.url_missing })
  .trim()
  .min(1, DEFINITION_PROBLEMS.url_missing)
  .refine((value) => {
    // A placeholder at the start stands for a whole base URL (Chimpy's tenant URIs).
    const probe = value
      .replace(/^\{[a-z_]+\}/, 'https://placeholder.example')
      .replace(/\{[a-z_]+\}/g, 'placeholder');
    try {
      const url = new URL(probe);
      return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
    } catch {
      return false;
    }
  }, DEFINITION_PROBLEMS.url_not_https);

export { SCOPE_TOKEN };

/**
 * The loopback callback path: already normalised (no "." or ".." segment, no empty segment, no
 * escapes, query or fragment), so the listener compares it with what the browser sends as is.
 */
export const callbackPathSchema = z
  .string()
  .max(200)
  .regex(/^(\/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)+$|^\/$/, DEFINITION_PROBLEMS.callback_path)
  .refine(
    (path) => !path.split('/').some((segment) => segment === '.' || segment === '..'),
    DEFINITION_PROBLEMS.callback_dots,
  );

/** A definition larger than this (as JSON) is refused: definitions are read at every start. */
export const MAX_DEFINITION_BYTES = 64 * 1024;

export const scopeSchema = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, DEFINITION_PROBLEMS.scope_name_missing)
    .regex(SCOPE_TOKEN, DEFINITION_PROBLEMS.scope_name_invalid),
  description: z.string().default(''),
  /** Granted (or pre-selected) when the user asks for nothing in particular. */
  default: z.boolean().default(false),
  /**
   * The vendor must approve the client before it may ask for this scope. Read by the engine: a
   * refused request (invalid_scope) that asked for one names it as the likely cause.
   */
  needsApproval: z.boolean().default(false),
  /** Grants that may ask for it; absent means every grant (within its access level's grants). */
  grants: z.array(grantTypeSchema).optional(),
  /** The vendor's access level for it (SumUp's "merchant" / "feature"); see accessLevels. */
  accessLevel: z
    .string()
    .regex(/^[a-z][a-z0-9_-]*$/)
    .optional(),
  /** Always sent (PowerEPOS "des"); the user cannot deselect it. */
  required: z.boolean().default(false),
  /** Where the vendor's own documents disagree about this scope, and what was chosen. */
  sourceConflict: z.string().optional(),
});
export type ScopeDefinition = z.infer<typeof scopeSchema>;

/**
 * A parameter beyond RFC 6749's own that a vendor wants in the token request (audience, org_id),
 * or that fills an endpoint placeholder. `level` says where the value is entered: once per provider
 * app (shared by its connections) or per connection.
 */
export const extraParamSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, DEFINITION_PROBLEMS.param_name),
  label: z.string().min(1),
  help: z.string().default(''),
  level: z.enum(['app', 'connection']),
  required: z.boolean().default(true),
  /** Grants whose token requests carry it; absent means it only fills URL placeholders. */
  sendWith: z.array(grantTypeSchema).optional(),
  /** A URL that is entered by the user (Chimpy's tenant URIs): validated as an endpoint. */
  isUrl: z.boolean().default(false),
});
export type ExtraParam = z.infer<typeof extraParamSchema>;

export const testCallSchema = z.strictObject({
  id: z.string().min(1),
  label: z.string().min(1),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
  /** Relative to the connection's API base URL. */
  path: z.string().startsWith('/', DEFINITION_PROBLEMS.test_call_path),
  scope: z.string().optional(),
  source: z.string().default(''),
});
export type TestCall = z.infer<typeof testCallSchema>;

export const apiBaseSchema = z.discriminatedUnion('from', [
  z.strictObject({ from: z.literal('fixed'), url: endpointUrlSchema }),
  /** Entered by the user; the URL may use the provider app's {placeholders}. */
  z.strictObject({ from: z.literal('configured'), url: endpointUrlSchema }),
  /**
   * Announced by each token (PowerEPOS): a JWT claim first, then a token-response field. The
   * announced URL must be https on one of `allowedHosts` ("vendor.example" exactly,
   * "*.vendor.example" any subdomain) before it receives a bearer token.
   */
  z.strictObject({
    from: z.literal('token'),
    claim: z.string().min(1),
    responseField: z.string().min(1).optional(),
    allowedHosts: z
      .array(
        z
          .string()
          .regex(
            /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
            DEFINITION_PROBLEMS.host_pattern,
          ),
      )
      .min(1, DEFINITION_PROBLEMS.hosts_missing),
  }),
]);
export type ApiBase = z.infer<typeof apiBaseSchema>;

export const providerDefinitionSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,40}$/, DEFINITION_PROBLEMS.provider_id),
    name: z.string().trim().min(1, DEFINITION_PROBLEMS.provider_name),
    builtin: z.boolean().default(false),
    /** Where each fact came from, and what was assumed where the vendor page is silent. */
    sources: z.array(z.string()).default([]),
    assumptions: z.array(z.string()).default([]),
    endpoints: z.strictObject({
      authorization: endpointUrlSchema.optional(),
      token: endpointUrlSchema,
      revocation: endpointUrlSchema.optional(),
    }),
    /** RFC 9207: when set, authorization responses must carry this iss. */
    issuer: z.string().optional(),
    grants: z.array(grantTypeSchema).min(1, DEFINITION_PROBLEMS.grants_missing),
    tokenRequest: z.strictObject({
      /** How the token request's parameters travel. */
      encoding: z.enum(['form', 'query', 'json', 'multipart']),
      /** How the client authenticates at the token endpoint (RFC 6749 §2.3.1). */
      clientAuth: z.enum(['client_secret_post', 'client_secret_basic', 'none']),
      /** Whether the scope parameter is sent on refresh (most vendors keep the granted scope). */
      scopeOnRefresh: z.boolean().default(false),
    }),
    extraParams: z.array(extraParamSchema).default([]),
    /**
     * Parameters the vendor echoes in its token answers (PowerEPOS org_id): a value that differs
     * from the one asked for means a token for something else, which is refused and not stored.
     */
    echoedParams: z
      .array(
        z.strictObject({
          param: z.string().regex(/^[a-z][a-z0-9_]*$/),
          responseField: z.string().min(1).optional(),
          claim: z.string().min(1).optional(),
        }),
      )
      .default([]),
    authorizationCode: z
      .strictObject({
        pkce: z.enum(['required', 'supported', 'unsupported']),
        /**
         * state is always sent. false: the vendor may not echo it, so a callback without state is
         * accepted for the one pending request, only because PKCE binds the code to it (a warning
         * goes to the history). Refused by validation without PKCE.
         */
        stateRequired: z.boolean().default(true),
        /**
         * exact: the redirect URI must equal the registered one, so the loopback port is fixed;
         * prefix: the registered URI must be a prefix (still a fixed port);
         * any-loopback-port: RFC 8252 §7.3, an ephemeral port.
         */
        redirectMatch: z.enum(['exact', 'prefix', 'any-loopback-port']),
        defaultPort: z.number().int().min(1024).max(65535).optional(),
        callbackPath: callbackPathSchema.default('/callback'),
        /** Extra authorization-request parameters (fixed values). */
        extraAuthorizationParams: z.record(z.string(), z.string()).default({}),
      })
      .optional(),
    scopes: z.array(scopeSchema).default([]),
    /**
     * Access levels of the vendor's scope table and the grants that may ask for each (SumUp:
     * client credentials have no merchant user, so no "merchant" scope).
     */
    accessLevels: z.record(z.string(), z.array(grantTypeSchema)).default({}),
    /**
     * Scope that makes the server issue a refresh token (offline_access): sent automatically when
     * it is not in the catalogue; when it is, only when chosen (the person may not want one).
     */
    refreshScope: z.string().optional(),
    lifetimes: z.strictObject({
      accessTokenSeconds: z.number().int().positive().nullable(),
      refreshTokenSeconds: z.number().int().positive().nullable(),
    }),
    /**
     * A refresh answer may carry a new refresh token, which replaces the old one; without one the
     * old one is kept (RFC 6749 §6) — unless it is single-use: then it is spent, dropped, and the
     * history says the connection will need signing in again when the access token expires.
     */
    refreshToken: z.strictObject({
      singleUse: z.boolean(),
      /** Where the lifetime is a window that each use renews (Taptouch): keep it alive. */
      slidingWindow: z.boolean().default(false),
      /** Grants whose responses carry no refresh token (SumUp client_credentials). */
      notIssuedFor: z.array(grantTypeSchema).default([]),
    }),
    apiBase: apiBaseSchema,
    /**
     * How the vendor's error answers look besides RFC 6749 §5.2 / RFC 6750: 'status-ack' is
     * Taptouch's {"status":{"ack":false,"errors":[...]}} envelope.
     */
    errorEnvelope: z.enum(['oauth', 'status-ack']).default('oauth'),
    testCalls: z.array(testCallSchema).default([]),
    /** The vendor page's client-credentials download format, if any ("sumup"). */
    credentialsImport: z.enum(['sumup']).optional(),
  })
  .superRefine((def, ctx) => {
    if (def.grants.includes('authorization_code')) {
      if (!def.endpoints.authorization) {
        ctx.addIssue({
          code: 'custom',
          path: ['endpoints', 'authorization'],
          message: DEFINITION_PROBLEMS.authorization_endpoint_missing,
        });
      }
      if (!def.authorizationCode) {
        ctx.addIssue({
          code: 'custom',
          path: ['authorizationCode'],
          message: DEFINITION_PROBLEMS.authorization_code_missing,
        });
      } else if (
        def.authorizationCode.redirectMatch !== 'any-loopback-port' &&
        def.authorizationCode.defaultPort === undefined
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['authorizationCode', 'defaultPort'],
          message: DEFINITION_PROBLEMS.fixed_port_missing,
        });
      }
    }
    if (
      def.authorizationCode &&
      !def.authorizationCode.stateRequired &&
      def.authorizationCode.pkce === 'unsupported'
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['authorizationCode', 'stateRequired'],
        message: DEFINITION_PROBLEMS.state_without_pkce,
      });
    }
    const names = new Set<string>();
    def.scopes.forEach((scope, index) => {
      if (names.has(scope.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['scopes', index, 'name'],
          message: problemText('scope_twice', { scope: scope.name }),
          params: { problem: 'scope_twice', scope: scope.name },
        });
      }
      names.add(scope.name);
      if (scope.accessLevel !== undefined && !(scope.accessLevel in def.accessLevels)) {
        ctx.addIssue({
          code: 'custom',
          path: ['scopes', index, 'accessLevel'],
          message: problemText('access_level_unknown', { level: scope.accessLevel }),
          params: { problem: 'access_level_unknown', level: scope.accessLevel },
        });
      }
    });
  });

export type ProviderDefinition = z.infer<typeof providerDefinitionSchema>;
export type ProviderDefinitionInput = z.input<typeof providerDefinitionSchema>;

export interface FieldProblem {
  /** Dotted path of the field, e.g. "endpoints.token" or "scopes.2.name". */
  field: string;
  /** English, for logs and as the window's fallback. */
  message: string;
  /** What the window translates (providerProblems.<code>); 'invalid' for zod's own checks. */
  code: DefinitionProblemCode;
  params?: Record<string, string | number>;
}

/** Validate a definition; one message per field, in words a person can act on. */
export function validateProviderDefinition(
  input: unknown,
): { ok: true; value: ProviderDefinition } | { ok: false; problems: FieldProblem[] } {
  const size = jsonSize(input);
  if (size > MAX_DEFINITION_BYTES) {
    const params = { size: Math.ceil(size / 1024), max: MAX_DEFINITION_BYTES / 1024 };
    return {
      ok: false,
      problems: [
        {
          field: '(definition)',
          message: problemText('too_large', params),
          code: 'too_large',
          params,
        },
      ],
    };
  }
  const parsed = providerDefinitionSchema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const problems = new Map<string, FieldProblem>();
  for (const issue of parsed.error.issues) {
    const path = issue.path.map(String);
    // An unknown field (a pasted client_secret) is named, never echoed with its value.
    const fields = issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...path, key]) : [path];
    for (const parts of fields) {
      const field = parts.join('.') || '(definition)';
      if (problems.has(field)) continue;
      if (issue.code === 'unrecognized_keys') {
        const params = { name: String(parts.at(-1)) };
        problems.set(field, {
          field,
          message: problemText('unknown_field', params),
          code: 'unknown_field',
          params,
        });
        continue;
      }
      const custom =
        issue.code === 'custom' ? (issue.params as Record<string, string> | undefined) : undefined;
      const code =
        (custom?.problem as DefinitionProblemCode | undefined) ??
        CODE_OF_MESSAGE.get(issue.message) ??
        'invalid';
      const { problem: _problem, ...params } = custom ?? {};
      problems.set(field, {
        field,
        message: issue.message,
        code,
        ...(Object.keys(params).length > 0 ? { params } : {}),
      });
    }
  }
  return { ok: false, problems: [...problems.values()] };
}

/** Size of a value as JSON, in UTF-16 units (close enough to bytes for a cap); refuses cycles. */
function jsonSize(input: unknown): number {
  try {
    return JSON.stringify(input)?.length ?? 0;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
