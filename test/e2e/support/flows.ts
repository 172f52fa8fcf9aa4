import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { SandboxVendorId } from '../../../src/shared/sandbox-descriptor';
import { freePort, registerClient } from '../../integration/oauth/helpers';
import type { AppHarness } from './app-harness';

/**
 * What the browser tests do the way a person does it: through roles and accessible names, waiting
 * for what the screen says rather than for time.
 */

export type BuiltinVendor = Exclude<SandboxVendorId, 'generic'>;

export interface SandboxApp {
  clientId: string;
  clientSecret?: string;
  /** The loopback port of the redirect URI registered at the sandbox (authorization-code vendors). */
  port?: number;
}

/** Registers a client of our own at the sandbox, with the redirect URI the app will use. */
export async function registerSandboxApp(
  h: AppHarness,
  vendor: BuiltinVendor,
  options: { secret?: boolean; redirect?: boolean } = {},
): Promise<SandboxApp> {
  const port = options.redirect ? await freePort() : undefined;
  const client = await registerClient(h.sandbox, vendor, {
    secret: options.secret ?? true,
    redirectUris: port ? [`http://127.0.0.1:${port}/callback`] : [],
  });
  return { ...client, ...(port ? { port } : {}) };
}

/** The page's main landmark: where every screen lives (the header has its own buttons). */
export function main(page: Page): Locator {
  return page.getByRole('main');
}

export async function goTo(
  page: Page,
  section: 'Connections' | 'Connect an account' | 'Settings' | 'Connection kits',
): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name: section, exact: true }).click();
}

export async function expectTitle(page: Page, title: string | RegExp): Promise<void> {
  const pattern = typeof title === 'string' ? new RegExp(`^\\s*${escape(title)}\\s*$`) : title;
  await page.locator('#page-title').filter({ hasText: pattern }).waitFor();
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface NewApp {
  label: string;
  clientId: string;
  clientSecret?: string;
  port?: number;
  /** App-level parameters by their field label. */
  params?: Record<string, string>;
}

export interface ConnectPlan {
  vendor: string;
  /** A provider app to create in the wizard, or the label of one to pick. */
  app: NewApp | { existing: string } | { importJson: string; label: string };
  grant: 'Sign in through the browser' | 'App credentials only' | 'Username and password';
  shopLabel: string;
  scopes?: { check?: string[]; uncheck?: string[] };
  /** Connection-level fields by their label. */
  fields?: Record<string, string>;
  username?: string;
  password?: string;
  keepPassword?: boolean;
  /** Called on each step of the wizard (for scans and screenshots), and while waiting for the browser. */
  onVendorStep?: () => Promise<void>;
  onAppStep?: () => Promise<void>;
  onAccessStep?: () => Promise<void>;
  onWaiting?: () => Promise<void>;
}

/** Vendor step, app step, access step, then Connect (and Approve in the "system browser"). */
export async function connectThroughUi(h: AppHarness, plan: ConnectPlan): Promise<string> {
  const page = h.page;
  await goTo(page, 'Connect an account');
  await expectTitle(page, 'Connect an account');
  await main(page).getByLabel(plan.vendor, { exact: true }).check();
  await plan.onVendorStep?.();
  await main(page).getByRole('button', { name: 'Continue', exact: true }).click();
  await main(page).getByRole('heading', { level: 2 }).filter({ hasText: plan.vendor }).first().waitFor();
  await plan.onAppStep?.();

  if ('existing' in plan.app) {
    await main(page).getByLabel(plan.app.existing, { exact: true }).check();
  } else if ('importJson' in plan.app) {
    const label = plan.app.label;
    await main(page).getByLabel('Name of the app (optional)').fill(label);
    await main(page)
      .getByLabel('SumUp client credentials file')
      .setInputFiles({
        name: 'sumup-credentials.json',
        mimeType: 'application/json',
        buffer: Buffer.from(plan.app.importJson),
      });
    await expect.poll(() => main(page).getByLabel(label, { exact: true }).isChecked()).toBe(true);
  } else {
    const app = plan.app;
    const form = main(page);
    await form.getByLabel('Name of the app', { exact: true }).fill(app.label);
    await form.getByLabel('Client ID', { exact: true }).fill(app.clientId);
    if (app.clientSecret !== undefined)
      await form.getByLabel('Client secret', { exact: true }).fill(app.clientSecret);
    if (app.port !== undefined)
      await form.getByLabel('Redirect port', { exact: true }).fill(String(app.port));
    for (const [label, value] of Object.entries(app.params ?? {}))
      await form.getByLabel(label, { exact: true }).fill(value);
    await form.getByRole('button', { name: 'Save provider app' }).click();
    await expect.poll(() => main(page).getByLabel(app.label, { exact: true }).isChecked()).toBe(true);
  }
  await main(page).getByRole('button', { name: 'Continue', exact: true }).click();

  await main(page).getByLabel('Shop label', { exact: true }).fill(plan.shopLabel);
  const grant = main(page).getByLabel(plan.grant, { exact: true });
  if ((await grant.count()) > 0) await grant.check();
  const picker = main(page).getByTestId('scope-picker');
  for (const scope of plan.scopes?.check ?? []) await picker.getByLabel(scope, { exact: true }).check();
  for (const scope of plan.scopes?.uncheck ?? []) await picker.getByLabel(scope, { exact: true }).uncheck();
  for (const [label, value] of Object.entries(plan.fields ?? {}))
    await main(page).getByLabel(label, { exact: true }).fill(value);
  if (plan.username !== undefined)
    await main(page).getByLabel('Service account or username', { exact: true }).fill(plan.username);
  if (plan.password !== undefined)
    await main(page).getByLabel('Password', { exact: true }).fill(plan.password);
  if (plan.keepPassword !== undefined) {
    await main(page).getByLabel('Keep the password for unattended renewal').setChecked(plan.keepPassword);
  }
  await plan.onAccessStep?.();

  const browserStep = plan.grant === 'Sign in through the browser';
  const authorizationPage = browserStep ? h.nextAuthorizationPage() : undefined;
  await main(page).getByRole('button', { name: 'Connect', exact: true }).click();
  if (authorizationPage) await approve(h, authorizationPage, plan.onWaiting);

  await expectTitle(page, plan.shopLabel);
  const connection = (await h.services.handlers['connections:list']()).find(
    (c) => c.label === plan.shopLabel,
  );
  if (!connection) throw new Error(`no connection labelled ${plan.shopLabel}`);
  return connection.id;
}

/** In the vendor's consent page the app opened: Approve, then the loopback callback page. */
export async function approve(
  h: AppHarness,
  pending: Promise<Page>,
  onWaiting?: () => Promise<void>,
): Promise<void> {
  await h.page.getByTestId('waiting-for-browser').waitFor();
  await onWaiting?.();
  const tab = await pending;
  await tab.getByRole('button', { name: 'Approve' }).click();
  await tab.waitForURL(/^http:\/\/127\.0\.0\.1:\d+\/callback/);
  await tab.waitForLoadState('load');
  await tab.close();
  // Back to the app's window, as a person would after the browser (a hidden page runs no frames).
  await h.page.bringToFront();
}

/** Opens a connection from the overview by its label. */
export async function openConnection(page: Page, label: string): Promise<void> {
  await goTo(page, 'Connections');
  await main(page).getByRole('button', { name: label, exact: true }).first().click();
  await expectTitle(page, label);
}

export async function runPresetTestCall(page: Page, presetLabel: string): Promise<Locator> {
  await main(page).getByRole('tab', { name: 'Test call' }).click();
  await main(page)
    .getByRole('button', { name: `Run test call: ${presetLabel}` })
    .click();
  const response = main(page).getByTestId('test-call-response');
  await response.waitFor();
  return response;
}

// ---------------------------------------------------------------------------------------------
// Screenshots for the README: only with SCREENSHOTS=1, and never a reason for a test to fail.

const SCREENSHOT_DIR = resolve('docs/screenshots');

export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.SCREENSHOTS !== '1') return;
  try {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    // Let the caret and transitions settle into their final frame.
    await page.screenshot({
      path: resolve(SCREENSHOT_DIR, `${name}.png`),
      fullPage: true,
      animations: 'disabled',
      caret: 'hide',
    });
  } catch (error) {
    console.warn(`screenshot ${name} not taken: ${error instanceof Error ? error.message : String(error)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// axe-core. The renderer's CSP (script-src 'self') refuses page.addScriptTag (an inline <script>);
// page.evaluate runs the file's text through the DevTools protocol, which CSP does not govern.

let axeSource: Promise<string> | undefined;

export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

export async function axeScan(page: Page): Promise<AxeFinding[]> {
  axeSource ??= readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(await axeSource);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            context: unknown,
            options: unknown,
          ) => Promise<{
            violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
          }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
}

/** Serious and critical findings only, described for a failure message. */
export function seriousFindings(findings: AxeFinding[]): string[] {
  return findings
    .filter((f) => f.impact === 'serious' || f.impact === 'critical')
    .map((f) => `${f.impact} ${f.id} (${f.help}): ${f.targets.slice(0, 5).join(', ')}`);
}
