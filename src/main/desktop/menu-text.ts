import type { Language } from '../../shared/models';

/** The application menu's own items and the kit dialogs, in the user's language (main shows them). */
const TEXTS = {
  en: {
    file: 'File',
    view: 'View',
    openKit: 'Open a connection kit…',
    kitFilter: 'POS Connect connection kit',
    kitNotOpened: 'This connection kit could not be opened',
  },
  fr: {
    file: 'Fichier',
    view: 'Affichage',
    openKit: 'Ouvrir un kit de connexion…',
    kitFilter: 'Kit de connexion POS Connect',
    kitNotOpened: 'Ce kit de connexion n’a pas pu être ouvert',
  },
} as const;

export function menuText(language: Language, key: keyof (typeof TEXTS)['en']): string {
  return TEXTS[language][key];
}
