import type { HealthCheckItem, HealthReport } from '../../shared/models';
import { renewalKind } from '../../shared/renewal';
import { toErrorData, type AppErrorData } from '../../shared/errors';
import { callProtectedResource, classifyBearerFailure } from '../oauth/bearer-challenge';
import { afterTokenRejected } from '../connections/liveness';
import { createBoundedFetch, type HttpOptions } from '../oauth/http';
import type { ConnectionEndpoints } from '../connections/connection-endpoints';
import type { HistoryLog } from '../connections/history-log';
import type { TokenKeeper } from '../connections/token-keeper';
import { joinApiUrl } from '../connections/test-call';
import type { ProviderRegistry } from '../providers/provider-registry';
import type { Clock } from '../ports';
import { skewFromDateHeader } from './clock-skew';

const SKEW_WARN_MS = 60_000;
const SKEW_FAIL_MS = 5 * 60_000;

export interface HealthCheckDeps {
  endpoints: ConnectionEndpoints;
  keeper: TokenKeeper;
  history: HistoryLog;
  providers: ProviderRegistry;
  now: Clock;
  http?: HttpOptions;
}

/**
 * A support technician's first look at one connection, without changing it: is the token endpoint
 * reachable, is this computer's clock right (token expiry depends on it), does the token work, will
 * the refresh token last, and do the granted scopes cover each documented call. Nothing here
 * refreshes or retries.
 */
export async function runHealthCheck(deps: HealthCheckDeps, connectionId: string): Promise<HealthReport> {
  const record = deps.endpoints.record(connectionId);
  const provider = deps.providers.get(record.providerId);
  const items: HealthCheckItem[] = [];
  // The endpoint check needs no secret: a locked keychain must not fail it.
  let config: ReturnType<ConnectionEndpoints['endpointsOf']> | AppErrorData;
  try {
    config = deps.endpoints.endpointsOf(record, provider);
  } catch (error) {
    config = toErrorData(error);
  }

  const item = (
    id: HealthCheckItem['id'],
    status: HealthCheckItem['status'],
    reason: string,
    summary: string,
    extra: Pick<HealthCheckItem, 'params' | 'data'> = {},
  ) => items.push({ id, status, reason, summary, ...extra });

  // Token endpoint reachable, and the server's clock from its Date header.
  if ('code' in config) {
    item('token_endpoint', 'fail', 'unknown', config.message, { data: { error: config.code } });
    item('clock_skew', 'skipped', 'not_measured', 'Not measured: the token endpoint is not known.');
  } else {
    try {
      const fetchFn = createBoundedFetch({ ...deps.http, timeoutMs: deps.http?.timeoutMs ?? 10_000 });
      const sentAt = deps.now();
      const response = await fetchFn(config.endpoints.token, { method: 'GET', redirect: 'manual' });
      const receivedAt = deps.now();
      const ms = receivedAt - sentAt;
      const data = { status: response.status, durationMs: ms };
      // A token endpoint takes POSTs only: a plain visit answered with 400, 401 or 405 is the
      // expected refusal of a server that is there, not a result to show as "Pass (HTTP 405)".
      if (response.status === 404)
        item(
          'token_endpoint',
          'warn',
          'not_found',
          'The token endpoint address answered "not found" (404): it may be wrong.',
          { data },
        );
      else if (response.status >= 500)
        item(
          'token_endpoint',
          'warn',
          'server_error',
          `The token endpoint is reachable but reports a server problem (${response.status}).`,
          { params: { status: response.status }, data },
        );
      else
        item('token_endpoint', 'pass', 'reachable', `The token endpoint is reachable (${ms} ms).`, {
          params: { ms },
          data,
        });
      const skew = skewFromDateHeader(response.headers.get('date'), sentAt, receivedAt);
      if (skew === null) {
        item('clock_skew', 'skipped', 'no_date', 'The server sent no Date header.');
      } else {
        const abs = Math.abs(skew);
        const seconds = Math.round(abs / 1000);
        if (abs > SKEW_WARN_MS)
          item(
            'clock_skew',
            abs > SKEW_FAIL_MS ? 'fail' : 'warn',
            skew > 0 ? 'behind' : 'ahead',
            `This computer's clock is ${seconds} s ${skew > 0 ? 'behind' : 'ahead of'} the server. Set the clock automatically.`,
            { params: { seconds }, data: { skewMs: skew } },
          );
        else
          item('clock_skew', 'pass', 'agrees', "This computer's clock agrees with the server.", {
            data: { skewMs: skew },
          });
      }
    } catch (error) {
      const data = toErrorData(error);
      item('token_endpoint', 'fail', 'unreachable', data.message, {
        data: { error: data.code, detail: data.detail ?? null },
      });
      item('clock_skew', 'skipped', 'not_measured', 'Not measured: the token endpoint did not answer.');
    }
  }

  // The access token, tried on the first documented call the granted scopes allow.
  const now = deps.now();
  const granted = new Set(record.grantedScopes);
  const presets = provider.testCalls.map((call) => ({
    id: call.id,
    label: call.label,
    ...(call.scope ? { scope: call.scope } : {}),
    sufficient: !call.scope || granted.has(call.scope),
  }));
  const expired = record.accessTokenExpiresAt !== undefined && record.accessTokenExpiresAt <= now;
  const gets = provider.testCalls.filter((call) => call.method === 'GET');
  const preset = gets.find((call) => !call.scope || granted.has(call.scope));
  const base = deps.endpoints.apiBaseOf(record);
  const secrets = await deps.keeper.secretsOf(connectionId).catch(() => undefined);
  const renews = deps.keeper.canRenew(record);
  if (record.state === 'needs_reauthorization') {
    item(
      'token_valid',
      'fail',
      'needs_reconnect',
      'The provider no longer accepts this connection: reconnect.',
    );
  } else if (!secrets) {
    item('token_valid', 'fail', 'no_token', 'No saved token for this connection: reconnect.');
  } else if (expired) {
    if (renews)
      item(
        'token_valid',
        'warn',
        'expired_renews',
        'The access token has expired; it will be renewed on the next use.',
      );
    else
      item(
        'token_valid',
        'fail',
        'expired',
        'The access token has expired and cannot be renewed: reconnect.',
      );
  } else if (preset && base) {
    const call = preset.label;
    try {
      const response = await callProtectedResource(
        secrets.accessToken,
        'GET',
        joinApiUrl(base, preset.path),
        { ...deps.http, destinations: deps.endpoints.destinationsOf(record) },
      );
      const ok = response.status >= 200 && response.status < 300;
      const data = { preset: preset.id, status: response.status };
      if (
        response.status === 401 &&
        (await classifyBearerFailure(response.clone(), provider.errorEnvelope, [secrets.accessToken]))
          ?.refreshAndRetry
      ) {
        // The vendor refused the token: the connection's state must follow at once.
        const after = await afterTokenRejected(deps.keeper, record);
        if (after === 'renewed')
          item(
            'token_valid',
            'warn',
            'refused_renewed',
            `${call} refused the access token (401); POS Connect renewed it.`,
            {
              params: { call },
              data,
            },
          );
        else if (after === 'too-soon')
          item(
            'token_valid',
            'fail',
            'refused_recent',
            `${call} refused the access token (401), which was renewed moments ago.`,
            { params: { call }, data },
          );
        else
          item(
            'token_valid',
            'fail',
            'refused_failed',
            `${call} refused the access token (401) and renewing it failed: ${after.message}`,
            { params: { call }, data: { ...data, error: after.code } },
          );
      } else if (ok)
        item('token_valid', 'pass', 'works', `The token works: ${call} answered.`, {
          params: { call },
          data,
        });
      else
        item(
          'token_valid',
          response.status === 401 ? 'fail' : 'warn',
          response.status === 401 ? 'refused' : 'answered',
          `${call} answered with status ${response.status}.`,
          { params: { call, status: response.status }, data },
        );
    } catch (error) {
      const data = toErrorData(error);
      item('token_valid', 'fail', 'call_failed', data.message, {
        params: { call },
        data: { error: data.code },
      });
    }
  } else if (gets.length > 0 && !preset) {
    // Documented calls exist, but none that the granted permissions allow: say which are needed.
    const needed = [...new Set(gets.map((call) => call.scope).filter(Boolean))].join(', ');
    item(
      'token_valid',
      'skipped',
      'no_allowed_call',
      `Not tried: every documented call needs a permission this connection was not granted (${needed}).`,
      { params: { scopes: needed } },
    );
  } else if (preset && !base) {
    item(
      'token_valid',
      'skipped',
      'no_api_address',
      "Not tried: the API's address is not known yet for this connection.",
    );
  } else {
    item(
      'token_valid',
      'skipped',
      'no_call',
      'Not tried: the provider documents no call to try the token with.',
    );
  }

  // How the connection renews itself, and the refresh token's remaining life.
  const renewal = renewalKind(record);
  if (renewal === 'credentials')
    item(
      'refresh_token',
      'pass',
      'credentials',
      "No refresh token needed: this connection renews itself by asking again with the provider app's credentials.",
    );
  else if (renewal === 'kept_password')
    item(
      'refresh_token',
      'pass',
      'kept_password',
      'No refresh token: this connection renews itself by signing in again with the kept password.',
    );
  else if (renewal === 'none')
    item(
      'refresh_token',
      'warn',
      'none',
      'No refresh token: this connection cannot renew itself. Reconnect before the access token expires.',
    );
  else if (record.refreshTokenExpiresAt === undefined)
    item(
      'refresh_token',
      'pass',
      'no_expiry',
      'A refresh token is saved; the provider documents no expiry for it.',
    );
  else {
    const left = record.refreshTokenExpiresAt - now;
    const at = new Date(record.refreshTokenExpiresAt).toISOString();
    if (left <= 0)
      item('refresh_token', 'fail', 'lapsed', 'The refresh token has lapsed: reconnect.', {
        data: { expiresAt: at },
      });
    else
      item(
        'refresh_token',
        left < 24 * 3600_000 ? 'warn' : 'pass',
        'valid_until',
        `The refresh token is valid until ${at}.`,
        { params: { at }, data: { expiresAt: at } },
      );
  }

  const missing = presets.filter((p) => !p.sufficient);
  if (presets.length === 0)
    item('scopes', 'skipped', 'no_calls', 'The provider documents no calls to check permissions against.');
  else if (missing.length === 0)
    item('scopes', 'pass', 'covered', 'The granted permissions cover every documented call.');
  else {
    const list = missing.map((p) => `${p.label} (${p.scope})`).join(', ');
    item('scopes', 'warn', 'missing', `Missing permissions for: ${list}.`, { params: { list } });
  }

  const report: HealthReport = { connectionId, at: new Date(now).toISOString(), items, presets };
  deps.history.write(connectionId, {
    kind: 'health_check',
    summary: `Health check: ${items.filter((i) => i.status === 'fail').length} failed, ${items.filter((i) => i.status === 'warn').length} warnings.`,
  });
  return report;
}
