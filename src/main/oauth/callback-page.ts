import { createHash } from 'node:crypto';
import type { ErrorCode } from '../../shared/errors';
import type { Language } from '../../shared/models';

/**
 * The page the loopback listener shows in the browser after the provider redirects back. All of
 * its text is here. It loads nothing (no script, no image, no link), so its Content-Security-Policy
 * allows only its own inline style, by hash; it is never cached and never leaks the callback URL
 * (which carries the authorization code) through a Referer.
 */

export type CallbackPageKind = 'success' | 'failure' | 'refused' | 'not_found' | 'bad_request';

/** Why a sign-in ended or was refused, in the page's words (never the vendor's own text). */
export type CallbackReason =
  'already_answered' | 'access_denied' | 'invalid_scope' | 'unauthorized_client' | 'vendor_error';

interface PageText {
  title: string;
  heading: string;
  body: string;
}

/**
 * The page's texts in each language the app speaks; the page follows the app's language setting
 * (read when the browser arrives), not the browser's, as the window it sends the person back to.
 */
export const CALLBACK_PAGE_TEXT: Record<
  Language,
  { pages: Record<CallbackPageKind, PageText>; reasons: Record<CallbackReason, string> }
> = {
  en: {
    pages: {
      success: {
        title: 'POS Connect: authorization received',
        heading: 'Authorization received',
        body: 'You can close this browser tab and go back to POS Connect, which finishes connecting the account.',
      },
      failure: {
        title: 'POS Connect: not connected',
        heading: 'The account was not connected',
        body: 'Close this browser tab and go back to POS Connect to see what happened and try again.',
      },
      refused: {
        title: 'POS Connect: answer not accepted',
        heading: 'This sign-in answer was not accepted',
        body: 'It does not belong to the connection POS Connect is waiting for. Close this tab and go back to POS Connect; if it is still waiting, finish signing in in the browser window it opened, or start again.',
      },
      not_found: {
        title: 'POS Connect',
        heading: 'Nothing here',
        body: 'This address is only used by POS Connect to receive sign-in answers. Close this tab and go back to POS Connect.',
      },
      bad_request: {
        title: 'POS Connect',
        heading: 'Request not accepted',
        body: 'POS Connect only accepts sign-in answers addressed to 127.0.0.1. Close this tab and go back to POS Connect.',
      },
    },
    reasons: {
      already_answered: 'POS Connect has already received an answer for this sign-in.',
      access_denied: 'Access was declined on the vendor’s page.',
      invalid_scope: 'The vendor refused one or more of the requested permissions.',
      unauthorized_client: 'The vendor does not allow this app to connect this way.',
      vendor_error: 'The vendor answered with an error.',
    },
  },
  fr: {
    pages: {
      success: {
        title: 'POS Connect : autorisation reçue',
        heading: 'Autorisation reçue',
        body: 'Vous pouvez fermer cet onglet et revenir à POS Connect, qui termine la connexion du compte.',
      },
      failure: {
        title: 'POS Connect : compte non connecté',
        heading: 'Le compte n’a pas été connecté',
        body: 'Fermez cet onglet et revenez à POS Connect pour voir ce qui s’est passé et réessayer.',
      },
      refused: {
        title: 'POS Connect : réponse refusée',
        heading: 'Cette réponse de connexion n’a pas été acceptée',
        body: 'Elle ne correspond pas à la connexion qu’attend POS Connect. Fermez cet onglet et revenez à POS Connect ; s’il attend encore, terminez la connexion dans la fenêtre du navigateur qu’il a ouverte, ou recommencez.',
      },
      not_found: {
        title: 'POS Connect',
        heading: 'Rien ici',
        body: 'Cette adresse sert uniquement à POS Connect pour recevoir les réponses de connexion. Fermez cet onglet et revenez à POS Connect.',
      },
      bad_request: {
        title: 'POS Connect',
        heading: 'Requête refusée',
        body: 'POS Connect n’accepte que les réponses de connexion adressées à 127.0.0.1. Fermez cet onglet et revenez à POS Connect.',
      },
    },
    reasons: {
      already_answered: 'POS Connect a déjà reçu une réponse pour cette connexion.',
      access_denied: 'L’accès a été refusé sur la page du fournisseur.',
      invalid_scope: 'Le fournisseur a refusé une ou plusieurs des autorisations demandées.',
      unauthorized_client: 'Le fournisseur n’autorise pas cette application à se connecter de cette façon.',
      vendor_error: 'Le fournisseur a répondu par une erreur.',
    },
  },
};

/** The page's reason for a sign-in the vendor ended with an error. */
export function callbackReasonFor(code: ErrorCode): CallbackReason {
  if (code === 'ACCESS_DENIED') return 'access_denied';
  if (code === 'INVALID_SCOPE') return 'invalid_scope';
  if (code === 'UNAUTHORIZED_CLIENT') return 'unauthorized_client';
  return 'vendor_error';
}

const STYLE =
  'body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;display:flex;min-height:100vh;align-items:center;justify-content:center;background:#f6f7f9;color:#1d2330}' +
  'main{max-width:32rem;padding:2rem;background:#fff;border-radius:12px;box-shadow:0 1px 4px rgba(0,0,0,.12)}' +
  'h1{font-size:1.4rem;margin:0 0 .75rem}p{line-height:1.5;margin:.5rem 0}.reason{color:#5b6475;font-size:.9rem}';

const STYLE_HASH = createHash('sha256').update(STYLE, 'utf8').digest('base64');

export const CALLBACK_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  pragma: 'no-cache',
  'referrer-policy': 'no-referrer',
  'content-security-policy': `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cross-origin-resource-policy': 'same-origin',
  connection: 'close',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The full HTML document for one outcome, in the app's language. */
export function renderCallbackPage(
  kind: CallbackPageKind,
  language: Language,
  reason?: CallbackReason,
): string {
  const texts = CALLBACK_PAGE_TEXT[language];
  const text = texts.pages[kind];
  const extra = reason ? `<p class="reason">${escapeHtml(texts.reasons[reason])}</p>` : '';
  return (
    `<!doctype html><html lang="${language}"><head><meta charset="utf-8">` +
    '<meta name="viewport" content="width=device-width,initial-scale=1">' +
    '<meta name="referrer" content="no-referrer">' +
    `<title>${escapeHtml(text.title)}</title><style>${STYLE}</style></head>` +
    `<body><main><h1>${escapeHtml(text.heading)}</h1><p>${escapeHtml(text.body)}</p>${extra}</main></body></html>`
  );
}
