import { afterEach, describe, expect, it } from 'vitest';
import { realTimers, type Timers } from '../../../src/main/connections/token-keeper';
import type { MemoryStore, MemoryVault } from '../../support/memory-storage';
import { startHarness, type Harness } from '../../support/services-harness';
import { setFault, tokenRequestCounts } from '../oauth/helpers';

/**
 * The keep-alive rules on the scheduler's real timers (no "run what is due" hook): a test that moves
 * the clock uses the app's own resume-from-sleep path, and everything else happens on setTimeout.
 * Each rule is counted at the sandbox, where a double or looping refresh would show.
 */

const DAY = 24 * 3600;
const harnesses: Harness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});
async function harness(options: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  const h = await startHarness(options);
  harnesses.push(h);
  return h;
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const refreshes = async (h: Harness, vendor: Parameters<typeof tokenRequestCounts>[1]) =>
  (await tokenRequestCounts(h.sandbox, vendor)).refresh_token ?? 0;
async function maxInFlight(h: Harness): Promise<number> {
  const stats = (await (await fetch(h.sandbox.d.admin.stats)).json()) as {
    max_token_requests_in_flight: number;
  };
  return stats.max_token_requests_in_flight;
}

describe('keep-alive on the real timers', () => {
  it('a storm of 60 single-use refresh tokens due at once: exactly 60 refresh requests, at most 8 at a time', async () => {
    const h = await harness();
    const app = await h.addApp('taptouch');
    const ids: string[] = [];
    for (let i = 0; i < 60; i += 1) {
      ids.push((await h.connect(app.id, 'authorization_code', { scopes: ['integration.store'] })).id);
    }
    const before = await refreshes(h, 'taptouch');
    await fetch(`${h.sandbox.d.admin.stats}/reset`, { method: 'POST' });
    // Slow answers, so that refreshes overlap and a missing concurrency cap would show.
    await setFault(h.sandbox, 'taptouch', 'latency', { latency_ms: 200, times: 60, target: 'token' });
    await h.advance(h.sandbox.d.vendors.taptouch.access_token_lifetime + 60);
    await h.catchUp();
    // A quiet second on the real timers: a timer re-armed while its refresh ran would fire here.
    await sleep(1_000);
    await h.settle();
    expect(await refreshes(h, 'taptouch')).toBe(before + 60);
    expect(await maxInFlight(h)).toBeLessThanOrEqual(8);
    expect(await maxInFlight(h)).toBeGreaterThan(1);
    for (const id of ids) {
      const detail = await h.services.handlers['connections:get']({ connectionId: id });
      expect(detail.state).toBe('connected');
      expect(detail.history.filter((event) => event.kind === 'refreshed')).toHaveLength(1);
    }
  });

  it('short lifetimes never loop: 0.001 s, 1 s and 60 s tokens are not renewed before the 30 s floor', async () => {
    const h = await harness();
    const app = await h.addGenericApp();
    const connected: string[] = [];
    for (const expiresIn of [0.001, 1, 60]) {
      await h.setGenericLifetimes({ accessTokenLifetime: Math.max(1, expiresIn), expiresIn });
      connected.push((await h.connect(app.id, 'authorization_code')).id);
    }
    const before = await refreshes(h, 'generic');
    // The old code sent 250–320 token requests in 5 s for these.
    await sleep(2_000);
    expect(await refreshes(h, 'generic')).toBe(before);
    for (const id of connected) {
      expect(h.services.scheduler.plannedAt(id)! - h.now()).toBeGreaterThan(25_000);
    }
    // Past the floor: each is renewed once, then waits for the floor again.
    await h.advance(31);
    await h.catchUp();
    await sleep(500);
    await h.settle();
    expect(await refreshes(h, 'generic')).toBe(before + 3);
    const detail = await h.services.handlers['connections:get']({ connectionId: connected[1]! });
    expect(
      detail.history.some((event) => event.kind === 'warning' && /at most every/.test(event.summary)),
    ).toBe(true);
  });

  it('a lead longer than the token (SumUp 3,599 s with a 3,600 s lead) is capped at half the lifetime', async () => {
    const h = await harness();
    await h.services.handlers['settings:update']({ refreshLeadSeconds: 3600 });
    const app = await h.addApp('sumup');
    const detail = await h.connect(app.id, 'authorization_code');
    const before = await refreshes(h, 'sumup');
    await sleep(1_000);
    expect(await refreshes(h, 'sumup')).toBe(before);
    const planned = h.services.scheduler.plannedAt(detail.id)! - h.now();
    expect(planned).toBeGreaterThan(1_700_000);
    expect(planned).toBeLessThan(1_800_000);
  });

  it('60 s tokens whose rotated refresh tokens revoke the chain on replay stay connected through 10 minutes, about one refresh per 30 s', async () => {
    const h = await harness();
    await h.setGenericLifetimes({ accessTokenLifetime: 60, expiresIn: null });
    const app = await h.addGenericApp();
    const detail = await h.connect(app.id, 'authorization_code');
    const before = await refreshes(h, 'generic');
    for (let second = 0; second < 600; second += 5) {
      await h.advance(5);
      await h.catchUp();
    }
    const count = (await refreshes(h, 'generic')) - before;
    expect(count).toBeGreaterThanOrEqual(17);
    expect(count).toBeLessThanOrEqual(21);
    const after = await h.services.handlers['connections:get']({ connectionId: detail.id });
    expect(after.state).toBe('connected');
    expect(after.history.some((event) => event.error?.code === 'INVALID_GRANT')).toBe(false);
  });

  it('a stop in the middle of a refresh waits for it and saves the rotated pair; the restart carries on', async () => {
    const first = await harness();
    await first.setGenericLifetimes({ accessTokenLifetime: 60, expiresIn: null });
    const app = await first.addGenericApp();
    const detail = await first.connect(app.id, 'authorization_code');
    const vault = first.vault as MemoryVault;
    const spent = (await vault.getConnectionSecrets(detail.id))?.refreshToken;
    await setFault(first.sandbox, 'generic', 'latency', { latency_ms: 500, times: 1, target: 'token' });
    await first.advance(31);
    first.services.resume();
    const deadline = Date.now() + 5_000;
    while (!first.services.keeper.isRefreshing(detail.id) && Date.now() < deadline) await sleep(5);
    expect(first.services.keeper.isRefreshing(detail.id)).toBe(true);
    // Quit while the vendor is answering: the rotated token must be in the vault when stop returns.
    const left = await first.services.stop(5_000);
    expect(left).toEqual({ unfinished: 0, unsaved: 0 });
    const saved = (await vault.getConnectionSecrets(detail.id))?.refreshToken;
    expect(saved).toBeDefined();
    expect(saved).not.toBe(spent);

    const second = await harness({
      sandbox: first.sandbox,
      store: first.store as MemoryStore,
      vault,
    });
    // Past the floor counted from the pair the first run saved (its clock was 31 s ahead).
    await second.advance(62);
    await second.catchUp();
    const after = await second.services.handlers['connections:get']({ connectionId: detail.id });
    expect(after.state).toBe('connected');
    expect(after.history.filter((event) => event.kind === 'refreshed')).toHaveLength(2);
  });

  it('backs off after a failure that may pass, and stops for good on invalid_client and invalid_grant', async () => {
    const h = await harness();
    const app = await h.addApp('sumup');
    const flaky = await h.connect(app.id, 'authorization_code', { label: 'Flaky' });
    await setFault(h.sandbox, 'sumup', '5xx', { times: 1, target: 'token' });
    await h.advance(3600);
    await h.catchUp();
    const retryAt = h.services.scheduler.plannedAt(flaky.id)!;
    expect(retryAt - h.now()).toBeGreaterThanOrEqual(29_000);
    await h.advance(Math.ceil((retryAt - h.now()) / 1000) + 1);
    await h.catchUp();
    expect(
      (await h.services.handlers['connections:get']({ connectionId: flaky.id })).lastRefreshAt,
    ).toBeDefined();

    // A wrong client secret: the vendor says invalid_client; only a person can fix that.
    const badApp = await h.addApp('sumup');
    const refused = await h.connect(badApp.id, 'authorization_code', { label: 'Refused' });
    await h.services.handlers['apps:save']({ ...badApp, clientSecret: 'not-the-secret', params: {} });
    const before = await refreshes(h, 'sumup');
    await h.advance(3600);
    await h.catchUp();
    expect(await refreshes(h, 'sumup')).toBeGreaterThan(before);
    const failed = await h.services.handlers['connections:get']({ connectionId: refused.id });
    expect(failed.state).toBe('failed');
    expect(failed.stateReason?.code).toBe('INVALID_CLIENT');
    expect(h.services.scheduler.plannedAt(refused.id)).toBeUndefined();
    const afterFailure = await refreshes(h, 'sumup');
    await h.advance(2 * 3600);
    await h.catchUp();
    // The flaky one is renewed again; the refused one is not tried again.
    expect(await refreshes(h, 'sumup')).toBe(afterFailure + 1);
  });

  it('never arms a timer beyond what Node holds: a refresh 60 days away sleeps quietly', async () => {
    let armed = 0;
    const counting: Timers = {
      setTimeout: (callback, ms) => {
        armed += 1;
        return realTimers.setTimeout(callback, ms);
      },
      clearTimeout: (handle) => realTimers.clearTimeout(handle),
    };
    const h = await harness({ timers: counting });
    await h.setGenericLifetimes({ accessTokenLifetime: 60 * DAY, expiresIn: null });
    const app = await h.addGenericApp();
    const detail = await h.connect(app.id, 'authorization_code');
    const before = await refreshes(h, 'generic');
    const armedBefore = armed;
    await sleep(500);
    // An overflowing delay fires after 1 ms and would wake the scheduler hundreds of times here.
    expect(armed - armedBefore).toBeLessThanOrEqual(2);
    expect(await refreshes(h, 'generic')).toBe(before);
    expect(h.services.scheduler.plannedAt(detail.id)! - h.now()).toBeGreaterThan(59 * DAY * 1000);
  });

  it('warns once before a refresh token lapses', async () => {
    const h = await harness();
    await h.services.handlers['settings:update']({ refreshTokenWarningHours: 720 });
    const app = await h.addApp('sumup-pos-pro');
    await h.connect(app.id, 'authorization_code', { scopes: ['order/read'] });
    expect(h.notifications.filter((n) => n.includes('about to lapse'))).toHaveLength(0);
    // 31 days on, the 60-day refresh token (it does not rotate) has under 30 days left.
    await h.advance(31 * DAY);
    await h.catchUp();
    expect(h.notifications.filter((n) => n.includes('about to lapse'))).toHaveLength(1);
    // Planned again (a settings change, more refreshes): still one warning for this refresh token.
    await h.services.handlers['settings:update']({ refreshLeadSeconds: 600 });
    await h.advance(2 * 3600);
    await h.catchUp();
    expect(h.notifications.filter((n) => n.includes('about to lapse'))).toHaveLength(1);
  });

  it('a disconnect revokes the grant at the provider', async () => {
    const h = await harness();
    const app = await h.addGenericApp();
    const detail = await h.connect(app.id, 'authorization_code');
    const refreshToken = (await h.vault.getConnectionSecrets(detail.id))?.refreshToken;
    const appSecret = await h.vault.getAppSecret(app.id);
    const result = await h.services.handlers['connections:disconnect']({ connectionId: detail.id });
    expect(result.revoked).toBe(true);
    const response = await fetch(h.sandbox.d.vendors.generic.token_endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${app.clientId}:${appSecret ?? ''}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken ?? '' }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('a token used within 30 s of its expiry is renewed first', async () => {
    const h = await harness();
    const app = await h.addApp('sumup');
    const detail = await h.connect(app.id, 'authorization_code');
    const before = await refreshes(h, 'sumup');
    // 20 s of life left (timers not caught up: only the use can notice).
    await h.advance(3599 - 20);
    const call = await h.services.handlers['connections:testCall']({
      connectionId: detail.id,
      method: 'GET',
      path: '/v0.1/me',
      headers: {},
    });
    expect(call.status).toBe(200);
    expect(call.refreshedAndRetried).toBe(false);
    expect(await refreshes(h, 'sumup')).toBe(before + 1);
  });

  it('refuses to copy a known secret to the clipboard', async () => {
    const h = await harness();
    const app = await h.addApp('sumup');
    const detail = await h.connect(app.id, 'authorization_code');
    const token = (await h.vault.getConnectionSecrets(detail.id))!.accessToken;
    await expect(
      h.services.handlers['clipboard:writeText']({ text: `Bearer ${token}` }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    expect(h.clipboard).toEqual([]);
  });

  it('catches up after sleep: a refresh that fell due while the timers slept runs on resume', async () => {
    const h = await harness();
    const app = await h.addApp('sumup');
    await h.connect(app.id, 'authorization_code');
    const before = await refreshes(h, 'sumup');
    await h.advance(3600);
    await sleep(300);
    expect(await refreshes(h, 'sumup')).toBe(before);
    await h.catchUp();
    expect(await refreshes(h, 'sumup')).toBe(before + 1);
  });

  it('a vendor that announces nonsense lifetimes gets clamped dates, a history line, and never breaks the list', async () => {
    const h = await harness();
    const app = await h.addGenericApp();
    const ids: string[] = [];
    for (const expiresIn of [1e20, 1e306]) {
      await h.setGenericLifetimes({ expiresIn });
      ids.push((await h.connect(app.id, 'authorization_code')).id);
    }
    const list = await h.services.handlers['connections:list']();
    expect(list).toHaveLength(2);
    for (const id of ids) {
      const detail = await h.services.handlers['connections:get']({ connectionId: id });
      expect(Date.parse(detail.accessTokenExpiresAt!) - h.now()).toBeLessThanOrEqual(
        400 * DAY * 1000 + 5_000,
      );
      expect(detail.history.some((event) => event.kind === 'warning')).toBe(true);
    }
    const restarted = await harness({
      sandbox: h.sandbox,
      store: h.store as MemoryStore,
      vault: h.vault as MemoryVault,
    });
    expect(await restarted.services.handlers['connections:list']()).toHaveLength(2);
  });

  it('a grant revoked at the vendor shows at once on Check all now', async () => {
    const h = await harness();
    const sumup = await h.connect((await h.addApp('sumup')).id, 'authorization_code');
    const taptouch = await h.connect((await h.addApp('taptouch')).id, 'authorization_code', {
      scopes: ['integration.store'],
    });
    await fetch(h.sandbox.d.admin.revoke, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ vendor: 'sumup' }),
    });
    const result = await h.services.handlers['connections:checkAll']();
    expect(result).toMatchObject({ rejected: 1, works: 1 });
    expect((await h.services.handlers['connections:get']({ connectionId: sumup.id })).state).toBe(
      'needs_reauthorization',
    );
    expect((await h.services.handlers['connections:get']({ connectionId: taptouch.id })).state).toBe(
      'connected',
    );
  });

  it('"Refresh now" on a connection that cannot renew keeps its working token and says why', async () => {
    const h = await harness();
    const app = await h.addApp('sumup');
    const detail = await h.connect(app.id, 'authorization_code');
    // A connection that holds only an access token (a vendor that issues no refresh token).
    const record = h.store.getConnection(detail.id)!;
    h.store.saveConnection({ ...record, hasRefreshToken: false });
    const secrets = (await h.vault.getConnectionSecrets(detail.id))!;
    await h.vault.putConnectionSecrets(detail.id, { accessToken: secrets.accessToken });
    await expect(
      h.services.handlers['connections:refresh']({ connectionId: detail.id }),
    ).rejects.toMatchObject({
      code: 'CANNOT_RENEW',
    });
    const after = await h.services.handlers['connections:get']({ connectionId: detail.id });
    expect(after.state).not.toBe('needs_reauthorization');
    const call = await h.services.handlers['connections:testCall']({
      connectionId: detail.id,
      method: 'GET',
      path: '/v0.1/me',
      headers: {},
    });
    expect(call.status).toBe(200);
  });

  it('a health check whose call is refused with 401 moves the state when the renewal fails too', async () => {
    const h = await harness();
    const app = await h.addApp('sumup');
    const detail = await h.connect(app.id, 'authorization_code');
    await fetch(h.sandbox.d.admin.revoke, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ vendor: 'sumup' }),
    });
    const report = await h.services.handlers['diagnostics:healthCheck']({ connectionId: detail.id });
    expect(report.items.find((item) => item.id === 'token_valid')?.status).toBe('fail');
    expect((await h.services.handlers['connections:get']({ connectionId: detail.id })).state).toBe(
      'needs_reauthorization',
    );
  });
});
