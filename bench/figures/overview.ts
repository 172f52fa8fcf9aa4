import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { MemoryKeychain } from '../../src/main/vault/memory-keychain';
import { startBridge, type Bridge } from '../../test/bridge/server';
import { launchChromium } from '../../test/e2e/support/chromium';
import type { SandboxProcess } from '../lib/sandbox-process';
import { seedStoredConnections } from '../lib/seed';
import { ratio, summarize } from '../lib/stats';
import { ms, times } from '../lib/table';
import { benchServices, type BenchServices } from '../lib/services';
import { openRealStorage, type BenchStorage } from '../lib/storage';

/**
 * The overview in Debian's Chromium (playwright-core), through the loopback bridge, against the real
 * main-process services on the real on-disk storage holding FEW or MANY connections (seeded as
 * `Shop 0` … `Shop N-1`). It needs a built renderer (out/renderer, `electron-vite build`).
 *
 * The timings are taken inside the page, in the page's own clock (`performance.now()`, whose zero is
 * the navigation's start), by instrumentation the bench injects before the app's scripts run; the
 * app itself carries none. Two definitions:
 *
 * - **usable overview**: the connections table is in the DOM and shows every connection of the
 *   current view (its `data-result-count` equals the expected count, or — for a renderer without
 *   that attribute — as many `tr[data-connection-id]` rows), the search box is there, and the frame
 *   holding it has been painted (a requestAnimationFrame callback, then a task: the first moment
 *   after that frame's paint). Checked by a MutationObserver, so the moment is not rounded to a poll.
 * - **updated rows** (a filter keystroke): from the `keydown` event's own timeStamp (when Chromium
 *   received the key) to the paint of the frame where the table's `data-search` equals the text typed
 *   so far (React renders it from the view it filtered with, so a keystroke that leaves the count as
 *   it was still has to be rendered) and its `data-result-count` equals what the bench expects for
 *   that text (labels or vendor names containing it, case-insensitive), measured the same way.
 *
 * A page switch is the same "usable" condition, from the `click` on "Connections" (its timeStamp)
 * while Settings is shown. First paint is Chromium's `first-contentful-paint` entry.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const VENDOR = 'SumUp POS Pro';

export interface OverviewSide {
  stored: number;
  /** Navigation start → usable overview, ms. */
  usable: number[];
  firstContentfulPaint: number[];
  /** Click on "Connections" (from Settings) → usable overview, ms. */
  pageSwitch: number[];
}

export interface OverviewResult {
  few: OverviewSide;
  many: OverviewSide;
  /** The same navigations with FEW stored, on another build of the renderer (BENCH_OVERVIEW_BASELINE). */
  baseline?: OverviewSide & { rendererDir: string };
  /** Keystroke in the search box → updated rows painted, with MANY stored, ms. */
  filterKeystroke: number[];
  /** The texts typed, one per keystroke sample, with the rows expected after each. */
  keystrokes: { text: string; rows: number }[];
}

interface Side {
  stored: number;
  storage: BenchStorage;
  bench: BenchServices;
  bridge: Bridge;
  dataDir: string;
  labels: string[];
}

/**
 * The few DOM names the page-side code below uses: the bench compiles with the main process's
 * settings (no DOM library), and this code runs only in the page.
 */
interface PageElement {
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): { length: number };
}
interface PageGlobals {
  document: PageElement & {
    querySelector(selector: string): PageElement | null;
    addEventListener(type: string, listener: (event: { timeStamp: number }) => void, capture: boolean): void;
  };
  requestAnimationFrame(callback: () => void): void;
  MutationObserver: new (callback: () => void) => { observe(target: unknown, options: object): void };
  MessageChannel: new () => {
    port1: { onmessage: (() => void) | null };
    port2: { postMessage(message: null): void };
  };
  performance: { now(): number; getEntriesByType(type: string): { name: string; startTime: number }[] };
  __bench: BenchProbe;
}
interface BenchProbe {
  lastKeyAt: number;
  lastClickAt: number;
  /**
   * Resolves with the time of the first paint after the table shows `want` connections for the
   * search text `search` (the table's `data-search`, which React renders from the view it used).
   */
  whenRows(want: number, search: string): Promise<number>;
  /** whenRows, started now and awaited later: armed before the key or click it times. */
  arm(want: number, search: string): void;
  armed: Promise<number>;
}

/** Installed before the app's scripts: records key and click times, and waits for a DOM condition. */
function instrumentation(): void {
  type Probe = { want: number; search: string; resolve: (paintedAt: number) => void };
  const w = globalThis as unknown as PageGlobals;
  const { document } = w;
  const probes = new Set<Probe>();
  const shows = (p: Probe): boolean => {
    const table = document.querySelector('[data-testid="connections-table"]');
    if (!table) return false;
    const attribute = table.getAttribute('data-result-count');
    if (attribute === null) {
      // The renderer before this issue: every connection a row, no search.
      return table.querySelectorAll('tr[data-connection-id]').length === p.want;
    }
    if (!document.querySelector('input[type="search"]')) return false;
    // The rows of this search (not the previous one's, when both have the same count)…
    if (table.getAttribute('data-search') !== p.search) return false;
    // …and a windowed table must have rows in the DOM when it claims results.
    const rows = table.querySelectorAll('tr[data-connection-id]').length;
    return Number(attribute) === p.want && (p.want === 0 || rows > 0);
  };
  const afterPaint = (p: Probe) => {
    w.requestAnimationFrame(() => {
      const channel = new w.MessageChannel();
      channel.port1.onmessage = () => p.resolve(w.performance.now());
      channel.port2.postMessage(null);
    });
  };
  const check = () => {
    if (probes.size === 0) return;
    for (const p of [...probes]) {
      if (shows(p)) {
        probes.delete(p);
        afterPaint(p);
      }
    }
  };
  w.__bench = {
    lastKeyAt: 0,
    lastClickAt: 0,
    whenRows: (want, search) =>
      new Promise<number>((resolve) => {
        probes.add({ want, search, resolve });
        check();
      }),
    arm: (want, search) => {
      w.__bench.armed = w.__bench.whenRows(want, search);
    },
    armed: Promise.resolve(NaN),
  };
  new w.MutationObserver(check).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['data-result-count', 'data-search'],
  });
  document.addEventListener('keydown', (event) => (w.__bench.lastKeyAt = event.timeStamp), true);
  document.addEventListener('click', (event) => (w.__bench.lastClickAt = event.timeStamp), true);
}

async function openSide(
  sb: SandboxProcess,
  stored: number,
  rendererDir = resolve(ROOT, 'out/renderer'),
): Promise<Side> {
  const dataDir = await mkdtemp(join(tmpdir(), `pos-connect-bench-overview-${stored}-`));
  const storage = await openRealStorage(dataDir, new MemoryKeychain());
  await seedStoredConnections(sb, storage, stored);
  const bench = benchServices({ d: sb.d, store: storage.store, vault: storage.vault });
  bench.services.start();
  const bridge = await startBridge({
    handlers: bench.services.handlers,
    events: bench.services.events,
    rendererDir,
  });
  const labels = Array.from({ length: stored }, (_, i) => `Shop ${i}`);
  return { stored, storage, bench, bridge, dataDir, labels };
}

async function closeSide(side: Side): Promise<void> {
  await side.bridge.close();
  await side.bench.services.stop();
  await side.storage.close();
  await rm(side.dataDir, { recursive: true, force: true });
}

/** What the overview's search must show for `text`: labels or the vendor's name containing it. */
export function expectedRows(labels: readonly string[], text: string): number {
  const needle = text.trim().toLowerCase();
  if (!needle) return labels.length;
  return labels.filter((l) => l.toLowerCase().includes(needle) || VENDOR.toLowerCase().includes(needle))
    .length;
}

async function navigate(
  context: BrowserContext,
  side: Side,
): Promise<{ page: Page; usable: number; fcp: number }> {
  const page = await context.newPage();
  await page.goto(side.bridge.url);
  const usable = await page.evaluate(
    (want) => (globalThis as unknown as PageGlobals).__bench.whenRows(want, ''),
    side.stored,
  );
  const fcp = await page.evaluate(
    () =>
      (globalThis as unknown as PageGlobals).performance
        .getEntriesByType('paint')
        .find((e) => e.name === 'first-contentful-paint')?.startTime ?? NaN,
  );
  return { page, usable, fcp };
}

async function pageSwitch(page: Page, side: Side): Promise<number> {
  const nav = page.getByRole('navigation');
  await nav.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.locator('#page-title').filter({ hasText: 'Settings' }).waitFor();
  await page.evaluate((want) => (globalThis as unknown as PageGlobals).__bench.arm(want, ''), side.stored);
  await nav.getByRole('button', { name: 'Connections', exact: true }).click();
  const paintedAt = await page.evaluate(() => (globalThis as unknown as PageGlobals).__bench.armed);
  const clickAt = await page.evaluate(() => (globalThis as unknown as PageGlobals).__bench.lastClickAt);
  return paintedAt - clickAt;
}

async function keystroke(page: Page, key: string, want: number, search: string): Promise<number> {
  await page.evaluate(([n, text]) => (globalThis as unknown as PageGlobals).__bench.arm(n, text), [
    want,
    search,
  ] as const);
  await page.keyboard.press(key);
  const paintedAt = await page.evaluate(() => (globalThis as unknown as PageGlobals).__bench.armed);
  const keyAt = await page.evaluate(() => (globalThis as unknown as PageGlobals).__bench.lastKeyAt);
  return paintedAt - keyAt;
}

export async function measureOverview(
  sb: SandboxProcess,
  options: {
    few: number;
    many: number;
    reps: number;
    warmup: number;
    keystrokeRounds: number;
    /** Another build of the renderer (e.g. before a change), measured with FEW stored alongside. */
    baselineRendererDir?: string;
  },
): Promise<OverviewResult> {
  const sides: Side[] = [await openSide(sb, options.few), await openSide(sb, options.many)];
  if (options.baselineRendererDir) sides.push(await openSide(sb, options.few, options.baselineRendererDir));
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-GB' });
    // tsx compiles with esbuild's keepNames, which wraps functions in a `__name(…)` helper that the
    // page does not have: functions sent to the page need a stand-in.
    await context.addInitScript('globalThis.__name ??= (fn) => fn;');
    await context.addInitScript(instrumentation);
    const results = sides.map<OverviewSide>((s) => ({
      stored: s.stored,
      usable: [],
      firstContentfulPaint: [],
      pageSwitch: [],
    }));

    // Navigations and page switches, FEW and MANY alternating, each on a fresh page.
    for (let rep = 0; rep < options.warmup + options.reps; rep += 1) {
      for (const [i, side] of sides.entries()) {
        const { page, usable, fcp } = await navigate(context, side);
        const switched = await pageSwitch(page, side);
        await page.close();
        if (rep < options.warmup) continue;
        results[i]?.usable.push(usable);
        results[i]?.firstContentfulPaint.push(fcp);
        results[i]?.pageSwitch.push(switched);
      }
    }

    // Filter keystrokes with MANY stored: "Shop 12" typed then erased, key by key.
    const many = sides[1];
    if (!many) throw new Error('overview bench lost a side');
    const filterKeystroke: number[] = [];
    const keystrokes: { text: string; rows: number }[] = [];
    const { page } = await navigate(context, many);
    const search = page.getByRole('searchbox');
    if (options.keystrokeRounds > 0) await search.focus();
    const typed = 'Shop 12';
    for (
      let round = 0;
      options.keystrokeRounds > 0 && round < options.warmup + options.keystrokeRounds;
      round += 1
    ) {
      let text = '';
      const steps: { key: string; text: string }[] = [];
      for (const char of typed) steps.push({ key: char === ' ' ? 'Space' : char, text: (text += char) });
      for (let n = typed.length - 1; n >= 0; n -= 1)
        steps.push({ key: 'Backspace', text: typed.slice(0, n) });
      for (const s of steps) {
        const rows = expectedRows(many.labels, s.text);
        const ms = await keystroke(page, s.key, rows, s.text);
        if (round < options.warmup) continue;
        filterKeystroke.push(ms);
        keystrokes.push({ text: s.text, rows });
      }
    }
    await page.close();
    await context.close();
    const [few, manyResult, baseline] = results;
    if (!few || !manyResult) throw new Error('overview bench lost its results');
    return {
      few,
      many: manyResult,
      ...(baseline && options.baselineRendererDir
        ? { baseline: { ...baseline, rendererDir: options.baselineRendererDir } }
        : {}),
      filterKeystroke,
      keystrokes,
    };
  } finally {
    await browser.close();
    for (const side of sides) await closeSide(side);
  }
}

/** The table rows of run.ts for this figure. */
export interface OverviewRow {
  figure: string;
  median: string;
  p90: string;
  baseline: string;
  ratio: string;
  goal: string;
  verdict: 'met' | 'not met' | 'n/a';
  note?: string;
}

export function overviewRows(r: OverviewResult): OverviewRow[] {
  const few = {
    usable: summarize(r.few.usable),
    fcp: summarize(r.few.firstContentfulPaint),
    sw: summarize(r.few.pageSwitch),
  };
  const many = {
    usable: summarize(r.many.usable),
    fcp: summarize(r.many.firstContentfulPaint),
    sw: summarize(r.many.pageSwitch),
  };
  const usableRatio = ratio(many.usable.median, few.usable.median);
  const rows: OverviewRow[] = [
    {
      figure: `overview: navigation → usable (${r.many.stored} stored)`,
      median: ms(many.usable.median),
      p90: ms(many.usable.p90),
      baseline: `${ms(few.usable.median)} at ${r.few.stored}`,
      ratio: times(usableRatio),
      goal: `< 300 ms and ≤ 1.2× at ${r.few.stored}`,
      verdict:
        many.usable.median < 300 && usableRatio !== undefined && usableRatio <= 1.2 ? 'met' : 'not met',
    },
    {
      figure: `overview: page switch Settings → Connections (${r.many.stored} stored)`,
      median: ms(many.sw.median),
      p90: ms(many.sw.p90),
      baseline: `${ms(few.sw.median)} at ${r.few.stored}`,
      ratio: times(ratio(many.sw.median, few.sw.median)),
      goal: '< 100 ms',
      verdict: many.sw.median < 100 ? 'met' : 'not met',
    },
    {
      figure: `overview: first contentful paint (${r.few.stored} stored)`,
      median: ms(few.fcp.median),
      p90: ms(few.fcp.p90),
      baseline: `${ms(many.fcp.median)} at ${r.many.stored}`,
      ratio: '—',
      goal: '—',
      verdict: 'n/a',
    },
  ];
  if (r.baseline) {
    const before = { usable: summarize(r.baseline.usable), fcp: summarize(r.baseline.firstContentfulPaint) };
    rows.push(
      {
        figure: `  first contentful paint, baseline build (${r.baseline.stored} stored)`,
        median: ms(before.fcp.median),
        p90: ms(before.fcp.p90),
        baseline: '—',
        ratio: times(ratio(few.fcp.median, before.fcp.median)),
        goal: '—',
        verdict: 'n/a',
        note: `baseline renderer: ${r.baseline.rendererDir}; ratio = this build / baseline`,
      },
      {
        figure: `  navigation → usable, baseline build (${r.baseline.stored} stored)`,
        median: ms(before.usable.median),
        p90: ms(before.usable.p90),
        baseline: '—',
        ratio: times(ratio(few.usable.median, before.usable.median)),
        goal: '—',
        verdict: 'n/a',
      },
    );
  }
  if (r.filterKeystroke.length > 0) {
    const key = summarize(r.filterKeystroke);
    rows.push({
      figure: `overview: filter keystroke → updated rows (${r.many.stored} stored)`,
      median: ms(key.median),
      p90: ms(key.p90),
      baseline: '—',
      ratio: '—',
      goal: '< 16 ms',
      verdict: key.median < 16 ? 'met' : 'not met',
      note: `${r.filterKeystroke.length} keystrokes typing and erasing "Shop 12"; max ${ms(key.max)}`,
    });
  }
  return rows;
}
