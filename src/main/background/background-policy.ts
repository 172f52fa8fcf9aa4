import type { ConnectionState, ConnectionSummary, Settings } from '../../shared/models';
import { trayCount, trayText } from '../desktop/tray-text';
import type { ConnectionRecord } from '../ports';

/**
 * What the app does about running in the background, as plain decisions: whether any connection
 * needs keeping alive, what closing the window does, whether the app opens at login, whether it
 * starts with its window hidden, and what the tray / menu bar menu shows. The Electron glue
 * (src/main/electron/lifecycle.ts, tray.ts) only carries these out.
 */

/** Passed to the app when the system starts it at login (Windows; macOS reports it instead). */
export const HIDDEN_ARG = '--hidden';

/** How long quitting waits for refreshes in flight, so a rotated refresh token reaches the vault. */
export const SHUTDOWN_WAIT_MS = 5000;

/**
 * Whether the app must stay running to keep a connection alive: one that is connected and that the
 * app can renew unattended (a refresh token, client credentials, a kept password). Its access
 * token is renewed before it expires, and a refresh token whose validity slides with each use
 * (Taptouch's 4-day single-use window) lapses if the app is not running to use it.
 */
export function needsKeepAlive(
  records: readonly ConnectionRecord[],
  canRenew: (record: ConnectionRecord) => boolean,
): boolean {
  return records.some((record) => record.state === 'connected' && canRenew(record));
}

export type CloseAction = 'hide' | 'quit';

/** Closing the last window: stay in the tray while connections are kept alive and the user allows it. */
export function closeAction(settings: Pick<Settings, 'runInBackground'>, keepAlive: boolean): CloseAction {
  return settings.runInBackground && keepAlive ? 'hide' : 'quit';
}

/** `auto` opens at login once a connection needs keeping alive; `on` and `off` are the user's word. */
export function wantsOpenAtLogin(settings: Pick<Settings, 'openAtLogin'>, keepAlive: boolean): boolean {
  if (settings.openAtLogin === 'auto') return keepAlive;
  return settings.openAtLogin === 'on';
}

export interface LoginItem {
  openAtLogin: boolean;
  /** Windows: how the app knows it was started at login (macOS reports `wasOpenedAtLogin`). */
  args?: string[];
}

/**
 * The argument for `app.setLoginItemSettings`, or undefined when the app must not touch login
 * items: Linux has no such API in Electron, and an unpackaged development build would register the
 * bare Electron binary to start at login.
 */
export function loginItemSettings(input: {
  platform: string;
  packaged: boolean;
  openAtLogin: boolean;
}): LoginItem | undefined {
  if (!input.packaged) return undefined;
  if (input.platform === 'darwin') return { openAtLogin: input.openAtLogin };
  if (input.platform === 'win32') return { openAtLogin: input.openAtLogin, args: [HIDDEN_ARG] };
  return undefined;
}

/**
 * Started by the system at login, the window stays hidden in the tray — but only while closing it
 * would hide it too; otherwise a hidden app would be one nobody can see or that quits at once.
 */
export function startsHidden(input: {
  argv: readonly string[];
  /** macOS: `app.getLoginItemSettings().wasOpenedAtLogin`. */
  openedAtLogin: boolean;
  close: CloseAction;
}): boolean {
  return (input.openedAtLogin || input.argv.includes(HIDDEN_ARG)) && input.close === 'hide';
}

export type TrayAction = 'open' | 'checkAll' | 'quit';

export type TrayItem =
  | { kind: 'status'; label: string }
  | { kind: 'separator' }
  | { kind: 'action'; action: TrayAction; label: string; enabled: boolean };

export interface TrayModel {
  tooltip: string;
  items: TrayItem[];
}

type TrayGroup = 'connected' | 'needsReconnecting' | 'failed' | 'disconnected';

/** The tray counts what a shop manager acts on: working (however close to renewal), or not. */
const GROUP_OF: Record<ConnectionState, TrayGroup> = {
  connected: 'connected',
  expiring_soon: 'connected',
  refreshing: 'connected',
  needs_reauthorization: 'needsReconnecting',
  failed: 'failed',
  disconnected: 'disconnected',
};
const GROUP_ORDER: readonly TrayGroup[] = ['connected', 'needsReconnecting', 'failed', 'disconnected'];

/** "3 connected · 1 needs reconnecting"; groups with none are left out. */
export function stateSummary(
  language: Settings['language'],
  connections: readonly Pick<ConnectionSummary, 'state'>[],
): string {
  if (connections.length === 0) return trayText(language, 'noConnections');
  const counts = new Map<TrayGroup, number>();
  for (const { state } of connections) {
    const group = GROUP_OF[state];
    counts.set(group, (counts.get(group) ?? 0) + 1);
  }
  return GROUP_ORDER.filter((group) => counts.has(group))
    .map((group) => trayCount(language, group, counts.get(group) ?? 0))
    .join(' · ');
}

/** The tray / menu bar menu: the state in one line, open the window, check all now, quit. */
export function trayMenu(input: {
  language: Settings['language'];
  connections: readonly Pick<ConnectionSummary, 'state'>[];
  /** A "Check all now" is running: the item says so and cannot be started twice. */
  checking: boolean;
}): TrayModel {
  const { language } = input;
  const summary = stateSummary(language, input.connections);
  return {
    tooltip: `${trayText(language, 'appName')} — ${summary}`,
    items: [
      { kind: 'status', label: summary },
      { kind: 'separator' },
      { kind: 'action', action: 'open', label: trayText(language, 'open'), enabled: true },
      {
        kind: 'action',
        action: 'checkAll',
        label: trayText(language, input.checking ? 'checking' : 'checkAll'),
        enabled: !input.checking && input.connections.length > 0,
      },
      { kind: 'separator' },
      { kind: 'action', action: 'quit', label: trayText(language, 'quit'), enabled: true },
    ],
  };
}
