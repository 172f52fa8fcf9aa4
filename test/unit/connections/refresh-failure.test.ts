import { describe, expect, it } from 'vitest';
import { ERROR_CODES, type AppErrorData, type ErrorCode } from '../../../src/shared/errors';
import { connectionRecord } from '../../support/connection-record';
import {
  afterRefreshFailure,
  isTransient,
  refreshFailureOutcome,
} from '../../../src/main/connections/refresh-failure';

// What a failed renewal does to a connection (DESIGN.md "Keeping connections alive"): a grant the
// vendor no longer accepts needs reconnecting and is never retried; a failure that may pass keeps
// the state and is retried; anything else needs a person and is not retried.
// A secret bound to other origins than the endpoint now in force: only a new sign-in may move it.
const REAUTHORIZE: ErrorCode[] = [
  'INVALID_GRANT',
  'NEEDS_REAUTHORIZATION',
  'SECRET_NOT_FOUND',
  'ORIGIN_NOT_ALLOWED',
];
const MAY_PASS: ErrorCode[] = [
  'NETWORK',
  'TIMEOUT',
  'RATE_LIMITED',
  'SERVER_ERROR',
  'HTML_RESPONSE',
  'NOT_JSON',
  'RESPONSE_TOO_LARGE',
  'STORAGE_WRITE_FAILED',
  'KEYCHAIN_UNAVAILABLE',
];

const record = connectionRecord();
const error = (code: ErrorCode): AppErrorData => ({ code, message: 'm', detail: 'd' });

describe('refreshFailureOutcome', () => {
  it.each(REAUTHORIZE)('%s: needs reconnecting, never retried', (code) => {
    expect(refreshFailureOutcome({ code })).toBe('needs_reauthorization');
    expect(isTransient({ code })).toBe(false);
  });

  it.each(MAY_PASS)('%s: may pass, retried', (code) => {
    expect(refreshFailureOutcome({ code })).toBe('retry');
    expect(isTransient({ code })).toBe(true);
  });

  const needsPerson = ERROR_CODES.filter((code) => !REAUTHORIZE.includes(code) && !MAY_PASS.includes(code));
  it.each(needsPerson)('%s: needs a person, not retried', (code) => {
    expect(refreshFailureOutcome({ code })).toBe('failed');
    expect(isTransient({ code })).toBe(false);
  });

  it('never retries invalid_client or invalid_scope', () => {
    expect(needsPerson).toEqual(expect.arrayContaining(['INVALID_CLIENT', 'INVALID_SCOPE']));
  });
});

describe('afterRefreshFailure', () => {
  it('a grant the vendor refuses: needs reconnecting, with the reason and a history line', () => {
    const after = afterRefreshFailure(record, error('INVALID_GRANT'));
    expect(after.outcome).toBe('needs_reauthorization');
    expect(after.record).toEqual({
      ...record,
      state: 'needs_reauthorization',
      stateReason: error('INVALID_GRANT'),
      lastRefreshFailed: true,
    });
    expect(after.event).toMatchObject({ kind: 'needs_reauthorization', error: error('INVALID_GRANT') });
    expect(after.event.summary).toMatch(/reconnect/i);
  });

  it('a failure that may pass keeps the connection connected and says it will try again', () => {
    const after = afterRefreshFailure(record, error('NETWORK'));
    expect(after.outcome).toBe('retry');
    expect(after.record).toEqual({ ...record, lastRefreshFailed: true });
    expect(after.event).toMatchObject({ kind: 'refresh_failed', error: error('NETWORK') });
    expect(after.event.summary).toMatch(/try again/i);
  });

  it('anything else marks the connection failed, with the reason', () => {
    const after = afterRefreshFailure(record, error('INVALID_CLIENT'));
    expect(after.outcome).toBe('failed');
    expect(after.record).toEqual({
      ...record,
      state: 'failed',
      stateReason: error('INVALID_CLIENT'),
      lastRefreshFailed: true,
    });
    expect(after.event).toMatchObject({ kind: 'refresh_failed', error: error('INVALID_CLIENT') });
    expect(after.event.summary).toMatch(/renewing the tokens failed/i);
    expect(after.event.summary).not.toMatch(/try again/i);
  });
});
