import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  authorize,
  requestToken,
  type TokenEndpointConfig,
  type TokenGrantInput,
} from '../../../src/main/oauth';
import type { SandboxFault } from '../../../src/shared/sandbox-descriptor';
import {
  appError,
  expectNoSecret,
  freePort,
  issuedSecrets,
  openSandbox,
  registerClient,
  SandboxBrowser,
  sandboxConfig,
  setFault,
  tokenRequestCounts,
  type Sandbox,
} from './helpers';

/**
 * Each sandbox fault switch → its typed error, sent once (never retried), with no secret the
 * sandbox ever issued or accepted in the error's message, detail or JSON. Run for a form-encoded
 * vendor (SumUp client credentials) and for the vendor whose token URL carries client_secret and
 * the refresh token in its query string (SumUp POS Pro refresh).
 */

let sb: Sandbox;
let sumup: { config: TokenEndpointConfig; input: TokenGrantInput; grant: string };
let posPro: { config: TokenEndpointConfig; input: TokenGrantInput; grant: string };
const TIMEOUT_MS = 300;

beforeAll(async () => {
  sb = await openSandbox();
  const sumupClient = await registerClient(sb, 'sumup');
  sumup = {
    config: sandboxConfig(sb, 'sumup', sumupClient, {}, { timeoutMs: TIMEOUT_MS }),
    input: { grant: 'client_credentials' },
    grant: 'client_credentials',
  };
  const port = await freePort();
  const posClient = await registerClient(sb, 'sumup-pos-pro', {
    redirectUris: [`http://127.0.0.1:${port}/callback`],
  });
  const posConfig = sandboxConfig(sb, 'sumup-pos-pro', posClient, {}, { timeoutMs: TIMEOUT_MS });
  const { tokens } = await authorize(posConfig, { browser: new SandboxBrowser(), port });
  posPro = {
    config: posConfig,
    input: { grant: 'refresh_token', refreshToken: tokens.refreshToken ?? '' },
    grant: 'refresh_token',
  };
});
afterEach(async () => {
  await setFault(sb, 'sumup', null);
  await setFault(sb, 'sumup-pos-pro', null);
});
afterAll(() => sb.close());

const CASES: [SandboxFault, Record<string, number | string>, string][] = [
  ['latency', { latency_ms: 1500 }, 'TIMEOUT'],
  ['5xx', {}, 'SERVER_ERROR'],
  ['html', {}, 'HTML_RESPONSE'],
  ['malformed-json', {}, 'NOT_JSON'],
  ['429', { retry_after: 42 }, 'RATE_LIMITED'],
  ['reset', {}, 'NETWORK'],
];

describe.each([
  ['sumup', () => sumup],
  ['sumup-pos-pro', () => posPro],
] as const)('%s token endpoint faults', (vendor, target) => {
  it.each(CASES)('%s %o → %s, sent once, no secret in the error', async (fault, options, code) => {
    const { config, input, grant } = target();
    await setFault(sb, vendor, fault, { ...options, times: 1 });
    const before = (await tokenRequestCounts(sb, vendor))[grant] ?? 0;
    const error = await appError(requestToken(config, input));
    expect(error.code).toBe(code);
    if (fault === '429') {
      expect(error.retryAfterSeconds).toBe(42);
      expect(error.message).toContain('42');
    }
    expect((await tokenRequestCounts(sb, vendor))[grant]).toBe(before + 1);
    await expectNoSecret(sb, error);
    // The scan is only worth something if the sandbox reports this client's secret.
    expect(await issuedSecrets(sb)).toContain(config.client.clientSecret);
  });

  it('the 5xx fault with a plain-text body → SERVER_ERROR', async () => {
    const { config, input } = target();
    await fetch(sb.d.admin.faults, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ vendor, fault: '5xx', body: 'text', times: 1 }),
    });
    expect((await appError(requestToken(config, input))).code).toBe('SERVER_ERROR');
  });

  it('after the fault clears, the same request succeeds', async () => {
    const { config, input } = target();
    const tokens = await requestToken(config, input);
    expect(tokens.accessToken).toBeTruthy();
    if (input.grant === 'refresh_token' && tokens.refreshToken) input.refreshToken = tokens.refreshToken;
  });
});
