import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_ORIGIN } from '../../../src/main/app-protocol/renderer-files';
import { senderPolicyFor } from '../../../src/main/ipc/dispatcher';
import { runModeFor } from '../../../src/main/run-mode';

const devSwitches = {
  argv: ['/opt/POS Connect/pos-connect', '--sandbox=http://127.0.0.1:47810'],
  env: {
    ELECTRON_RENDERER_URL: 'http://localhost:5173',
    POS_CONNECT_SANDBOX: 'http://127.0.0.1:1',
    POS_CONNECT_SQLITE_BINDING: '/tmp/elsewhere/evil.node',
  },
};

describe('run mode', () => {
  it('a packaged build loads app://, has no DevTools and ignores the development switches', () => {
    const mode = runModeFor({ isPackaged: true, ...devSwitches });
    expect(mode).toEqual({
      rendererUrl: APP_ENTRY_URL,
      trustedOrigin: APP_ORIGIN,
      devTools: false,
      sandboxUrl: undefined,
      // A packaged app never loads native code from a path in its environment.
      sqliteBinding: undefined,
      ignored: ['ELECTRON_RENDERER_URL', 'sandbox', 'POS_CONNECT_SQLITE_BINDING'],
    });
    expect(
      runModeFor({ isPackaged: true, argv: [], env: { POS_CONNECT_SANDBOX: 'http://127.0.0.1:9' } }),
    ).toMatchObject({ sandboxUrl: undefined, ignored: ['sandbox'] });
  });

  it('a development run may use the dev server, DevTools and the sandbox', () => {
    const mode = runModeFor({ isPackaged: false, ...devSwitches });
    expect(mode).toEqual({
      rendererUrl: 'http://localhost:5173',
      trustedOrigin: 'http://localhost:5173',
      devTools: true,
      sandboxUrl: 'http://127.0.0.1:47810',
      sqliteBinding: '/tmp/elsewhere/evil.node',
      ignored: [],
    });
  });

  it('without a dev server a development run loads app:// too', () => {
    const mode = runModeFor({ isPackaged: false, argv: [], env: {} });
    expect(mode).toMatchObject({
      rendererUrl: APP_ENTRY_URL,
      trustedOrigin: APP_ORIGIN,
      sandboxUrl: undefined,
    });
  });

  it('the trusted origin accepts the page the window loads and nothing else', () => {
    for (const isPackaged of [true, false]) {
      for (const env of [{}, { ELECTRON_RENDERER_URL: 'http://localhost:5173' }]) {
        const mode = runModeFor({ isPackaged, argv: [], env });
        const trusts = senderPolicyFor(mode.trustedOrigin);
        expect(trusts({ url: mode.rendererUrl, isMainFrame: true })).toBe(true);
        expect(trusts({ url: 'file:///index.html', isMainFrame: true })).toBe(false);
      }
    }
  });
});
