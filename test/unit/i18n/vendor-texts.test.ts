import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILTIN_PROVIDERS } from '../../../src/main/providers/definitions';

/** The shape of `vendors.<id>` in fr.json, as src/renderer/i18n/vendor-text.ts reads it. */
interface VendorTexts {
  scopes?: Record<string, string>;
  scopeConflicts?: Record<string, string>;
  testCalls?: Record<string, string>;
  assumptions?: Record<string, string>;
}

const fr = JSON.parse(
  readFileSync(new URL('../../../src/renderer/i18n/fr.json', import.meta.url), 'utf8'),
) as {
  vendors?: Record<string, VendorTexts>;
  wizard?: { params?: Record<string, Record<string, { label?: string; help?: string }>> };
};

/** A vendor's word French writes the same way. */
const SAME_WORD = new Set(['wizard.params.chimpy.audience.label']);

/** Every text of a built-in definition a person reads, with its English, by where French keeps it. */
function englishTexts(): { where: string; english: string; french: string | undefined }[] {
  return BUILTIN_PROVIDERS.flatMap((d) => {
    const v = fr.vendors?.[d.id] ?? {};
    return [
      ...(d.scopes ?? [])
        .filter((s) => s.description)
        .map((s) => ({
          where: `vendors.${d.id}.scopes["${s.name}"]`,
          english: s.description!,
          french: v.scopes?.[s.name],
        })),
      ...(d.scopes ?? [])
        .filter((s) => s.sourceConflict)
        .map((s) => ({
          where: `vendors.${d.id}.scopeConflicts["${s.name}"]`,
          english: s.sourceConflict!,
          french: v.scopeConflicts?.[s.name],
        })),
      ...(d.extraParams ?? []).flatMap((p) => [
        {
          where: `wizard.params.${d.id}.${p.name}.label`,
          english: p.label,
          french: fr.wizard?.params?.[d.id]?.[p.name]?.label,
        },
        ...(p.help
          ? [
              {
                where: `wizard.params.${d.id}.${p.name}.help`,
                english: p.help,
                french: fr.wizard?.params?.[d.id]?.[p.name]?.help,
              },
            ]
          : []),
      ]),
      ...(d.assumptions ?? []).map((a) => ({
        where: `vendors.${d.id}.assumptions["${a.slice(0, 40)}…"]`,
        english: a,
        french: v.assumptions?.[a],
      })),
      ...(d.testCalls ?? []).map((c) => ({
        where: `vendors.${d.id}.testCalls.${c.id}`,
        english: c.label,
        french: v.testCalls?.[c.id],
      })),
    ];
  });
}

describe("the built-in vendors' texts in French", () => {
  const texts = englishTexts();

  it('finds the texts it checks (scope descriptions, field labels, test calls)', () => {
    expect(texts.length).toBeGreaterThan(20);
    expect(texts.map((t) => t.english)).toContain('Organisation code');
  });

  it('every scope description, field label and help, test call name and assumption has its French', () => {
    const missing = texts.filter((t) => !t.french?.trim()).map((t) => `${t.where}: "${t.english}"`);
    expect(missing, `fr.json lacks these vendor texts:\n  ${missing.join('\n  ')}\n`).toEqual([]);
    const same = texts
      .filter((t) => t.french === t.english && !SAME_WORD.has(t.where))
      .map((t) => `${t.where}: "${t.english}"`);
    expect(same, `vendor texts left in English:\n  ${same.join('\n  ')}\n`).toEqual([]);
  });

  it('French has no entry for a scope, field or call the definitions no longer have', () => {
    const known = new Set(texts.map((t) => t.where));
    const stale: string[] = [];
    for (const [id, v] of Object.entries(fr.vendors ?? {})) {
      for (const name of Object.keys(v.scopes ?? {})) stale.push(`vendors.${id}.scopes["${name}"]`);
      for (const name of Object.keys(v.scopeConflicts ?? {}))
        stale.push(`vendors.${id}.scopeConflicts["${name}"]`);
      for (const name of Object.keys(v.testCalls ?? {})) stale.push(`vendors.${id}.testCalls.${name}`);
      for (const a of Object.keys(v.assumptions ?? {}))
        stale.push(`vendors.${id}.assumptions["${a.slice(0, 40)}…"]`);
    }
    expect(stale.filter((where) => !known.has(where))).toEqual([]);
  });
});
