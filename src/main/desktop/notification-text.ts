import type { Language } from '../../shared/models';

/**
 * The desktop notifications main shows while the window may be closed, in the user's language.
 * They are the only texts main shows itself; everything in the window comes from its catalogues.
 */
const TEXTS = {
  en: {
    needs_reconnect: {
      title: 'Reconnect needed',
      body: '{label}: the provider no longer accepts this connection. Open POS Connect to reconnect.',
    },
    about_to_lapse: {
      title: 'Connection about to lapse',
      body: '{label}: sign in again soon to keep this connection working.',
    },
  },
  fr: {
    needs_reconnect: {
      title: 'Reconnexion nécessaire',
      body: "{label} : le fournisseur n'accepte plus cette connexion. Ouvrez POS Connect pour la reconnecter.",
    },
    about_to_lapse: {
      title: 'Connexion bientôt expirée',
      body: '{label} : reconnectez-vous bientôt pour que cette connexion continue de fonctionner.',
    },
  },
} as const;

export type NotificationKind = keyof (typeof TEXTS)['en'];

export function notificationText(
  kind: NotificationKind,
  language: Language,
  label: string,
): { title: string; body: string } {
  const text = TEXTS[language][kind];
  return { title: text.title, body: text.body.replace('{label}', label) };
}
