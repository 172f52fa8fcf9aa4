import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../support/services-harness';
import { tokenRequestCounts } from '../oauth/helpers';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

describe('connecting each vendor by each of its grants, then a test call', () => {
  it('SumUp: authorization code with default scopes, then GET /v0.1/me', async () => {
    const app = await h.addApp('sumup');
    expect(app.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    const detail = await h.connect(app.id, 'authorization_code', { scopes: [] });
    expect(detail.state).toBe('connected');
    expect(detail.grantedScopes).toEqual(
      expect.arrayContaining(['transactions.history', 'user.app-settings', 'user.profile_readonly']),
    );
    expect(detail.scopesSource).toBe('response');
    expect(detail.hasRefreshToken).toBe(true);
    const call = await h.services.handlers['connections:testCall']({
      connectionId: detail.id,
      method: 'GET',
      path: '/v0.1/me',
      headers: {},
    });
    expect(call.status).toBe(200);
    expect(call.curl).toContain('$ACCESS_TOKEN');
  });

  it('SumUp: client credentials, no refresh token, renews itself with its credentials', async () => {
    const app = await h.addApp('sumup');
    const detail = await h.connect(app.id, 'client_credentials');
    expect(detail.hasRefreshToken).toBe(false);
    expect(detail.state).toBe('connected');
    const refreshed = await h.services.handlers['connections:refresh']({ connectionId: detail.id });
    expect(refreshed.state).toBe('connected');
    expect((await tokenRequestCounts(h.sandbox, 'sumup')).client_credentials).toBeGreaterThanOrEqual(2);
  });

  it('SumUp POS Pro: authorization code (query-string token request), then orders', async () => {
    const app = await h.addApp('sumup-pos-pro');
    const detail = await h.connect(app.id, 'authorization_code', { scopes: ['order/read', 'order/write'] });
    expect(detail.state).toBe('connected');
    const call = await h.services.handlers['connections:testCall']({
      connectionId: detail.id,
      method: 'GET',
      path: '/api/v1/orders',
      headers: {},
    });
    expect(call.status).toBe(200);
    expect(detail.refreshTokenExpiresAt).toBeDefined();
  });

  it('Taptouch: authorization code with PKCE, refresh, and the stores call', async () => {
    const app = await h.addApp('taptouch');
    const detail = await h.connect(app.id, 'authorization_code', { scopes: ['integration.store'] });
    expect(detail.accessToken?.jwt?.claims).toBeDefined();
    expect(detail.accessToken?.masked).not.toContain('.');
    const refreshed = await h.services.handlers['connections:refresh']({ connectionId: detail.id });
    expect(refreshed.state).toBe('connected');
    const call = await h.services.handlers['connections:testCall']({
      connectionId: detail.id,
      method: 'GET',
      path: '/integration/v1/stores',
      headers: {},
    });
    expect(call.status).toBe(200);
  });

  it('Taptouch: client credentials with the order and inventory scopes', async () => {
    const app = await h.addApp('taptouch');
    const detail = await h.connect(app.id, 'client_credentials', {
      scopes: ['integration.order', 'integration.inventory'],
    });
    expect(detail.grantedScopes).toEqual(
      expect.arrayContaining(['integration.order', 'integration.inventory']),
    );
  });

  it('Taptouch: a scope the grant cannot ask for is refused before any request', async () => {
    const app = await h.addApp('taptouch');
    const before = await tokenRequestCounts(h.sandbox, 'taptouch');
    await expect(
      h.connect(app.id, 'authorization_code', { scopes: ['integration.order'] }),
    ).rejects.toMatchObject({ code: 'INVALID_SCOPE' });
    expect(await tokenRequestCounts(h.sandbox, 'taptouch')).toEqual(before);
  });

  it('PowerEPOS: service account password with the organisation code; the service URI comes from the token', async () => {
    const app = await h.addApp('powerepos');
    const account = h.sandbox.d.vendors.powerepos.users![0]!;
    const detail = await h.connect(app.id, 'password', {
      username: account.username,
      password: account.password,
      params: { org_id: account.org_id! },
      scopes: ['des', 'offline_access'],
    });
    expect(detail.apiBaseUrl).toContain(account.org_id!);
    expect(detail.accessToken?.jwt?.claims.svc).toBe(detail.apiBaseUrl);
    expect(detail.keepsPassword).toBe(false);
    expect(await h.vault.getConnectionSecrets(detail.id)).not.toHaveProperty('password');
    const call = await h.services.handlers['connections:testCall']({
      connectionId: detail.id,
      method: 'GET',
      path: '/status',
      headers: {},
    });
    expect(call.status).toBe(200);
  });

  it('Chimpy: password grant with audience and offline_access, then a refresh', async () => {
    const app = await h.addApp('chimpy');
    const user = h.sandbox.d.vendors.chimpy.users![0]!;
    const detail = await h.connect(app.id, 'password', {
      username: user.username,
      password: user.password,
      keepPassword: true,
      scopes: ['offline_access'],
    });
    expect(detail.hasRefreshToken).toBe(true);
    expect(detail.keepsPassword).toBe(true);
    expect((await h.vault.getConnectionSecrets(detail.id))?.password).toBe(user.password);
    await h.services.handlers['connections:refresh']({ connectionId: detail.id });
    const call = await h.services.handlers['connections:testCall']({
      connectionId: detail.id,
      method: 'GET',
      path: '/api/v2/stores',
      headers: {},
    });
    expect(call.status).toBe(200);
  });
});
