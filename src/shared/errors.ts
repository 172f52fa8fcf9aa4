/**
 * Errors as plain data. They cross IPC (Electron drops Error subclasses over invoke), go into
 * connection histories and reports, so they are values with a stable code, a message a shop
 * manager understands, and a technical detail for support. None of the three may hold a secret.
 */

export const ERROR_CODES = [
  // IPC boundary
  'UNTRUSTED_SENDER',
  'INVALID_INPUT',
  'UNKNOWN_CHANNEL',
  'INTERNAL',
  // OAuth protocol (RFC 6749 §4.1.2.1, §5.2 and the native-app flow of RFC 8252)
  'ACCESS_DENIED',
  'INVALID_GRANT',
  'INVALID_CLIENT',
  'INVALID_SCOPE',
  'INVALID_REQUEST',
  'UNAUTHORIZED_CLIENT',
  'UNSUPPORTED_GRANT_TYPE',
  'PROVIDER_ERROR',
  'STATE_MISMATCH',
  'ISSUER_MISMATCH',
  'AUTHORIZATION_TIMEOUT',
  'AUTHORIZATION_CANCELLED',
  'PORT_IN_USE',
  // Transport and response shape
  'NETWORK',
  'TIMEOUT',
  'RATE_LIMITED',
  'SERVER_ERROR',
  'NOT_JSON',
  'HTML_RESPONSE',
  'INVALID_TOKEN_RESPONSE',
  'RESPONSE_TOO_LARGE',
  'UNEXPECTED_REDIRECT',
  'INSECURE_URL',
  /** A request carrying a connection's secret aimed at an origin the connection was not bound to. */
  'ORIGIN_NOT_ALLOWED',
  // API side (RFC 6750)
  'INVALID_TOKEN',
  'INSUFFICIENT_SCOPE',
  // Storage
  'KEYCHAIN_UNAVAILABLE',
  'SECRET_NOT_FOUND',
  'VAULT_CORRUPT',
  'SETTINGS_CORRUPT',
  'DATABASE_CORRUPT',
  'MIGRATION_FAILED',
  'STORAGE_WRITE_FAILED',
  /** A stored record or endpoint override failed its integrity check (changed outside the app). */
  'RECORD_TAMPERED',
  /** The database is older than the vault generation kept in the keychain (a restored copy). */
  'VAULT_ROLLBACK',
  // Domain
  'NOT_FOUND',
  'INVALID_PROVIDER',
  'NEEDS_REAUTHORIZATION',
  'GRANT_NOT_SUPPORTED',
  'CONNECTION_BUSY',
  /** A renewal was asked of a connection that has no way to renew (no refresh token, no kept password). */
  'CANNOT_RENEW',
  /** A token answer echoes another value than the one asked for (PowerEPOS org_id). */
  'PARAM_MISMATCH',
  // Connection kits (.posconnect)
  /** The file is not a kit this version reads: syntax (with line and column), a field, the size. */
  'KIT_INVALID',
  /** The kit carries client secrets and no passphrase was given. */
  'KIT_PASSPHRASE_NEEDED',
  'KIT_PASSPHRASE_WRONG',
  /** The passphrase is right but the kit was changed after it was made. */
  'KIT_TAMPERED',
  /** A received support report that cannot be shown (size, JSON, format, version or a field). */
  'INVALID_REPORT',
  // Updates
  'UPDATE_FAILED',
  'UPDATE_NOT_READY',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppErrorData {
  code: ErrorCode;
  /** For people: what happened and what to do next. English; the renderer translates by code. */
  message: string;
  /** For support: protocol error, status, field; never a secret, never a stack trace. */
  detail?: string;
  /** Seconds the server asked us to wait (429 Retry-After). */
  retryAfterSeconds?: number;
  /** Values the translated message may interpolate (port number, field name, provider name). */
  params?: Record<string, string | number>;
}

/** The thrown form of AppErrorData, for code inside the main process. */
export class AppError extends Error implements AppErrorData {
  readonly code: ErrorCode;
  readonly detail?: string;
  readonly retryAfterSeconds?: number;
  readonly params?: Record<string, string | number>;

  constructor(data: AppErrorData, options?: { cause?: unknown }) {
    super(data.message, options);
    this.name = 'AppError';
    this.code = data.code;
    if (data.detail !== undefined) this.detail = data.detail;
    if (data.retryAfterSeconds !== undefined) this.retryAfterSeconds = data.retryAfterSeconds;
    if (data.params !== undefined) this.params = data.params;
  }

  toData(): AppErrorData {
    const data: AppErrorData = { code: this.code, message: this.message };
    if (this.detail !== undefined) data.detail = this.detail;
    if (this.retryAfterSeconds !== undefined) data.retryAfterSeconds = this.retryAfterSeconds;
    if (this.params !== undefined) data.params = this.params;
    return data;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** Whatever was thrown, as data fit for the renderer: unknown errors lose their message and stack. */
export function toErrorData(error: unknown): AppErrorData {
  if (isAppError(error)) return error.toData();
  return {
    code: 'INTERNAL',
    message:
      'Something went wrong inside POS Connect. Try again; if it keeps happening, export a report for support.',
    detail: error instanceof Error ? error.name : typeof error,
  };
}
