import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_CALL_BODY_LIMIT } from '../../../src/main/connections/test-call';
import { echoEncodings } from '../../sandbox/echo';
import { findLeaks, type KnownSecret } from '../../support/leak-scan';
import { startHarness, type Harness } from '../../support/services-harness';
import { issuedSecrets, setFault } from '../oauth/helpers';

/**
 * Issue 10, point 6: leak scans that can fail. The sandbox's echo fault hands back every secret a
 * request carried, in every encoding (test/sandbox/echo.ts); here it answers a test call, a
 * refresh and the API call of a health check, and everything the app lets out — the IPC payloads,
 * the history, the logs, the exported report and the stored metadata — is scanned by the tests'
 * own decoding scanner. With redaction switched off this file fails (see README, Security).
 */

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => h.close());

async function everySecret(extra: string[]): Promise<KnownSecret[]> {
  const values = [...(await issuedSecrets(h.sandbox)), ...extra];
  return values.map((value) => ({ kind: 'secret', vendor: 'sandbox', value }));
}

describe('the sandbox echoes every secret it received; nothing reaches what the app lets out', () => {
  it('test call, refresh, health check and report against an echoing SumUp', async () => {
    const app = await h.addApp('sumup');
    const clientSecret = (await h.vault.getAppSecret(app.id))!;
    const connected = await h.connect(app.id, 'authorization_code');
    const id = connected.id;
    const payloads: unknown[] = [connected];

    // An API that echoes: every encoding of the bearer token becomes a mark.
    const testCall = async () => {
      const result = await h.services.handlers['connections:testCall']({
        connectionId: id,
        method: 'GET',
        path: h.sandbox.d.vendors.sumup.test_call.path,
        headers: {},
      });
      payloads.push(result);
      return result;
    };
    await setFault(h.sandbox, 'sumup', 'echo', { target: 'api', times: 1 });
    const echoed = await testCall();

    // The same with the first token straddling the 256 KiB cut of the shown body.
    await setFault(h.sandbox, 'sumup', 'echo', { target: 'api', times: 1, pad_to: TEST_CALL_BODY_LIMIT });
    const cut = await testCall();
    const token = (await h.services.keeper.secretsOf(id))!.accessToken;

    // A token endpoint that echoes the refresh token and the client secret in its error.
    await setFault(h.sandbox, 'sumup', 'echo', { target: 'token', times: 1 });
    const refresh = await h.services.handlers['connections:refresh']({ connectionId: id }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refresh).toMatchObject({ code: 'INVALID_CLIENT' });
    payloads.push(refresh, await h.services.handlers['connections:get']({ connectionId: id }));

    // The health check's API call echoes too; then the report is exported.
    await setFault(h.sandbox, 'sumup', 'echo', { target: 'api' });
    payloads.push(await h.services.handlers['diagnostics:healthCheck']({ connectionId: id }));
    const report = await h.services.handlers['diagnostics:exportReport']({ connectionId: id });
    expect(() => JSON.parse(report.content)).not.toThrow();
    expect(report.content).toContain('invalid_client');

    const secrets = await everySecret([clientSecret, token]);
    expect(secrets.length).toBeGreaterThanOrEqual(4);
    const leaks = findLeaks(secrets, {
      'IPC payloads': JSON.stringify(payloads),
      history: JSON.stringify(h.store.getHistory(id)),
      'log lines': h.logLines.join('\n'),
      report: report.content,
      'stored metadata': JSON.stringify({ record: h.store.getConnection(id), apps: h.store.listApps() }),
    });
    // The scan first: with redaction switched off, this is the assertion that fails.
    expect(leaks, leaks.join('\n')).toEqual([]);

    // The echo was there to be found: each encoding of the bearer token became a mark.
    expect(echoed.status).toBe(200);
    expect(echoed.body.split('[redacted]').length - 1).toBeGreaterThanOrEqual(12);
    expect(echoed.headers['x-echo-authorization']).toBe('Bearer [redacted]');
    // A body cut at 256 KiB ends with no beginning of the token (a prefix is no leak to the scanner).
    expect(cut.bodyTruncated).toBe(true);
    for (let k = 4; k < token.length; k += 1) {
      expect(cut.body.endsWith(token.slice(0, k)), `body ends with ${k} characters of the token`).toBe(false);
    }
  });

  it("the scanner finds each of the echo's encodings (it can fail)", async () => {
    const app = await h.addApp('sumup');
    const { id } = await h.connect(app.id, 'authorization_code');
    const token = (await h.services.keeper.secretsOf(id))!.accessToken;
    await setFault(h.sandbox, 'sumup', 'echo', { target: 'api', times: 1 });
    const raw = await (
      await fetch(`${h.sandbox.d.vendors.sumup.api_base_url}${h.sandbox.d.vendors.sumup.test_call.path}`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).text();
    const forms = Object.entries(echoEncodings(token));
    expect(forms).toHaveLength(12);
    for (const [encoding, form] of forms) {
      expect(raw, encoding).toContain(form);
      // One encoding at a time, alone in its place: each must be found.
      const hits = findLeaks([{ kind: 'access_token', vendor: 'sumup', value: token }], {
        [encoding]: `before ${form} after`,
      });
      expect(hits, encoding).toHaveLength(1);
    }
    const basic = `Basic ${Buffer.from(`client-id-1:${token}`).toString('base64')}`;
    expect(findLeaks([{ kind: 'client_secret', vendor: 'sumup', value: token }], { basic })).toHaveLength(1);
  });
});
