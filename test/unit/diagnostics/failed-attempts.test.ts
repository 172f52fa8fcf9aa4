import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors';
import type { ConnectInput } from '../../../src/shared/models';
import { FailedAttempts } from '../../../src/main/diagnostics/failed-attempts';
import { ProviderRegistry } from '../../../src/main/providers/provider-registry';
import { SecretRegistry } from '../../../src/main/security/redact';
import { MemoryAttemptsLog, MemoryStore } from '../../support/memory-storage';

const CLIENT_SECRET = 'cs-9f8e7d6c5b4a3210';
const TYPED = 'Pw7x!q'; // shorter than the registry's floor for typed values

function setUp() {
  const store = new MemoryStore();
  store.saveApp({
    id: 'app-1',
    providerId: 'powerepos',
    label: 'PowerEPOS app',
    clientId: 'client-1',
    hasClientSecret: true,
    params: {},
    createdAt: new Date(0).toISOString(),
  });
  const log = new MemoryAttemptsLog();
  const secrets = new SecretRegistry().add(CLIENT_SECRET);
  const writeFailures: unknown[] = [];
  const attempts = new FailedAttempts({
    log,
    store,
    providers: new ProviderRegistry(store),
    secrets,
    now: () => Date.UTC(2026, 10, 27, 12),
    onWriteFailed: (error) => writeFailures.push(error),
  });
  return { log, attempts, writeFailures };
}

const input: ConnectInput = {
  attemptId: 'a1',
  appId: 'app-1',
  grant: 'password',
  label: 'Shop',
  scopes: ['des'],
  params: { org_id: 'ORG-1' },
  username: 'svc-1',
  password: TYPED,
};

describe('failed attempts', () => {
  it('logs vendor, app, grant, moment and host, and redacts the error: known secrets and the typed password', () => {
    const { log, attempts } = setUp();
    const failure = new AppError({
      code: 'INVALID_GRANT',
      message: 'The vendor refused the sign-in.',
      detail: `vendor said: password ${TYPED} is wrong; client_secret was ${encodeURIComponent(CLIENT_SECRET)}`,
      params: { vendorReason: `bad password ${TYPED}` },
    });
    attempts.record(input, Date.UTC(2026, 10, 27, 11, 59), failure);
    const [entry] = log.list();
    expect(entry).toMatchObject({
      providerId: 'powerepos',
      providerName: 'PowerEPOS',
      appId: 'app-1',
      grant: 'password',
      moment: 'first_connect',
      host: 'auth.powerepos.cloud',
      error: { code: 'INVALID_GRANT' },
    });
    const text = JSON.stringify(entry);
    expect(text).not.toContain(TYPED);
    expect(text).not.toContain(CLIENT_SECRET);
    expect(text).toContain('vendor said: password [redacted] is wrong');
    expect(text).not.toContain('svc-1');
  });

  it('a reconnect names its connection; an unknown throw becomes INTERNAL without its message', () => {
    const { log, attempts } = setUp();
    attempts.record({ ...input, reconnectId: 'conn-7' }, 0, new Error(`boom ${CLIENT_SECRET}`));
    expect(log.list()[0]).toMatchObject({
      moment: 'reconnect',
      connectionId: 'conn-7',
      error: { code: 'INTERNAL' },
    });
    expect(JSON.stringify(log.list())).not.toContain(CLIENT_SECRET);
  });

  it('a log that cannot be written is reported, and does not throw over the connect error', () => {
    const { attempts, writeFailures, log } = setUp();
    log.append = () => {
      throw new Error('disk full');
    };
    expect(() => attempts.record(input, 0, new AppError({ code: 'TIMEOUT', message: 'slow' }))).not.toThrow();
    expect(writeFailures).toHaveLength(1);
  });
});
