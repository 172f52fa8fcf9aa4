import { describe, expect, it } from 'vitest';
import {
  closeAction,
  HIDDEN_ARG,
  loginItemSettings,
  needsKeepAlive,
  startsHidden,
  stateSummary,
  trayMenu,
  wantsOpenAtLogin,
} from '../../../src/main/background/background-policy';
import type { ConnectionRecord, StoredState } from '../../../src/main/ports';
import type { ConnectionState } from '../../../src/shared/models';

function record(id: string, state: StoredState, renew: Partial<ConnectionRecord> = {}): ConnectionRecord {
  return {
    id,
    providerId: 'taptouch',
    appId: 'app',
    label: id,
    grant: 'authorization_code',
    environment: 'sandbox',
    requestedScopes: [],
    grantedScopes: [],
    scopesSource: 'request',
    hasRefreshToken: false,
    createdAt: 0,
    state,
    lastRefreshFailed: false,
    params: {},
    keepsPassword: false,
    ...renew,
  };
}

/** The keeper's rule, restated: a refresh token, client credentials or a kept password. */
const canRenew = (r: ConnectionRecord) =>
  r.hasRefreshToken || r.grant === 'client_credentials' || r.keepsPassword;

const states = (...list: ConnectionState[]) => list.map((state) => ({ state }));

describe('whether any connection needs keeping alive', () => {
  it('is true for a connected connection the app can renew (a Taptouch refresh token, client credentials, a kept password)', () => {
    expect(needsKeepAlive([record('a', 'connected', { hasRefreshToken: true })], canRenew)).toBe(true);
    expect(needsKeepAlive([record('b', 'connected', { grant: 'client_credentials' })], canRenew)).toBe(true);
    expect(needsKeepAlive([record('c', 'connected', { keepsPassword: true })], canRenew)).toBe(true);
  });

  it('is false with no connection, only connections that cannot renew, or none still connected', () => {
    expect(needsKeepAlive([], canRenew)).toBe(false);
    expect(needsKeepAlive([record('a', 'connected')], canRenew)).toBe(false);
    const lost = (['needs_reauthorization', 'failed', 'disconnected'] as const).map((state) =>
      record(state, state, { hasRefreshToken: true }),
    );
    expect(needsKeepAlive(lost, canRenew)).toBe(false);
  });

  it('asks the keeper, not the record, whether a connection can renew', () => {
    const asked: string[] = [];
    const keeper = (r: ConnectionRecord) => {
      asked.push(r.id);
      return r.id === 'second';
    };
    const list = [record('first', 'connected', { hasRefreshToken: true }), record('second', 'connected')];
    expect(needsKeepAlive(list, keeper)).toBe(true);
    expect(asked).toEqual(['first', 'second']);
  });
});

describe('closing the window', () => {
  it('hides to the tray only while a connection is kept alive and running in the background is on', () => {
    expect(closeAction({ runInBackground: true }, true)).toBe('hide');
    expect(closeAction({ runInBackground: true }, false)).toBe('quit');
    expect(closeAction({ runInBackground: false }, true)).toBe('quit');
    expect(closeAction({ runInBackground: false }, false)).toBe('quit');
  });
});

describe('opening at login', () => {
  it('auto opens once a connection needs keeping alive; on and off are the user’s choice', () => {
    expect(wantsOpenAtLogin({ openAtLogin: 'auto' }, true)).toBe(true);
    expect(wantsOpenAtLogin({ openAtLogin: 'auto' }, false)).toBe(false);
    expect(wantsOpenAtLogin({ openAtLogin: 'on' }, false)).toBe(true);
    expect(wantsOpenAtLogin({ openAtLogin: 'off' }, true)).toBe(false);
  });

  it('passes --hidden on Windows, nothing more on macOS, and leaves login items alone on Linux and in development', () => {
    expect(loginItemSettings({ platform: 'win32', packaged: true, openAtLogin: true })).toEqual({
      openAtLogin: true,
      args: [HIDDEN_ARG],
    });
    expect(loginItemSettings({ platform: 'win32', packaged: true, openAtLogin: false })).toEqual({
      openAtLogin: false,
      args: [HIDDEN_ARG],
    });
    expect(loginItemSettings({ platform: 'darwin', packaged: true, openAtLogin: true })).toEqual({
      openAtLogin: true,
    });
    expect(loginItemSettings({ platform: 'linux', packaged: true, openAtLogin: true })).toBeUndefined();
    expect(loginItemSettings({ platform: 'darwin', packaged: false, openAtLogin: true })).toBeUndefined();
  });

  it('keeps the window hidden when started at login, unless closing it would quit', () => {
    expect(startsHidden({ argv: ['app', HIDDEN_ARG], openedAtLogin: false, close: 'hide' })).toBe(true);
    expect(startsHidden({ argv: ['app'], openedAtLogin: true, close: 'hide' })).toBe(true);
    expect(startsHidden({ argv: ['app'], openedAtLogin: false, close: 'hide' })).toBe(false);
    expect(startsHidden({ argv: ['app', HIDDEN_ARG], openedAtLogin: true, close: 'quit' })).toBe(false);
  });
});

describe('the tray menu', () => {
  it('sums the states up in one line, working connections together, groups with none left out', () => {
    expect(
      stateSummary('en', states('connected', 'expiring_soon', 'refreshing', 'needs_reauthorization')),
    ).toBe('3 connected · 1 needs reconnecting');
    expect(stateSummary('en', states('needs_reauthorization', 'needs_reauthorization', 'failed'))).toBe(
      '2 need reconnecting · 1 failed',
    );
    expect(stateSummary('en', [])).toBe('No connection yet');
  });

  it('speaks French when the user does, with French plurals', () => {
    expect(stateSummary('fr', states('connected', 'connected', 'needs_reauthorization'))).toBe(
      '2 connectées · 1 à reconnecter',
    );
    expect(stateSummary('fr', states('connected', 'disconnected'))).toBe('1 connectée · 1 déconnectée');
    const menu = trayMenu({ language: 'fr', connections: states('connected'), checking: false });
    expect(menu.items.filter((i) => i.kind === 'action').map((i) => i.label)).toEqual([
      'Ouvrir POS Connect',
      'Tout vérifier maintenant',
      'Quitter POS Connect',
    ]);
  });

  it('offers the state, open, check all now and quit, in that order', () => {
    const menu = trayMenu({ language: 'en', connections: states('connected', 'failed'), checking: false });
    expect(menu.tooltip).toBe('POS Connect — 1 connected · 1 failed');
    expect(menu.items).toEqual([
      { kind: 'status', label: '1 connected · 1 failed' },
      { kind: 'separator' },
      { kind: 'action', action: 'open', label: 'Open POS Connect', enabled: true },
      { kind: 'action', action: 'checkAll', label: 'Check all now', enabled: true },
      { kind: 'separator' },
      { kind: 'action', action: 'quit', label: 'Quit POS Connect', enabled: true },
    ]);
  });

  it('cannot start a second check while one runs, nor a check with nothing to check', () => {
    const checkItem = (menu: ReturnType<typeof trayMenu>) =>
      menu.items.find((i) => i.kind === 'action' && i.action === 'checkAll');
    expect(checkItem(trayMenu({ language: 'en', connections: states('connected'), checking: true }))).toEqual(
      {
        kind: 'action',
        action: 'checkAll',
        label: 'Checking…',
        enabled: false,
      },
    );
    expect(checkItem(trayMenu({ language: 'en', connections: [], checking: false }))).toMatchObject({
      enabled: false,
    });
  });
});
