import type { ClockSkew, ReportConnection } from '../../shared/report';
import { toErrorData } from '../../shared/errors';
import { createBoundedFetch, type HttpOptions } from '../oauth/http';
import type { Clock } from '../ports';

const SOURCE = "Date header of the token endpoint's answer to a GET without credentials";

/**
 * This computer's clock against a vendor's: a GET to a token endpoint (no secret is sent), its
 * Date header (one-second resolution) compared with the middle of the exchange.
 */
export async function measureClockSkew(
  tokenEndpoint: string | undefined,
  deps: { now: Clock; http?: HttpOptions },
): Promise<ClockSkew> {
  if (!tokenEndpoint) return { skewMs: null, reason: 'No vendor to ask: no provider app is set up.' };
  const host = new URL(tokenEndpoint).host;
  try {
    const fetchFn = createBoundedFetch({ ...deps.http, timeoutMs: deps.http?.timeoutMs ?? 5_000 });
    const sentAt = deps.now();
    const response = await fetchFn(tokenEndpoint, { method: 'GET', redirect: 'manual' });
    const receivedAt = deps.now();
    await response.body?.cancel();
    const skewMs = skewFromDateHeader(response.headers.get('date'), sentAt, receivedAt);
    if (skewMs === null) return { skewMs: null, reason: `${host} sent no Date header.` };
    return {
      skewMs,
      source: SOURCE,
      host,
      measuredAt: new Date(receivedAt).toISOString(),
    };
  } catch (error) {
    const data = toErrorData(error);
    return { skewMs: null, reason: `${host} did not answer (${data.code}).` };
  }
}

/**
 * The server's clock minus this computer's (positive: this computer is behind), from a Date header.
 * Date has one-second resolution: it is compared with the middle of the exchange.
 */
export function skewFromDateHeader(date: string | null, sentAt: number, receivedAt: number): number | null {
  const serverTime = date ? Date.parse(date) : NaN;
  return Number.isNaN(serverTime) ? null : Math.round(serverTime - (sentAt + receivedAt) / 2);
}

/** The skew the health check of a one-connection report measured, in the report's terms. */
export function skewFromHealthCheck(connection: ReportConnection): ClockSkew {
  const item = connection.healthCheck?.items.find((check) => check.id === 'clock_skew');
  const skewMs = item?.data?.skewMs;
  const token = connection.provider.endpoints?.token;
  if (item && typeof skewMs === 'number' && token) {
    return {
      skewMs,
      source: `${SOURCE} (health check)`,
      host: new URL(token).host,
      measuredAt: connection.healthCheck?.at ?? new Date().toISOString(),
    };
  }
  return { skewMs: null, reason: item?.summary ?? 'The health check did not measure it.' };
}
