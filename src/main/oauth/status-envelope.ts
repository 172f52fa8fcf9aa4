import type { AppError } from '../../shared/errors';
import { oauthError } from './errors';

/**
 * Taptouch's error envelope, as on its public API pages: {"status":{"ack":false,"errors":[...]}}
 * (a provider's `errorEnvelope: 'status-ack'`). Its error codes are not documented, so an error is
 * recognised by words in its code or message (an assumption stated in the Taptouch definition):
 * - a revoked authorization, or an expired / invalid token at the token endpoint → sign in again
 *   (INVALID_GRANT at the token endpoint, NEEDS_REAUTHORIZATION on the API);
 * - an expired / invalid access token on the API → INVALID_TOKEN: renew once and retry, as RFC 6750;
 * - a scope problem → INVALID_SCOPE / INSUFFICIENT_SCOPE; a client problem → INVALID_CLIENT.
 */

export interface StatusEnvelope {
  ack: boolean;
  errors: { code?: string; message?: string }[];
}

/** The envelope of a parsed JSON body, if it has one. */
export function readStatusEnvelope(body: unknown): StatusEnvelope | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const status = (body as { status?: unknown }).status;
  if (status === null || typeof status !== 'object') return undefined;
  const { ack, errors } = status as { ack?: unknown; errors?: unknown };
  if (typeof ack !== 'boolean') return undefined;
  const list = Array.isArray(errors) ? errors : errors === undefined ? [] : [errors];
  return {
    ack,
    errors: list.map((item) => {
      if (typeof item === 'string') return { message: item };
      if (item === null || typeof item !== 'object') return { message: String(item) };
      const { code, message } = item as { code?: unknown; message?: unknown };
      return {
        ...(code !== undefined ? { code: String(code) } : {}),
        ...(typeof message === 'string' ? { message } : {}),
      };
    }),
  };
}

const REVOKED = /revoked|invalid[_ ]grant/i;
const TOKEN = /expired|invalid[_ ]token|unauthori[sz]ed|unauthenticated/i;
const SCOPE = /scope|permission|forbidden/i;
const CLIENT = /invalid[_ ]client|client[_ ](id|secret)/i;

/** What a failed envelope means; undefined when it says ack: true. */
export function envelopeError(
  envelope: StatusEnvelope,
  context: { status: number; where: string; side: 'token' | 'api'; secrets?: Iterable<string | undefined> },
): AppError | undefined {
  if (envelope.ack) return undefined;
  const text = envelope.errors.map((e) => [e.code, e.message].filter(Boolean).join(': ')).join('; ');
  const detail = `${context.where}: HTTP ${context.status}, status.ack=false; errors: ${text.slice(0, 500) || '(none)'}`;
  const extra = context.secrets ? { secrets: context.secrets } : {};
  if (context.side === 'token') {
    if (REVOKED.test(text) || TOKEN.test(text)) return oauthError('INVALID_GRANT', detail, extra);
    if (CLIENT.test(text)) return oauthError('INVALID_CLIENT', detail, extra);
    if (SCOPE.test(text)) return oauthError('INVALID_SCOPE', detail, extra);
    return oauthError('PROVIDER_ERROR', detail, extra);
  }
  if (REVOKED.test(text)) return oauthError('NEEDS_REAUTHORIZATION', detail, extra);
  if (TOKEN.test(text)) return oauthError('INVALID_TOKEN', detail, extra);
  if (SCOPE.test(text)) return oauthError('INSUFFICIENT_SCOPE', detail, extra);
  return oauthError('PROVIDER_ERROR', detail, extra);
}
