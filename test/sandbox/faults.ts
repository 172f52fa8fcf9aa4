import type { ServerResponse } from 'node:http';
import type { SandboxFault, SandboxVendorId } from '../../src/shared/sandbox-descriptor';
import { sendHtml, sendJson, sendText } from './respond';

/** Which requests of a vendor a fault applies to. */
export type FaultTarget = 'token' | 'api' | 'all';

/** What a route is, for fault targeting and statistics. */
export type RouteKind = 'token' | 'api' | 'authorize' | 'revoke' | 'meta';

export interface FaultSpec {
  fault: SandboxFault;
  /** latency: delay before answering normally (default 2000 ms). */
  latency_ms?: number;
  /** 429: Retry-After seconds (default 30). */
  retry_after?: number;
  /** Apply to the next N matching requests, then clear; absent: until cleared. */
  times?: number;
  target?: FaultTarget;
  /** 5xx: a JSON body (default) or a plain text one. */
  body?: 'json' | 'text';
  /** echo: the first secret starts 8 characters before this offset of the body (truncation). */
  pad_to?: number;
}

/** What the echo fault needs of the request. */
export interface EchoSource {
  kind: RouteKind;
  text: (padTo?: number) => string;
  authorization: string | undefined;
}

/** A proxy's 502 page, what a client gets when the vendor's backend is down behind nginx. */
const PROXY_502_PAGE =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

/**
 * Fault switches per vendor, so the app's handling of slow, failing, rate-limited and broken
 * vendors can be tested without those vendors.
 */
export class FaultSwitches {
  private readonly active = new Map<SandboxVendorId, FaultSpec>();

  set(vendor: SandboxVendorId, spec: FaultSpec | null): void {
    if (spec === null) this.active.delete(vendor);
    else this.active.set(vendor, { ...spec });
  }

  list(): Partial<Record<SandboxVendorId, FaultSpec>> {
    return Object.fromEntries(this.active);
  }

  clear(): void {
    this.active.clear();
  }

  /** The fault to apply to this request, consuming one of its `times`. */
  take(vendor: SandboxVendorId, kind: RouteKind): FaultSpec | undefined {
    const spec = this.active.get(vendor);
    if (spec === undefined) return undefined;
    const target = spec.target ?? 'token';
    if (target !== 'all' && target !== kind) return undefined;
    if (spec.times !== undefined) {
      spec.times -= 1;
      if (spec.times <= 0) this.active.delete(vendor);
    }
    return spec;
  }
}

/**
 * Answers with the fault. Returns false for latency, after the delay, so the request then
 * proceeds normally.
 */
export async function applyFault(spec: FaultSpec, res: ServerResponse, echo: EchoSource): Promise<boolean> {
  switch (spec.fault) {
    case 'echo': {
      // A token endpoint echoes in an RFC 6749 error (the app shows error_description); an API
      // answers 200 with the echo as its body and the Authorization header as a response header.
      const text = echo.text(spec.pad_to);
      if (echo.kind === 'token' || echo.kind === 'revoke') {
        sendJson(res, 401, { error: 'invalid_client', error_description: text, received: text.split('\n') });
      } else {
        res.writeHead(200, {
          'content-type': 'text/plain; charset=utf-8',
          ...(echo.authorization ? { 'x-echo-authorization': echo.authorization } : {}),
        });
        res.end(text);
      }
      return true;
    }
    case 'latency':
      // unref: a pending delay must not keep a closing sandbox (or the CLI) alive.
      await new Promise((resolve) => setTimeout(resolve, spec.latency_ms ?? 2000).unref());
      return false;
    case '5xx':
      if (spec.body === 'text') sendText(res, 503, 'Service Unavailable');
      else
        sendJson(res, 503, {
          error: 'temporarily_unavailable',
          error_description: 'The sandbox simulates an outage (fault 5xx).',
        });
      return true;
    case 'html':
      sendHtml(res, 502, PROXY_502_PAGE);
      return true;
    case 'malformed-json': {
      // A body cut short: valid HTTP, invalid JSON.
      const text = '{"access_token":"sbx_truncated","token_type":"Bear';
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text).toString(),
      });
      res.end(text);
      return true;
    }
    case '429': {
      const retryAfter = spec.retry_after ?? 30;
      sendJson(
        res,
        429,
        {
          error: 'temporarily_unavailable',
          error_description: `Too many requests; retry after ${retryAfter} seconds.`,
        },
        { 'retry-after': String(retryAfter) },
      );
      return true;
    }
    case 'reset':
      // Promise a body, send part of it, then drop the connection.
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '512' });
      res.write('{"access_token":"sbx_');
      setImmediate(() => res.socket?.destroy());
      return true;
  }
}
