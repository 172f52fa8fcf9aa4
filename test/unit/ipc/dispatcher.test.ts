import { describe, expect, it, vi } from 'vitest';
import { createDispatcher, senderPolicyFor, type SenderInfo } from '../../../src/main/ipc/dispatcher';
import { APP_ORIGIN } from '../../../src/main/app-protocol/renderer-files';
import type { Handlers } from '../../../src/main/ipc/handlers';
import { AppError } from '../../../src/shared/errors';

const trusted: SenderInfo = { url: 'http://127.0.0.1:5173/index.html', isMainFrame: true };

function handlersWith(overrides: Partial<Handlers>): Handlers {
  return new Proxy(overrides as Handlers, {
    get(target, key: string) {
      return (
        (target as Record<string, unknown>)[key] ??
        (() => Promise.reject(new Error(`unexpected call ${key}`)))
      );
    },
  });
}

describe('IPC dispatcher', () => {
  const rename = vi.fn((input: { connectionId: string; label: string }) =>
    Promise.resolve({ id: input.connectionId, label: input.label }),
  );
  const dispatch = createDispatcher(
    handlersWith({ 'connections:rename': rename as unknown as Handlers['connections:rename'] }),
    { isTrustedSender: senderPolicyFor('http://127.0.0.1:5173') },
  );

  it('rejects a call from an unexpected sender with a typed error, without running the handler', async () => {
    rename.mockClear();
    const fromElsewhere = await dispatch(
      'connections:rename',
      { connectionId: 'c1', label: 'Shop' },
      {
        url: 'https://evil.example/',
        isMainFrame: true,
      },
    );
    const fromSubframe = await dispatch(
      'connections:rename',
      { connectionId: 'c1', label: 'Shop' },
      {
        ...trusted,
        isMainFrame: false,
      },
    );
    expect(fromElsewhere).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } });
    expect(fromSubframe).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } });
    expect(rename).not.toHaveBeenCalled();
  });

  it('rejects invalid input with a typed error naming the field, without running the handler', async () => {
    rename.mockClear();
    const missing = await dispatch('connections:rename', { connectionId: 'c1' }, trusted);
    const extra = await dispatch(
      'connections:rename',
      { connectionId: 'c1', label: 'x', evil: true },
      trusted,
    );
    expect(missing).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(missing.ok ? '' : missing.error.detail).toContain('label');
    expect(extra).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(rename).not.toHaveBeenCalled();
  });

  it('refuses channels outside the contract', async () => {
    const result = await dispatch('fs:readFile', { path: '/etc/passwd' }, trusted);
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });

  it('runs a valid call and returns its value', async () => {
    const result = await dispatch(
      'connections:rename',
      { connectionId: 'c1', label: 'Corner shop' },
      trusted,
    );
    expect(result).toEqual({ ok: true, value: { id: 'c1', label: 'Corner shop' } });
  });

  it('turns a thrown AppError into data and hides unknown errors', async () => {
    const failing = createDispatcher(
      handlersWith({
        'connections:get': () =>
          Promise.reject(
            new AppError({ code: 'NOT_FOUND', message: 'No such connection.', detail: 'id c9' }),
          ),
        'connections:list': () => Promise.reject(new Error('ENOENT /home/user/secret-path')),
      }),
      { isTrustedSender: () => true },
    );
    expect(await failing('connections:get', { connectionId: 'c9' }, trusted)).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'No such connection.', detail: 'id c9' },
    });
    const unknown = await failing('connections:list', undefined, trusted);
    expect(unknown).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(unknown)).not.toContain('secret-path');
  });

  it('trusts exactly the private app:// origin, never file://', () => {
    const appPolicy = senderPolicyFor(APP_ORIGIN);
    expect(appPolicy({ url: 'app://pos-connect/index.html', isMainFrame: true })).toBe(true);
    expect(appPolicy({ url: 'app://pos-connect/index.html', isMainFrame: false })).toBe(false);
    for (const url of [
      'file:///app/out/renderer/index.html',
      'app://other/index.html',
      'app://pos-connect.evil/index.html',
      'app://pos-connect:8080/index.html',
      'http://pos-connect/index.html',
      'app:///index.html',
    ]) {
      expect(appPolicy({ url, isMainFrame: true }), url).toBe(false);
    }
    expect(
      senderPolicyFor('http://127.0.0.1:5173')({ url: 'http://127.0.0.1:5174/', isMainFrame: true }),
    ).toBe(false);
    expect(senderPolicyFor('http://127.0.0.1:5173')({ url: 'not a url', isMainFrame: true })).toBe(false);
  });
});
