import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultScopesFor } from '../../../src/shared/providers/scope-rules';
import { startHarness, type Harness } from '../../support/services-harness';
import { authorize, type BrowserPort } from '../../../src/main/oauth/authorization-code';
import type { AppErrorData } from '../../../src/shared/errors';
import { appError, freePort, registerClient, sandboxConfig, tokenRequestCounts } from '../oauth/helpers';

/**
 * Issue 13, "The five vendors exactly as documented", end to end: the main-process services against
 * the sandbox, one describe block per numbered point that the sandbox can show.
 */

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

const admin = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('issue 13 point 1: SumUp client credentials with the default selection', () => {
  it("connects with the wizard's defaults for client credentials (no merchant scope)", async () => {
    const app = await h.addApp('sumup');
    const scopes = defaultScopesFor(h.services.providers.get('sumup'), 'client_credentials');
    const detail = await h.connect(app.id, 'client_credentials', { scopes });
    expect(detail.state).toBe('connected');
    expect(detail.hasRefreshToken).toBe(false);
  });

  it('a merchant scope with client credentials is refused in main, naming it, before any request', async () => {
    const app = await h.addApp('sumup');
    const before = await tokenRequestCounts(h.sandbox, 'sumup');
    await expect(
      h.connect(app.id, 'client_credentials', { scopes: ['transactions.history', 'user.app-settings'] }),
    ).rejects.toMatchObject({ code: 'INVALID_SCOPE', params: { scope: 'transactions.history' } });
    expect(await tokenRequestCounts(h.sandbox, 'sumup')).toEqual(before);
  });
});

describe('issue 13 point 2: PowerEPOS svc claim and org_id', () => {
  const account = () => h.sandbox.d.vendors.powerepos.users![0]!;
  const connect = (appId: string) =>
    h.connect(appId, 'password', {
      username: account().username,
      password: account().password,
      params: { org_id: account().org_id! },
      scopes: ['des', 'offline_access'],
    });

  it("the sandbox mints the service URI in the JWT's svc claim and the app reads it there", async () => {
    const app = await h.addApp('powerepos');
    const detail = await connect(app.id);
    expect(detail.accessToken?.jwt?.claims.svc).toBe(detail.apiBaseUrl);
    expect(detail.accessToken?.jwt?.claims).not.toHaveProperty('service');
  });

  it('an answer for another organisation is refused (PARAM_MISMATCH) and nothing is stored, at connect and at refresh', async () => {
    const app = await h.addApp('powerepos');
    const kept = await connect(app.id);
    const keptSecrets = await h.vault.getConnectionSecrets(kept.id);
    const count = h.store.listConnections().length;
    await admin(h.sandbox.d.admin.powerepos_answered_org, { org_id: 'ORG-SOMEONE-ELSE' });
    try {
      await expect(connect(app.id)).rejects.toMatchObject({
        code: 'PARAM_MISMATCH',
        params: { field: 'org_id', got: 'ORG-SOMEONE-ELSE' },
      });
      expect(h.store.listConnections()).toHaveLength(count);
      await expect(
        h.services.handlers['connections:refresh']({ connectionId: kept.id }),
      ).rejects.toMatchObject({
        code: 'PARAM_MISMATCH',
      });
      expect(await h.vault.getConnectionSecrets(kept.id)).toEqual(keptSecrets);
    } finally {
      await admin(h.sandbox.d.admin.powerepos_answered_org, { org_id: null });
    }
  });
});

describe('issue 13 point 3: a vendor that does not echo state', () => {
  it('Taptouch (callback with only ?code=) connects with PKCE, and the history says state was missing', async () => {
    const app = await h.addApp('taptouch');
    const detail = await h.connect(app.id, 'authorization_code', { scopes: ['integration.store'] });
    expect(detail.state).toBe('connected');
    expect(new URL(h.browser.callbackUrl ?? '').searchParams.has('state')).toBe(false);
    expect(new URL(h.browser.authorizationUrl ?? '').searchParams.get('state')).toBeTruthy();
    const warning = detail.history.find((event) => event.kind === 'warning');
    expect(warning?.data).toMatchObject({ warning: 'state_not_returned' });
  });

  it('POS Pro (state required, no PKCE): a callback without state is refused, reported at once and named in the timeout', async () => {
    const port = await freePort();
    const client = await registerClient(h.sandbox, 'sumup-pos-pro', {
      redirectUris: [`http://127.0.0.1:${port}/callback`],
    });
    const refused: AppErrorData[] = [];
    // A vendor that drops state: the "browser" follows the sandbox's redirect without it.
    const browser: BrowserPort = {
      async open(url) {
        const res = await fetch(url, { headers: { 'x-sandbox-decision': 'approve' }, redirect: 'manual' });
        const callback = new URL(res.headers.get('location') ?? '');
        callback.searchParams.delete('state');
        await (await fetch(callback)).text();
      },
    };
    const error = await appError(
      authorize(sandboxConfig(h.sandbox, 'sumup-pos-pro', client), {
        browser,
        port,
        timeoutMs: 1500,
        onRefusedCallback: (e) => refused.push(e),
      }),
    );
    expect(refused[0]).toMatchObject({ code: 'STATE_MISMATCH' });
    expect(refused[0]?.detail).toContain('state missing');
    expect(error.code).toBe('AUTHORIZATION_TIMEOUT');
    expect(error.detail).toContain('state missing');
  });

  it('SumUp (state echoed) records no such warning', async () => {
    const app = await h.addApp('sumup');
    const detail = await h.connect(app.id, 'authorization_code', { scopes: [] });
    expect(detail.history.some((event) => event.kind === 'warning')).toBe(false);
  });
});

describe('issue 13 point 4: a scope outside the catalogue', () => {
  it('SumUp\'s own example scope "customers" is asked for as an extra scope and kept per connection', async () => {
    const app = await h.addApp('sumup');
    const detail = await h.connect(app.id, 'authorization_code', {
      scopes: ['user.profile_readonly'],
      extraScopes: ['customers'],
    });
    expect(detail.grantedScopes).toEqual(expect.arrayContaining(['user.profile_readonly', 'customers']));
    expect(detail.extraScopes).toEqual(['customers']);
    expect(detail.requestedScopes).toContain('customers');
  });

  it('the same scope in the catalogue list (not typed as extra) is refused', async () => {
    const app = await h.addApp('sumup');
    await expect(h.connect(app.id, 'authorization_code', { scopes: ['customers'] })).rejects.toMatchObject({
      code: 'INVALID_SCOPE',
      params: { scope: 'customers' },
    });
  });
});

describe('issue 13 point 5: Chimpy offline_access and tenant', () => {
  const user = () => h.sandbox.d.vendors.chimpy.users![0]!;

  it('unticked offline_access is not sent: no refresh token; ticked: one', async () => {
    const app = await h.addApp('chimpy');
    const without = await h.connect(app.id, 'password', {
      username: user().username,
      password: user().password,
    });
    expect(without.requestedScopes).not.toContain('offline_access');
    expect(without.hasRefreshToken).toBe(false);
    const withIt = await h.connect(app.id, 'password', {
      username: user().username,
      password: user().password,
      scopes: ['offline_access'],
    });
    expect(withIt.hasRefreshToken).toBe(true);
  });

  it('the tenant is saved from a bare host as an https URL', async () => {
    const app = await h.services.handlers['apps:save']({
      providerId: 'chimpy',
      label: 'Tenant by host',
      clientId: 'chimpy-host-client',
      params: {
        authorization_service_uri: 'auth.tenant.chimpy.app',
        pos_api_uri: 'https://pos.tenant.chimpy.app/',
        audience: 'https://pos-api.tenant',
      },
    });
    expect(app.params).toMatchObject({
      authorization_service_uri: 'https://auth.tenant.chimpy.app',
      pos_api_uri: 'https://pos.tenant.chimpy.app',
    });
  });
});

describe('issue 13 point 7: Taptouch inventory by code; its error envelope', () => {
  it('integration.inventory is granted with the authorization code', async () => {
    const app = await h.addApp('taptouch');
    const detail = await h.connect(app.id, 'authorization_code', {
      scopes: ['integration.store', 'integration.inventory'],
    });
    expect(detail.grantedScopes).toEqual(
      expect.arrayContaining(['integration.store', 'integration.inventory']),
    );
  });

  it('a revoked token answered in the envelope marks the connection for re-authorization', async () => {
    const app = await h.addApp('taptouch');
    const detail = await h.connect(app.id, 'authorization_code', { scopes: ['integration.store'] });
    await admin(h.sandbox.d.admin.revoke, { vendor: 'taptouch', client_id: app.clientId });
    const call = await h.services.handlers['connections:testCall']({
      connectionId: detail.id,
      method: 'GET',
      path: '/integration/v1/stores',
      headers: {},
    });
    expect(call.status).toBe(401);
    expect(JSON.parse(call.body)).toMatchObject({ status: { ack: false } });
    expect(call.failure?.code).toBe('NEEDS_REAUTHORIZATION');
    const after = await h.services.handlers['connections:get']({ connectionId: detail.id });
    expect(after.state).toBe('needs_reauthorization');
  });
});
