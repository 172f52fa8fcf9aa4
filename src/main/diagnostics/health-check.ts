import type { HealthCheckItem, HealthReport } from '../../shared/models';
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

  // Token endpoint reachable, and the server's clock from its Date header.
  if ('code' in config) {
    items.push({
      id: 'token_endpoint',
      status: 'fail',
      summary: config.message,
      data: { error: config.code },
    });
    items.push({
      id: 'clock_skew',
      status: 'skipped',
      summary: 'Not measured: the token endpoint is not known.',
    });
  } else {
    try {
      const fetchFn = createBoundedFetch({ ...deps.http, timeoutMs: deps.http?.timeoutMs ?? 10_000 });
      const sentAt = deps.now();
      const response = await fetchFn(config.endpoints.token, { method: 'GET', redirect: 'manual' });
      const receivedAt = deps.now();
      items.push({
        id: 'token_endpoint',
        status: 'pass',
        summary: `The token endpoint answered (HTTP ${response.status}).`,
        data: { status: response.status, durationMs: receivedAt - sentAt },
      });
      const date = response.headers.get('date');
      const serverTime = date ? Date.parse(date) : NaN;
      if (Number.isNaN(serverTime)) {
        items.push({ id: 'clock_skew', status: 'skipped', summary: 'The server sent no Date header.' });
      } else {
        // Date has one-second resolution: compare with the middle of the exchange.
        const skew = Math.round(serverTime - (sentAt + receivedAt) / 2);
        const abs = Math.abs(skew);
        items.push({
          id: 'clock_skew',
          status: abs > SKEW_FAIL_MS ? 'fail' : abs > SKEW_WARN_MS ? 'warn' : 'pass',
          summary:
            abs > SKEW_WARN_MS
              ? `This computer's clock is ${Math.round(abs / 1000)} s ${skew > 0 ? 'behind' : 'ahead of'} the server. Set the clock automatically.`
              : "This computer's clock agrees with the server.",
          data: { skewMs: skew },
        });
      }
    } catch (error) {
      const data = toErrorData(error);
      items.push({
        id: 'token_endpoint',
        status: 'fail',
        summary: data.message,
        data: { error: data.code, detail: data.detail ?? null },
      });
      items.push({
        id: 'clock_skew',
        status: 'skipped',
        summary: 'Not measured: the token endpoint did not answer.',
      });
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
  const preset = provider.testCalls.find(
    (call) => call.method === 'GET' && (!call.scope || granted.has(call.scope)),
  );
  const base = deps.endpoints.apiBaseOf(record);
  const secrets = await deps.keeper.secretsOf(connectionId).catch(() => undefined);
  if (record.state === 'needs_reauthorization') {
    items.push({
      id: 'token_valid',
      status: 'fail',
      summary: 'The provider no longer accepts this connection: reconnect.',
    });
  } else if (!secrets) {
    items.push({
      id: 'token_valid',
      status: 'fail',
      summary: 'No saved token for this connection: reconnect.',
    });
  } else if (expired) {
    items.push({
      id: 'token_valid',
      status: deps.keeper.canRenew(record) ? 'warn' : 'fail',
      summary: deps.keeper.canRenew(record)
        ? 'The access token has expired; it will be renewed on the next use.'
        : 'The access token has expired and cannot be renewed: reconnect.',
    });
  } else if (preset && base) {
    try {
      const response = await callProtectedResource(
        secrets.accessToken,
        'GET',
        joinApiUrl(base, preset.path),
        { ...deps.http, destinations: deps.endpoints.destinationsOf(record) },
      );
      const ok = response.status >= 200 && response.status < 300;
      if (
        response.status === 401 &&
        (await classifyBearerFailure(response.clone(), provider.errorEnvelope, [secrets.accessToken]))
          ?.refreshAndRetry
      ) {
        // The vendor refused the token: the connection's state must follow at once.
        const after = await afterTokenRejected(deps.keeper, record);
        items.push({
          id: 'token_valid',
          status: after === 'renewed' ? 'warn' : 'fail',
          summary:
            after === 'renewed'
              ? `${preset.label} refused the access token (401); POS Connect renewed it.`
              : after === 'too-soon'
                ? `${preset.label} refused the access token (401), which was renewed moments ago.`
                : `${preset.label} refused the access token (401) and renewing it failed: ${after.message}`,
          data: { preset: preset.id, status: response.status },
        });
      } else
        items.push({
          id: 'token_valid',
          status: ok ? 'pass' : response.status === 401 ? 'fail' : 'warn',
          summary: ok
            ? `The token works: ${preset.label} answered ${response.status}.`
            : `${preset.label} answered ${response.status}.`,
          data: { preset: preset.id, status: response.status },
        });
    } catch (error) {
      const data = toErrorData(error);
      items.push({ id: 'token_valid', status: 'fail', summary: data.message, data: { error: data.code } });
    }
  } else {
    items.push({
      id: 'token_valid',
      status: 'skipped',
      summary: 'No documented call to try the token with.',
    });
  }

  // The refresh token's remaining life.
  if (!record.hasRefreshToken) {
    items.push({
      id: 'refresh_token',
      status: deps.keeper.canRenew(record) ? 'pass' : 'warn',
      summary: deps.keeper.canRenew(record)
        ? 'No refresh token needed: this connection renews itself with its credentials.'
        : 'No refresh token: when the access token expires, reconnect.',
    });
  } else if (record.refreshTokenExpiresAt === undefined) {
    items.push({
      id: 'refresh_token',
      status: 'pass',
      summary: 'A refresh token is saved; the provider documents no expiry for it.',
    });
  } else {
    const left = record.refreshTokenExpiresAt - now;
    const warnMs = deps.keeper.canRenew(record) ? 24 * 3600_000 : 0;
    items.push({
      id: 'refresh_token',
      status: left <= 0 ? 'fail' : left < warnMs ? 'warn' : 'pass',
      summary:
        left <= 0
          ? 'The refresh token has lapsed: reconnect.'
          : `The refresh token is valid until ${new Date(record.refreshTokenExpiresAt).toISOString()}.`,
      data: { expiresAt: new Date(record.refreshTokenExpiresAt).toISOString() },
    });
  }

  const missing = presets.filter((p) => !p.sufficient);
  items.push({
    id: 'scopes',
    status: presets.length === 0 ? 'skipped' : missing.length === 0 ? 'pass' : 'warn',
    summary:
      presets.length === 0
        ? 'The provider documents no calls to check scopes against.'
        : missing.length === 0
          ? 'The granted scopes cover every documented call.'
          : `Missing scopes for: ${missing.map((p) => `${p.label} (${p.scope})`).join(', ')}.`,
  });

  const report: HealthReport = { connectionId, at: new Date(now).toISOString(), items, presets };
  deps.history.write(connectionId, {
    kind: 'health_check',
    summary: `Health check: ${items.filter((i) => i.status === 'fail').length} failed, ${items.filter((i) => i.status === 'warn').length} warnings.`,
  });
  return report;
}
