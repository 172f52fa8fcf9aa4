import type { ServerResponse } from 'node:http';
import { sendJson } from './respond';

/**
 * Errors a route throws; the server turns each into the response its RFC prescribes, so handlers
 * read as a list of checks instead of nested response writing.
 */

/** RFC 6749 §5.2 token endpoint error codes (plus RFC 6749 §4.1.2.1 codes for the redirect). */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'access_denied'
  | 'unsupported_response_type'
  | 'server_error'
  | 'temporarily_unavailable';

/** A token (or revocation) endpoint error: JSON body {error, error_description}. */
export class OAuthError extends Error {
  override readonly name = 'OAuthError';
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    /** Set when the client authenticated with HTTP Basic: RFC 6749 §5.2 then requires 401. */
    readonly basicRealm?: string,
  ) {
    super(`${error}: ${description}`);
  }

  write(res: ServerResponse): void {
    const body = { error: this.error, error_description: this.description };
    if (this.error === 'invalid_client' && this.basicRealm !== undefined) {
      sendJson(res, 401, body, { 'www-authenticate': `Basic realm="${this.basicRealm}", charset="UTF-8"` });
    } else {
      sendJson(res, 400, body);
    }
  }
}

/** A protected-resource error with the RFC 6750 §3 WWW-Authenticate challenge. */
export class BearerError extends Error {
  override readonly name = 'BearerError';
  constructor(
    readonly realm: string,
    readonly error: 'invalid_request' | 'invalid_token' | 'insufficient_scope' | undefined,
    readonly description: string,
    readonly scope?: string,
  ) {
    super(`${error ?? 'no_token'}: ${description}`);
  }

  get status(): number {
    if (this.error === 'invalid_request') return 400;
    if (this.error === 'insufficient_scope') return 403;
    return 401;
  }

  write(res: ServerResponse): void {
    const params = [`realm="${this.realm}"`];
    // RFC 6750 §3.1: a request without any token gets a challenge without an error code.
    if (this.error !== undefined) {
      params.push(`error="${this.error}"`, `error_description="${this.description.replaceAll('"', "'")}"`);
    }
    if (this.scope !== undefined) params.push(`scope="${this.scope}"`);
    sendJson(
      res,
      this.status,
      { error: this.error ?? 'invalid_token', error_description: this.description },
      { 'www-authenticate': `Bearer ${params.join(', ')}` },
    );
  }
}

/**
 * An authorization request so broken that redirecting would be unsafe (unknown client, unregistered
 * redirect URI): RFC 6749 §4.1.2.1 says to tell the person, never redirect.
 */
export class AuthorizationPageError extends Error {
  override readonly name = 'AuthorizationPageError';
  constructor(
    readonly title: string,
    readonly detail: string,
  ) {
    super(`${title}: ${detail}`);
  }
}

/** A request the sandbox itself refuses before any vendor logic (too large, not found). */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(`${status} ${error}: ${description}`);
  }

  write(res: ServerResponse): void {
    sendJson(res, this.status, { error: this.error, error_description: this.description });
  }
}
