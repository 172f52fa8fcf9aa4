import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { BUILTIN_PROVIDERS } from '../../../src/main/providers/definitions';

/**
 * What a French-speaking person reads and hears in a page: every visible text node (screen-reader
 * only text included: it is read out), the labels and hints in attributes, and the page title; and
 * the rule that says whether each of them comes from the French catalogue.
 *
 * The rule, for one string:
 * 1. it is an English catalogue text (or fills an English template) whose French differs, or a
 *    built-in vendor's English text: English left on screen, reported with its key;
 * 2. else it fills a French catalogue text or template, or one of the `allowed` texts (the callback
 *    page's own table, a vendor's French): fine;
 * 3. else it is data (a shop label, a vendor or scope name, a URL, a date, a number, a client ID)
 *    unless it holds an English word of ENGLISH_WORDS: a text that no catalogue produced.
 * Data shown as data — <code>, <pre>, form values, technical details, the titles of the vendor's
 * documents (<cite>) — is not read (the `exclude` selector).
 */

type Tree = { [key: string]: string | Tree };

export function catalogue(language: 'en' | 'fr'): Tree {
  return JSON.parse(readFileSync(resolve(`src/renderer/i18n/${language}.json`), 'utf8')) as Tree;
}

function flatten(tree: Tree, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else flatten(value, path, out);
  }
  return out;
}

/** Words of English that French UI text does not use (French shares "on", "a", "test", "Code"...). */
export const ENGLISH_WORDS = new Set(
  (
    'the and you your this that with from for not was were is are has have had will would can cannot ' +
    'could should of to in at by it its be been yes no if when which what how all any some more than ' +
    'then only there here now again before after while about into out up down please ' +
    'connection connections connected connecting connect account accounts settings refresh renew renewal ' +
    'renews expires expired never none unknown check checking save saved cancel delete deleted error ' +
    'failed sign signed open close copy copied request response permissions provider vendor password ' +
    'username shop label name status health history overview details technical report export import ' +
    'add remove edit back continue next done skipped pass fail works needs reconnect disconnect ' +
    'loading waiting approve approved received nothing answer accepted chars characters minutes hours ' +
    'seconds days ago left soon'
  ).split(' '),
);

/** The product's name, in every language. */
const BRAND = 'POS Connect';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();

/** A catalogue text as a pattern: each {{placeholder}} stands for any text. */
function template(text: string): RegExp {
  const parts = normalise(text).split(/\{\{[^}]+\}\}/);
  return new RegExp(`^${parts.map(escapeRegExp).join('.*?')}$`, 's');
}

interface Entry {
  key: string;
  text: string;
  pattern: RegExp;
  /** How many letters the text has besides its placeholders: a template of only placeholders matches anything. */
  letters: number;
}

function entries(tree: Tree): Entry[] {
  return [...flatten(tree)].map(([key, text]) => ({
    key,
    text: normalise(text),
    pattern: template(text),
    letters: normalise(text)
      .replace(/\{\{[^}]*\}\}/g, '')
      .replace(/[^\p{L}]/gu, '').length,
  }));
}

export interface FrenchRule {
  /** Problems with one string, none when it is French or data. */
  judge(text: string): string | undefined;
}

/** The built-in vendors' own English (scope descriptions, field labels and help, test call names). */
function vendorEnglish(): Entry[] {
  return BUILTIN_PROVIDERS.flatMap((d) => [
    ...(d.scopes ?? []).flatMap((s) => [s.description ?? '', s.sourceConflict ?? '']),
    ...(d.extraParams ?? []).flatMap((p) => [p.label, p.help ?? '']),
    ...(d.testCalls ?? []).map((c) => c.label),
    ...(d.assumptions ?? []),
  ])
    .filter((text) => text.length > 0)
    .map((text) => ({
      key: `vendor text of a definition`,
      text: normalise(text),
      pattern: /(?!)/,
      letters: 0,
    }));
}

export function frenchRule(allowed: Iterable<string> = []): FrenchRule {
  const en = entries(catalogue('en'));
  const frTree = catalogue('fr');
  const fr = entries(frTree);
  const frByKey = new Map(fr.map((e) => [e.key, e.text]));
  // English texts French writes differently: those must never be on a French screen.
  const english = [...en.filter((e) => frByKey.get(e.key) !== e.text && e.letters >= 4), ...vendorEnglish()];
  // The vendors' French and other allowed texts are literal (scope names hold dots, not placeholders).
  const vendorTexts = [...flatten((frTree.vendors as Tree | undefined) ?? {}).values()].map(normalise);
  const literal = new Set([...vendorTexts, ...[...allowed].map(normalise)]);
  const french = fr.filter((e) => !e.key.startsWith('vendors.'));
  const frenchParts = new Set(
    french.flatMap((e) => e.text.split(/\{\{[^}]+\}\}/).map(normalise)).filter((p) => p.length > 0),
  );

  // Texts that quote someone else's words after a lead-in ("Réponse du fournisseur : « {{reason}} »"):
  // the quote is the vendor's, data like a name; the lead-in and what comes before are judged.
  const quoteLeads = french
    .map((e) => /^(.+?)« \{\{[^}]+\}\} »$/.exec(frByKey.get(e.key) ?? '')?.[1])
    .filter((lead): lead is string => lead !== undefined && /\p{L}/u.test(lead))
    .map((lead) => normalise(lead));

  return {
    judge(raw) {
      let text = normalise(raw);
      for (const lead of quoteLeads) {
        const at = text.indexOf(`${lead} «`);
        if (at >= 0 && text.endsWith('»')) text = text.slice(0, at).trim();
      }
      if (!/\p{L}/u.test(text)) return undefined;
      const exactFrench = literal.has(text) || frenchParts.has(text);
      // A French template with a few words of its own around its placeholders ("Version {{version}}").
      const isFrench = exactFrench || french.some((e) => e.letters >= 3 && e.pattern.test(text));
      const englishEntry =
        english.find((e) => e.text === text) ??
        (isFrench ? undefined : english.find((e) => e.pattern.test(text)));
      if (englishEntry && !exactFrench) return `English text of "${englishEntry.key}": "${text}"`;
      if (isFrench) return undefined;
      // Words only: identifiers, URLs and names with digits or joiners (it-sumup-2250-1) are data,
      // and the product's name is a name.
      const words = text
        .replaceAll(BRAND, ' ')
        .split(/[\s()[\]«»“”"',;:!?·…]+/u)
        .filter((token) => /^\p{L}+$/u.test(token))
        .map((token) => token.toLowerCase());
      const found = words.filter((w) => ENGLISH_WORDS.has(w));
      if (found.length > 0) return `not from the French catalogue (English: ${found.join(', ')}): "${text}"`;
      return undefined;
    },
  };
}

/** Data shown as data, never read by the rule: code, values typed or stored, technical details. */
export const DATA_SELECTOR = [
  'code',
  'pre',
  'kbd',
  'samp',
  'textarea',
  'input',
  'select option',
  '.tech-details',
  // The titles and places of the vendor documents a definition comes from.
  'cite',
  '[data-testid="test-call-response"] .response-body',
  // "404 Not Found": the status line as the server sent it, protocol data like a header.
  '[data-testid="response-status"]',
].join(', ');

/** The texts a person meets in the page now, each with where it was found. */
export async function visibleStrings(page: Page, exclude: string = DATA_SELECTOR): Promise<string[]> {
  return page.evaluate((excluded: string) => {
    const out: string[] = [];
    if (document.title) out.push(`title: ${document.title}`);
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      const text = node.textContent?.trim();
      if (!parent || !text) continue;
      if (parent.closest(excluded)) continue;
      // Hidden text is not read (display:none, [hidden], closed <details>); visually hidden text is.
      if (!parent.checkVisibility()) continue;
      const closed = parent.closest('details:not([open])');
      if (closed && !parent.closest('summary')) continue;
      out.push(`text: ${text}`);
    }
    for (const element of Array.from(document.body.querySelectorAll('*'))) {
      if (!(element instanceof HTMLElement) || !element.checkVisibility()) continue;
      for (const name of ['aria-label', 'aria-description', 'title', 'placeholder', 'alt']) {
        const value = element.getAttribute(name);
        if (value?.trim()) out.push(`${name}: ${value.trim()}`);
      }
    }
    return out;
  }, exclude);
}

/** Problems on the page now, each prefixed with the screen's name. */
export async function frenchProblems(page: Page, screen: string, rule: FrenchRule): Promise<string[]> {
  const problems: string[] = [];
  for (const found of await visibleStrings(page)) {
    const [where, ...rest] = found.split(': ');
    const problem = rule.judge(rest.join(': '));
    if (problem) problems.push(`${screen} (${where}): ${problem}`);
  }
  return problems;
}
