import { AppError } from '../../shared/errors';
import type { TestCallRequest, TestCallResult } from '../../shared/models';
import { callProtectedResource, classifyBearerFailure } from '../oauth/bearer-challenge';
import type { HttpOptions } from '../oauth/http';
import type { ProviderRegistry } from '../providers/provider-registry';
import { REDACTED, redactUrl, type SecretRegistry } from '../security/redact';
import type { ConnectionEndpoints } from './connection-endpoints';
import type { HistoryLog } from './history-log';
import type { TokenKeeper } from './token-keeper';
import type { Clock } from '../ports';

/** Response bodies shown in the app are cut here; the rest is said to be truncated. */
export const TEST_CALL_BODY_LIMIT = 256 * 1024;

/** Headers a person may not set on a test call: the token is the app's to send. */
const RESERVED_HEADERS = new Set(['authorization', 'host', 'content-length', 'cookie']);

export function joinApiUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/** A curl command for the same request, with the token left as a placeholder for the user. */
export function curlFor(method: string, url: string, headers: Record<string, string>, body?: string): string {
  const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
  const parts = [`curl -X ${method} ${quote(url)}`, `  -H ${quote('Authorization: Bearer $ACCESS_TOKEN')}`];
  for (const [name, value] of Object.entries(headers)) parts.push(`  -H ${quote(`${name}: ${value}`)}`);
  if (body !== undefined && body !== '') parts.push(`  --data-raw ${quote(body)}`);
  return parts.join(' \\\n');
}

export interface TestCallDeps {
  endpoints: ConnectionEndpoints;
  keeper: TokenKeeper;
  history: HistoryLog;
  providers: ProviderRegistry;
  secrets: SecretRegistry;
  now: Clock;
  http?: HttpOptions;
}

/**
 * One API call on a connection, as a support technician would make it: relative to the
 * connection's API base URL, the token in the Authorization header only, one refresh-and-retry on
 * 401 invalid_token (never on 403), the answer with status, time, headers and a capped body.
 * Anything secret is removed from what goes back to the renderer.
 */
export async function runTestCall(deps: TestCallDeps, request: TestCallRequest): Promise<TestCallResult> {
  const record = deps.endpoints.record(request.connectionId);
  const provider = deps.providers.get(record.providerId);
  const base = deps.endpoints.apiBaseOf(record);
  if (!base) {
    throw new AppError({
      code: 'INVALID_PROVIDER',
      message:
        'POS Connect does not know the API address of this connection yet. Refresh the connection, or set the API base URL in the settings.',
      detail: `no API base URL for ${provider.id}`,
    });
  }
  const url = joinApiUrl(base, request.path);
  const headers = Object.fromEntries(
    Object.entries(request.headers).filter(
      ([name]) => name.trim() !== '' && !RESERVED_HEADERS.has(name.trim().toLowerCase()),
    ),
  );
  if (request.body && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type'))
    headers['content-type'] = 'application/json';

  // The tokens sent, kept to scrub the vendor's error_description before it is cut.
  const sent: string[] = [];
  const call = async () => {
    const token = await deps.keeper.accessToken(request.connectionId);
    sent.push(token);
    const started = performance.now();
    const response = await callProtectedResource(token, request.method, url, {
      ...deps.http,
      destinations: deps.endpoints.destinationsOf(deps.endpoints.record(request.connectionId)),
      maxBodyBytes: Math.max(deps.http?.maxBodyBytes ?? 0, 4 * 1024 * 1024),
      headers,
      ...(request.body !== undefined && request.method !== 'GET' ? { body: request.body } : {}),
    });
    return { response, durationMs: performance.now() - started };
  };

  let { response, durationMs } = await call();
  let refreshedAndRetried = false;
  let failure = await classifyBearerFailure(response.clone(), provider.errorEnvelope, sent);
  if (failure?.refreshAndRetry && deps.keeper.canRenew(record)) {
    // A refresh that fails here moves the connection's state at once (the keeper records it).
    if ((await deps.keeper.refresh(request.connectionId, 'api-401')) === 'refreshed') {
      ({ response, durationMs } = await call());
      refreshedAndRetried = true;
      failure = await classifyBearerFailure(response.clone(), provider.errorEnvelope, sent);
    }
  } else if (failure?.refreshAndRetry) {
    // The vendor rejects the token and there is nothing to renew it with.
    deps.keeper.markRejected(request.connectionId, 'the API answered 401 invalid_token');
  }
  // The vendor says the authorization itself is gone (Taptouch's envelope: revoked).
  if (failure?.error.code === 'NEEDS_REAUTHORIZATION')
    deps.keeper.markRejected(
      request.connectionId,
      failure.error.detail ?? 'the API says the authorization is gone',
    );

  const text = await response.text();
  const truncated = text.length > TEST_CALL_BODY_LIMIT;
  const responseHeaders: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    responseHeaders[name] = name === 'set-cookie' ? REDACTED : deps.secrets.redact(value);
  });
  const result: TestCallResult = {
    status: response.status,
    statusText: response.statusText,
    durationMs: Math.round(durationMs * 10) / 10,
    headers: responseHeaders,
    body: deps.secrets.truncate(text, TEST_CALL_BODY_LIMIT),
    bodyTruncated: truncated,
    url: redactUrl(url),
    refreshedAndRetried,
    curl: deps.secrets.redact(curlFor(request.method, redactUrl(url), headers, request.body)),
    ...(failure ? { failure: failure.error.toData() } : {}),
  };
  deps.history.write(request.connectionId, {
    kind: 'test_call',
    summary: `${request.method} ${request.path} answered ${response.status}${refreshedAndRetried ? ' after a token refresh' : ''}.`,
    data: {
      method: request.method,
      path: request.path,
      status: response.status,
      durationMs: result.durationMs,
      preset: request.presetId ?? null,
    },
  });
  return result;
}
