import { createHash } from 'node:crypto';

/**
 * The page the loopback listener shows in the browser after the provider redirects back. All of
 * its text is here. It loads nothing (no script, no image, no link), so its Content-Security-Policy
 * allows only its own inline style, by hash; it is never cached and never leaks the callback URL
 * (which carries the authorization code) through a Referer.
 */

export type CallbackPageKind = 'success' | 'failure' | 'refused' | 'not_found' | 'bad_request';

export const CALLBACK_PAGE_TEXT: Record<CallbackPageKind, { title: string; heading: string; body: string }> =
  {
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
  };

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

/** The full HTML document for one outcome; `reason` is one of our own sentences, never provider text. */
export function renderCallbackPage(kind: CallbackPageKind, reason?: string): string {
  const text = CALLBACK_PAGE_TEXT[kind];
  const extra = reason ? `<p class="reason">${escapeHtml(reason)}</p>` : '';
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width,initial-scale=1">' +
    '<meta name="referrer" content="no-referrer">' +
    `<title>${escapeHtml(text.title)}</title><style>${STYLE}</style></head>` +
    `<body><main><h1>${escapeHtml(text.heading)}</h1><p>${escapeHtml(text.body)}</p>${extra}</main></body></html>`
  );
}
