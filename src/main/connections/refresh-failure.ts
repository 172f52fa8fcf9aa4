import type { AppErrorData, ErrorCode } from '../../shared/errors';
import type { HistoryEvent } from '../../shared/models';
import type { ConnectionRecord } from '../ports';

/**
 * What a failed renewal means for a connection, decided in one pure place:
 * - the vendor no longer accepts the grant (invalid_grant, missing secrets): needs reconnecting,
 *   never retried (a single-use refresh token sent again can revoke the whole chain);
 * - the failure may pass (network, 5xx, 429, a busy keychain, a vault write): the state is kept,
 *   the scheduler tries again with backoff;
 * - anything else (invalid_client, invalid_scope, a misconfigured provider) needs a person: the
 *   connection is marked failed and not retried until someone acts.
 */

export type RefreshFailureOutcome = 'needs_reauthorization' | 'retry' | 'failed';

const REAUTHORIZE: ReadonlySet<ErrorCode> = new Set([
  'INVALID_GRANT',
  'NEEDS_REAUTHORIZATION',
  'SECRET_NOT_FOUND',
  // An endpoint now elsewhere than where the connection was authorized: only a reconnect moves it.
  'ORIGIN_NOT_ALLOWED',
]);

const TRANSIENT: ReadonlySet<ErrorCode> = new Set([
  'NETWORK',
  'TIMEOUT',
  'RATE_LIMITED',
  'SERVER_ERROR',
  'HTML_RESPONSE',
  'NOT_JSON',
  'RESPONSE_TOO_LARGE',
  'STORAGE_WRITE_FAILED',
  'KEYCHAIN_UNAVAILABLE',
]);

export function isTransient(error: Pick<AppErrorData, 'code'>): boolean {
  return TRANSIENT.has(error.code);
}

export function refreshFailureOutcome(error: Pick<AppErrorData, 'code'>): RefreshFailureOutcome {
  if (REAUTHORIZE.has(error.code)) return 'needs_reauthorization';
  if (TRANSIENT.has(error.code)) return 'retry';
  return 'failed';
}

/** The record and the history line after a failed renewal. */
export function afterRefreshFailure(
  record: ConnectionRecord,
  error: AppErrorData,
): { record: ConnectionRecord; event: Omit<HistoryEvent, 'at'>; outcome: RefreshFailureOutcome } {
  const outcome = refreshFailureOutcome(error);
  if (outcome === 'needs_reauthorization') {
    return {
      outcome,
      record: { ...record, state: 'needs_reauthorization', stateReason: error, lastRefreshFailed: true },
      event: {
        kind: 'needs_reauthorization',
        summary: 'The provider no longer accepts this connection. Reconnect to continue.',
        error,
      },
    };
  }
  if (outcome === 'retry') {
    return {
      outcome,
      record: { ...record, lastRefreshFailed: true },
      event: {
        kind: 'refresh_failed',
        summary: 'Renewing the tokens failed; POS Connect will try again.',
        error,
      },
    };
  }
  return {
    outcome,
    record: { ...record, state: 'failed', stateReason: error, lastRefreshFailed: true },
    event: { kind: 'refresh_failed', summary: 'Renewing the tokens failed.', error },
  };
}
