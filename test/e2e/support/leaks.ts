import type { BrowserContext, Page } from 'playwright-core';
import type { AppHarness } from './app-harness';

/** One secret the sandbox issued or accepted (GET issued_secrets → entries). */
export interface IssuedSecret {
  kind:
    | 'access_token'
    | 'refresh_token'
    | 'authorization_code'
    | 'client_secret'
    | 'password'
    | 'code_verifier'
    | 'state';
  vendor: string;
  value: string;
}

export async function issuedSecretEntries(h: AppHarness): Promise<IssuedSecret[]> {
  const body = (await (await fetch(h.sandbox.d.admin.issued_secrets)).json()) as { entries: IssuedSecret[] };
  return body.entries;
}

/**
 * Every text and attribute value the app page's DOM held at any moment, recorded by a
 * MutationObserver installed before the app's own scripts run (an init script goes through the
 * DevTools protocol, so the page's CSP does not stop it). Only on the bridge's origin.
 */
export async function recordDomStrings(context: BrowserContext, origin: string): Promise<void> {
  await context.addInitScript((appOrigin: string) => {
    if (location.origin !== appOrigin) return;
    const seen = new Set<string>();
    const note = (value: string | null | undefined) => {
      if (value && value.length >= 8) seen.add(value);
    };
    const scan = (node: Node) => {
      if (node.nodeType === Node.TEXT_NODE) note((node as Text).data);
      else if (node instanceof Element) {
        for (const attribute of Array.from(node.attributes)) note(attribute.value);
        node.childNodes.forEach(scan);
      }
    };
    new MutationObserver((records) => {
      for (const record of records) {
        if (record.type === 'characterData') note((record.target as Text).data);
        else if (record.type === 'attributes' && record.target instanceof Element && record.attributeName) {
          note(record.target.getAttribute(record.attributeName));
        } else record.addedNodes.forEach(scan);
      }
    }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    Object.defineProperty(window, '__posConnectDomSeen', { value: () => [...seen], enumerable: false });
  }, origin);
}

export async function domStringsSeen(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    (window as unknown as { __posConnectDomSeen: () => string[] }).__posConnectDomSeen(),
  );
}

/** The tests' own decoding leak scanner (test/support/leak-scan.ts), shared with the integration tests. */
export { findLeaks } from '../../support/leak-scan';
