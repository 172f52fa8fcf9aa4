import type { Language } from '../../shared/models';

/**
 * The tray / menu bar texts (and the one message shown when the app cannot start), in the user's
 * language. Like the notifications (notification-text.ts), main shows them itself while the window
 * may be closed, so they cannot come from the window's catalogues.
 */
const TEXTS = {
  en: {
    appName: 'POS Connect',
    noConnections: 'No connection yet',
    connected: '{count} connected',
    needsReconnecting: { one: '{count} needs reconnecting', other: '{count} need reconnecting' },
    failed: '{count} failed',
    disconnected: '{count} disconnected',
    open: 'Open POS Connect',
    checkAll: 'Check all now',
    checking: 'Checking…',
    quit: 'Quit POS Connect',
    startFailed: 'POS Connect could not start',
  },
  fr: {
    appName: 'POS Connect',
    noConnections: 'Aucune connexion pour l’instant',
    connected: { one: '{count} connectée', other: '{count} connectées' },
    needsReconnecting: { one: '{count} à reconnecter', other: '{count} à reconnecter' },
    failed: { one: '{count} en échec', other: '{count} en échec' },
    disconnected: { one: '{count} déconnectée', other: '{count} déconnectées' },
    open: 'Ouvrir POS Connect',
    checkAll: 'Tout vérifier maintenant',
    checking: 'Vérification…',
    quit: 'Quitter POS Connect',
    startFailed: 'POS Connect n’a pas pu démarrer',
  },
} as const;

type Counted = 'connected' | 'needsReconnecting' | 'failed' | 'disconnected';
type Fixed = Exclude<keyof (typeof TEXTS)['en'], Counted>;
type Text = string | { one: string; other: string };

export function trayText(language: Language, key: Fixed): string {
  return TEXTS[language][key];
}

/** "3 connected", "1 needs reconnecting": singular for 1 (and 0 in French), plural otherwise. */
export function trayCount(language: Language, key: Counted, count: number): string {
  const text: Text = TEXTS[language][key];
  const singular = language === 'fr' ? count < 2 : count === 1;
  const chosen = typeof text === 'string' ? text : singular ? text.one : text.other;
  return chosen.replace('{count}', new Intl.NumberFormat(language).format(count));
}
