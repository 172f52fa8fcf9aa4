import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

type Tree = { [key: string]: string | Tree };

const load = (language: string) =>
  JSON.parse(
    readFileSync(new URL(`../../../src/renderer/i18n/${language}.json`, import.meta.url), 'utf8'),
  ) as Tree;

function keys(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of keys(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)[^}]*\}\}/g)].map((m) => m[1]).sort();

// Main writes these summaries (and a definition's problems) in English; only other languages carry
// them, keyed by kind, check or problem code.
// A built-in vendor's English is in its definition (the vendor's words); French is under `vendors`
// (checked against the definitions in vendor-texts.test.ts).
const ONLY_IN_OTHER_LANGUAGES = /^(history\.summary|health\.summary|vendors|providerProblems)\./;
const PLURAL = /_(zero|one|two|few|many|other)$/;
// The plural forms i18next asks for in French (CLDR, through Intl.PluralRules): 1, 1 000 000, else.
const FRENCH_PLURALS = new Intl.PluralRules('fr').resolvedOptions().pluralCategories;

/**
 * French texts that are the same word as the English, each for a reason. Anything else equal to
 * its English is an untranslated text.
 */
const SAME_IN_FRENCH: Record<string, string> = {
  'app.name': 'the product name',
  'app.version': '"Version" is French too',
  'error.code': '"Code" is French too',
  'environment.production': '"Production" is French too',
  'scopesTable.description': '"Description" is French too',
  'testCall.ms': 'a unit symbol',
  'testCall.url': 'URL is the French abbreviation too',
  'providerNotes.sources': '"Sources" is French too',
  'kits.preview.note': '"Note" is French too',
  'reports.schemaVersion': '"Versions" is French too',
  'wizard.params.chimpy.audience.label': '"Audience" is French too (and the vendor\'s own word)',
};

const list = (keys: string[]) => `\n  ${keys.join('\n  ')}\n`;

describe('the English and French catalogues', () => {
  const en = keys(load('en'));
  const fr = keys(load('fr'));

  it('French has every English text', () => {
    const missing = [...en.keys()].filter(
      (key) => !fr.has(key) && !(PLURAL.test(key) && fr.has(key.replace(PLURAL, '_other'))),
    );
    expect(missing, `fr.json lacks these keys (add their French):${list(missing)}`).toEqual([]);
  });

  it('French and English use the same {{placeholders}} in each text', () => {
    // A plural form only French has (_many) is compared with English's _other.
    const englishOf = (key: string) =>
      en.get(key) ?? (PLURAL.test(key) ? en.get(key.replace(PLURAL, '_other')) : undefined);
    const mismatched = [...fr]
      .filter(([key]) => englishOf(key) !== undefined)
      .filter(([key, text]) => placeholders(text).join() !== placeholders(englishOf(key)!).join())
      .map(
        ([key, text]) =>
          `${key}: fr {{${placeholders(text).join('}}, {{')}}} vs en {{${placeholders(englishOf(key)!).join('}}, {{')}}}`,
      );
    expect(mismatched, `placeholders differ:${list(mismatched)}`).toEqual([]);
  });

  it('French has every plural form French needs wherever English counts (one, many, other)', () => {
    const bases = new Set(
      [...en.keys()].filter((key) => PLURAL.test(key)).map((key) => key.replace(PLURAL, '')),
    );
    const missing = [...bases].flatMap((base) =>
      FRENCH_PLURALS.map((form) => `${base}_${form}`).filter((key) => !fr.has(key)),
    );
    expect(missing, `fr.json lacks these plural forms:${list(missing)}`).toEqual([]);
    // And a counted French text is counted in English too (else "{{count}}" is never chosen right).
    const frOnly = [...fr.keys()]
      .filter((key) => PLURAL.test(key) && !ONLY_IN_OTHER_LANGUAGES.test(key))
      .filter((key) => ![...en.keys()].some((k) => k.replace(PLURAL, '') === key.replace(PLURAL, '')));
    expect(frOnly, `plural forms without an English text:${list(frOnly)}`).toEqual([]);
  });

  it('French has nothing English lacks, except what main and the vendors write in English', () => {
    const pluralBases = new Set(
      [...en.keys()].filter((key) => PLURAL.test(key)).map((key) => key.replace(PLURAL, '')),
    );
    const extra = [...fr.keys()].filter(
      (key) =>
        !en.has(key) &&
        !ONLY_IN_OTHER_LANGUAGES.test(key) &&
        !(PLURAL.test(key) && pluralBases.has(key.replace(PLURAL, ''))),
    );
    expect(extra, `fr.json has keys en.json lacks (stale, or English missing):${list(extra)}`).toEqual([]);
  });

  it('no French text is its English, except the short list of words French shares', () => {
    const same = [...en]
      .filter(([key, text]) => fr.get(key) === text && !(key in SAME_IN_FRENCH))
      .map(([key, text]) => `${key}: "${text}"`);
    expect(same, `untranslated (French equals English):${list(same)}`).toEqual([]);
    const stale = Object.keys(SAME_IN_FRENCH).filter((key) => fr.get(key) !== en.get(key));
    expect(stale, `SAME_IN_FRENCH lists keys that are translated now (remove them):${list(stale)}`).toEqual(
      [],
    );
  });

  it('no text is left empty', () => {
    const empty = [...en, ...fr].filter(([, text]) => text.trim() === '').map(([key]) => key);
    expect(empty, `empty texts:${list(empty)}`).toEqual([]);
  });
});
