import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../src/shared/errors';
import { HISTORY_EVENT_KINDS, type HealthCheckItem } from '../../../src/shared/models';
import { DEFINITION_PROBLEMS } from '../../../src/shared/providers/provider-schema';

/**
 * Main writes errors, history lines and health results in English and the window translates them by
 * code, kind or check; a missing French text shows main's English. These lists come from the shared
 * types, so a new error code, history kind or health check without its French fails here.
 */

type Tree = { [key: string]: string | Tree };
const load = (language: string) =>
  JSON.parse(
    readFileSync(new URL(`../../../src/renderer/i18n/${language}.json`, import.meta.url), 'utf8'),
  ) as Tree;

function text(tree: Tree, key: string): string | undefined {
  const found = key
    .split('.')
    .reduce<string | Tree | undefined>(
      (node, part) => (typeof node === 'object' ? node[part] : undefined),
      tree,
    );
  return typeof found === 'string' ? found : undefined;
}

// Every health check, by the type's own union (a new one fails typecheck until it is listed).
const HEALTH_CHECKS: Record<HealthCheckItem['id'], true> = {
  token_endpoint: true,
  clock_skew: true,
  token_valid: true,
  refresh_token: true,
  scopes: true,
};

/** Codes the window words by their own params, never by errors.<CODE> (which would hide them). */
const WORDED_ELSEWHERE: Partial<Record<(typeof ERROR_CODES)[number], string>> = {
  INVALID_REPORT: 'the report viewer says each reason (reports.openError.<reason>)',
};

const missingIn = (tree: Tree, keys: string[]) => keys.filter((key) => !text(tree, key)?.trim());

describe("main's English, translated by code in the window", () => {
  const en = load('en');
  const fr = load('fr');

  it('every error code has its message in English and French', () => {
    const keys = ERROR_CODES.filter((code) => !(code in WORDED_ELSEWHERE)).map((code) => `errors.${code}`);
    const missing = [
      ...missingIn(en, keys).map((k) => `en: ${k}`),
      ...missingIn(fr, keys).map((k) => `fr: ${k}`),
    ];
    expect(missing, `error messages missing:\n  ${missing.join('\n  ')}\n`).toEqual([]);
  });

  it('every history kind has its name in both languages and its summary in French', () => {
    const names = HISTORY_EVENT_KINDS.map((kind) => `history.kind.${kind}`);
    const summaries = HISTORY_EVENT_KINDS.map((kind) => `history.summary.${kind}`);
    const missing = [
      ...missingIn(en, names).map((k) => `en: ${k}`),
      ...missingIn(fr, names).map((k) => `fr: ${k}`),
      ...missingIn(fr, summaries).map((k) => `fr: ${k}`),
    ];
    expect(missing, `history texts missing:\n  ${missing.join('\n  ')}\n`).toEqual([]);
  });

  it("every problem a provider definition can have has its French, with the English's {{params}}", () => {
    const codes = [...Object.keys(DEFINITION_PROBLEMS), 'invalid'];
    const missing = missingIn(
      fr,
      codes.map((code) => `providerProblems.${code}`),
    );
    expect(missing, `definition problems missing in French:\n  ${missing.join('\n  ')}\n`).toEqual([]);
    const params = (t: string) =>
      [...t.matchAll(/\{\{(\w+)\}\}/g)]
        .map((m) => m[1])
        .sort()
        .join();
    const mismatched = Object.entries(DEFINITION_PROBLEMS)
      .filter(([code, english]) => params(english) !== params(text(fr, `providerProblems.${code}`) ?? ''))
      .map(([code]) => code);
    expect(mismatched).toEqual([]);
  });

  it('every health check has its name in both languages and its findings in French', () => {
    const ids = Object.keys(HEALTH_CHECKS);
    const names = ids.map((id) => `health.item.${id}`);
    // Findings are keyed by reason (health.summary.<id>.<reason>); the catalogue test holds en ⊆ fr.
    const withoutFindings = ids.filter((id) => {
      const findings = (fr.health as Tree | undefined)?.summary;
      const ofCheck = typeof findings === 'object' ? findings[id] : undefined;
      return typeof ofCheck !== 'object' || Object.keys(ofCheck).length === 0;
    });
    const missing = [
      ...missingIn(en, names).map((k) => `en: ${k}`),
      ...missingIn(fr, names).map((k) => `fr: ${k}`),
      ...withoutFindings.map((id) => `fr: health.summary.${id}.*`),
    ];
    expect(missing, `health texts missing:\n  ${missing.join('\n  ')}\n`).toEqual([]);
  });
});
