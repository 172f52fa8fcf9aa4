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

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

// Main writes these summaries in English; only other languages carry them, keyed by kind or check.
const TRANSLATED_FROM_MAIN = /^(history\.summary|health\.summary)\./;
// French plurals have a "many" form English does not (CLDR), for the same base key.
const PLURAL = /_(zero|one|two|few|many|other)$/;

describe('the English and French catalogues', () => {
  const en = keys(load('en'));
  const fr = keys(load('fr'));

  it('French has every English text, with the same placeholders', () => {
    const missing = [...en.keys()].filter((key) => !fr.has(key));
    expect(missing).toEqual([]);
    const mismatched = [...en].filter(
      ([key, text]) => fr.has(key) && placeholders(text).join() !== placeholders(fr.get(key)!).join(),
    );
    expect(mismatched.map(([key]) => key)).toEqual([]);
  });

  it('French has nothing English lacks, except the summaries main writes in English', () => {
    const pluralBases = new Set(
      [...en.keys()].filter((key) => PLURAL.test(key)).map((key) => key.replace(PLURAL, '')),
    );
    const extra = [...fr.keys()].filter(
      (key) =>
        !en.has(key) &&
        !TRANSLATED_FROM_MAIN.test(key) &&
        !(PLURAL.test(key) && pluralBases.has(key.replace(PLURAL, ''))),
    );
    expect(extra).toEqual([]);
  });

  it('no text is left empty', () => {
    expect([...en, ...fr].filter(([, text]) => text.trim() === '').map(([key]) => key)).toEqual([]);
  });
});
