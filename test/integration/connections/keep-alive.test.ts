import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../support/services-harness';
import type { MemoryVault } from '../../support/memory-storage';
import { setFault, tokenRequestCounts } from '../oauth/helpers';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => h.close());

const DAY = 24 * 3600;

describe('keeping connections alive', () => {
  it('refreshes on time: the scheduler plans the refresh before expiry and runs it when due', async () => {
    const app = await h.addApp('sumup-pos-pro');
    const detail = await h.connect(app.id, 'authorization_code', { scopes: ['order/read'] });
    const planned = h.services.scheduler.plannedAt(detail.id)!;
    const expiresAt = Date.parse(detail.accessTokenExpiresAt!);
    expect(planned).toBeLessThan(expiresAt - 300_000 + 1);
    expect(planned).toBeGreaterThan(expiresAt - 300_000 - 60_000 - 1);
    const before = (await tokenRequestCounts(h.sandbox, 'sumup-pos-pro')).refresh_token ?? 0;
    await h.advance(3600 - 200);
    await h.catchUp();
    expect((await tokenRequestCounts(h.sandbox, 'sumup-pos-pro')).refresh_token).toBe(before + 1);
    const after = await h.services.handlers['connections:get']({ connectionId: detail.id });
    expect(Date.parse(after.accessTokenExpiresAt!)).toBeGreaterThan(expiresAt);
    expect(after.history.some((event) => event.kind === 'refreshed')).toBe(true);
  });

  it('50 concurrent test calls on an expired token cause exactly one refresh request', async () => {
    const app = await h.addApp('taptouch');
    const detail = await h.connect(app.id, 'authorization_code', { scopes: ['integration.store'] });
    await h.advance(2 * DAY + 60);
    const before = (await tokenRequestCounts(h.sandbox, 'taptouch')).refresh_token ?? 0;
    const calls = await Promise.all(
      Array.from({ length: 50 }, () =>
        h.services.handlers['connections:testCall']({
          connectionId: detail.id,
          method: 'GET',
          path: '/integration/v1/stores',
          headers: {},
        }),
      ),
    );
    expect(calls.every((call) => call.status === 200)).toBe(true);
    expect((await tokenRequestCounts(h.sandbox, 'taptouch')).refresh_token).toBe(before + 1);
  });

  it('a 401 from the API leads to one refresh and one retry', async () => {
    const app = await h.addApp('sumup');
    const detail = await h.connect(app.id, 'authorization_code');
    // The sandbox expires the token; the app's clock still thinks it is valid.
    await fetch(h.sandbox.d.admin.advance_clock, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seconds: 3700 }),
    });
    const call = await h.services.handlers['connections:testCall']({
      connectionId: detail.id,
      method: 'GET',
      path: '/v0.1/me',
      headers: {},
    });
    expect(call.status).toBe(200);
    expect(call.refreshedAndRetried).toBe(true);
  });

  it('a revoked grant ends in needs re-authorization, is never retried, and the connection is kept', async () => {
    const app = await h.addApp('sumup');
    const detail = await h.connect(app.id, 'authorization_code');
    await fetch(h.sandbox.d.admin.revoke, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ vendor: 'sumup' }),
    });
    await expect(
      h.services.handlers['connections:refresh']({ connectionId: detail.id }),
    ).rejects.toMatchObject({ code: 'INVALID_GRANT' });
    const after = await h.services.handlers['connections:get']({ connectionId: detail.id });
    expect(after.state).toBe('needs_reauthorization');
    expect(after.attention[0]?.kind).toBe('needs_reauthorization');
    expect(h.notifications.some((n) => n.includes('Reconnect'))).toBe(true);
    const count = (await tokenRequestCounts(h.sandbox, 'sumup')).refresh_token;
    await expect(
      h.services.handlers['connections:refresh']({ connectionId: detail.id }),
    ).rejects.toMatchObject({ code: 'NEEDS_REAUTHORIZATION' });
    await h.catchUp();
    expect((await tokenRequestCounts(h.sandbox, 'sumup')).refresh_token).toBe(count);
    expect(h.services.scheduler.plannedAt(detail.id)).toBeUndefined();
    // Reconnecting brings it back.
    const again = await h.connect(app.id, 'authorization_code', { reconnectId: detail.id });
    expect(again.id).toBe(detail.id);
    expect(again.state).toBe('connected');
  });

  it('keeps a Taptouch refresh token alive inside its 4-day window as the clock moves', async () => {
    const app = await h.addApp('taptouch');
    const detail = await h.connect(app.id, 'authorization_code', { scopes: ['integration.store'] });
    for (let day = 0; day < 10; day += 1) {
      const planned = h.services.scheduler.plannedAt(detail.id)!;
      await h.advance(Math.ceil((planned - h.now()) / 1000) + 1);
      await h.catchUp();
    }
    const after = await h.services.handlers['connections:get']({ connectionId: detail.id });
    expect(after.state).toBe('connected');
    expect(Date.parse(after.refreshTokenExpiresAt!)).toBeGreaterThan(h.now());
    const call = await h.services.handlers['connections:testCall']({
      connectionId: detail.id,
      method: 'GET',
      path: '/integration/v1/stores',
      headers: {},
    });
    expect(call.status).toBe(200);
  });

  it('records a PowerEPOS service URI change in the history', async () => {
    const app = await h.addApp('powerepos');
    const account = h.sandbox.d.vendors.powerepos.users![0]!;
    const detail = await h.connect(app.id, 'password', {
      username: account.username,
      password: account.password,
      params: { org_id: account.org_id! },
      scopes: ['des', 'offline_access'],
    });
    const moved = `${h.sandbox.d.base_url}/powerepos/des-moved/${account.org_id}/`;
    await fetch(h.sandbox.d.admin.powerepos_service_uri, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ serviceUri: moved, org_id: account.org_id }),
    });
    const after = await h.services.handlers['connections:refresh']({ connectionId: detail.id });
    expect(after.apiBaseUrl).toBe(moved);
    expect(after.history.find((event) => event.kind === 'service_uri_changed')?.data).toMatchObject({
      before: detail.apiBaseUrl,
      after: moved,
    });
  });

  it('a transient failure keeps the connection and the old tokens, and backs off honouring Retry-After', async () => {
    const app = await h.addApp('sumup');
    const detail = await h.connect(app.id, 'authorization_code');
    const before = await h.vault.getConnectionSecrets(detail.id);
    await setFault(h.sandbox, 'sumup', '429', { retry_after: 120, times: 1 });
    await expect(
      h.services.handlers['connections:refresh']({ connectionId: detail.id }),
    ).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(await h.vault.getConnectionSecrets(detail.id)).toEqual(before);
    const after = await h.services.handlers['connections:get']({ connectionId: detail.id });
    expect(after.state).toBe('connected');
    expect(after.attention.map((a) => a.kind)).toContain('refresh_failed');
  });

  it('when the vault cannot be written, the new token pair is kept in memory and written later on its own', async () => {
    await h.close();
    h = await startHarness({ unsavedRetryMs: 100 });
    const app = await h.addApp('taptouch');
    const detail = await h.connect(app.id, 'authorization_code', { scopes: ['integration.store'] });
    const vault = h.vault as MemoryVault;
    vault.failWrites = true;
    await h.services.handlers['connections:refresh']({ connectionId: detail.id });
    expect(h.services.keeper.pendingWrites()).toBe(1);
    // The single-use refresh token was spent: only the in-memory pair can refresh now.
    await h.services.handlers['connections:refresh']({ connectionId: detail.id });
    vault.failWrites = false;
    // Nobody calls a flush: the keeper's own timer writes the pair once the vault takes it again.
    const deadline = Date.now() + 5_000;
    while (h.services.keeper.pendingWrites() > 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(h.services.keeper.pendingWrites()).toBe(0);
    expect((await h.vault.getConnectionSecrets(detail.id))?.refreshToken).toBeDefined();
    const call = await h.services.handlers['connections:testCall']({
      connectionId: detail.id,
      method: 'GET',
      path: '/integration/v1/stores',
      headers: {},
    });
    expect(call.status).toBe(200);
  });

  it('invalid_grant re-reads the vault once: another instance may have rotated the token', async () => {
    const app = await h.addApp('taptouch');
    const detail = await h.connect(app.id, 'authorization_code', { scopes: ['integration.store'] });
    const vault = h.vault as MemoryVault;
    const current = structuredClone(vault.connections.get(detail.id)!);
    // This instance's copy is stale: "another instance" has since rotated the refresh token, so the
    // token it holds is one the provider no longer knows.
    vault.connections.set(detail.id, { ...current, refreshToken: 'rotated-away-by-another-instance' });
    let reloaded = false;
    vault.reload = async () => {
      reloaded = true;
      vault.connections.set(detail.id, current);
    };
    const after = await h.services.handlers['connections:refresh']({ connectionId: detail.id });
    expect(reloaded).toBe(true);
    expect(after.state).toBe('connected');
  });
});
