import { describe, expect, it } from 'vitest';
import {
  CALLBACK_PAGE_TEXT,
  callbackReasonFor,
  renderCallbackPage,
  type CallbackPageKind,
  type CallbackReason,
} from '../../../src/main/oauth/callback-page';

const KINDS = Object.keys(CALLBACK_PAGE_TEXT.en.pages) as CallbackPageKind[];
const REASONS = Object.keys(CALLBACK_PAGE_TEXT.en.reasons) as CallbackReason[];

/** The text a person sees in the page: the title and the body's words, tags and entities resolved. */
function visibleText(html: string): string[] {
  const decode = (text: string) =>
    text.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));
  const title = /<title>(.*?)<\/title>/.exec(html)?.[1] ?? '';
  const body = /<body>(.*)<\/body>/.exec(html)?.[1] ?? '';
  return [title, ...body.split(/<[^>]+>/)].map((t) => decode(t).trim()).filter(Boolean);
}

// Words of the English page that a French page must never show.
const ENGLISH =
  /\b(the|this|you|your|close|back|was|not|only|answer|received|nothing|here|request|accepted)\b/i;

describe('the browser page after the redirect, in the app’s language', () => {
  it('French has every page and reason English has, each translated', () => {
    expect(Object.keys(CALLBACK_PAGE_TEXT.fr.pages).sort()).toEqual([...KINDS].sort());
    expect(Object.keys(CALLBACK_PAGE_TEXT.fr.reasons).sort()).toEqual([...REASONS].sort());
    const untranslated = [
      ...KINDS.flatMap((kind) =>
        (['heading', 'body'] as const)
          .filter(
            (part) => CALLBACK_PAGE_TEXT.fr.pages[kind][part] === CALLBACK_PAGE_TEXT.en.pages[kind][part],
          )
          .map((part) => `${kind}.${part}`),
      ),
      ...REASONS.filter((r) => CALLBACK_PAGE_TEXT.fr.reasons[r] === CALLBACK_PAGE_TEXT.en.reasons[r]),
    ];
    expect(untranslated).toEqual([]);
  });

  for (const kind of KINDS) {
    it(`${kind}: the French page says only French texts of its table, in <html lang="fr">`, () => {
      const reason: CallbackReason | undefined = kind === 'failure' ? 'access_denied' : undefined;
      const html = renderCallbackPage(kind, 'fr', reason);
      expect(html).toContain('<html lang="fr">');
      const fr = CALLBACK_PAGE_TEXT.fr;
      const allowed = new Set([
        fr.pages[kind].title,
        fr.pages[kind].heading,
        fr.pages[kind].body,
        ...(reason ? [fr.reasons[reason]] : []),
      ]);
      const shown = visibleText(html);
      expect(shown.filter((text) => !allowed.has(text))).toEqual([]);
      expect(shown.filter((text) => ENGLISH.test(text))).toEqual([]);
      expect(shown).toContain(fr.pages[kind].heading);
    });
  }

  it('English stays English, in <html lang="en">', () => {
    const html = renderCallbackPage('success', 'en');
    expect(html).toContain('<html lang="en">');
    expect(visibleText(html)).toContain('Authorization received');
  });

  it('a vendor error is said in the page’s words, by code, never in the vendor’s', () => {
    expect(callbackReasonFor('ACCESS_DENIED')).toBe('access_denied');
    expect(callbackReasonFor('INVALID_SCOPE')).toBe('invalid_scope');
    expect(callbackReasonFor('UNAUTHORIZED_CLIENT')).toBe('unauthorized_client');
    expect(callbackReasonFor('PROVIDER_ERROR')).toBe('vendor_error');
    expect(visibleText(renderCallbackPage('failure', 'fr', 'invalid_scope'))).toContain(
      CALLBACK_PAGE_TEXT.fr.reasons.invalid_scope,
    );
  });
});
