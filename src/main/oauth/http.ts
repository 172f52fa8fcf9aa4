import { oauthError } from './errors';
import { assertDestination } from '../security/origin-binding';
import { redactUrl } from '../security/redact';

/**
 * The only way the engine talks HTTP: global fetch with an abort deadline, a response-body size cap
 * (the stream is read and abandoned once the cap is passed), and redirects refused (a token
 * endpoint that redirects would make fetch resend credentials elsewhere). It is handed to
 * oauth4webapi as its `customFetch`, so every library request gets the same rules, and it returns
 * a fully buffered Response the library can read as usual.
 *
 * It is also the one place where a secret's destination is checked: a request that carries one
 * (declared `secrets`, or an Authorization header) goes out only to an origin in `destinations`,
 * the origins its connection was bound to (security/origin-binding.ts).
 */

export interface HttpOptions {
  /** Abort the request (headers and body) after this long. Default 15 s. */
  timeoutMs?: number;
  /** Refuse response bodies larger than this. Default 256 KiB. */
  maxBodyBytes?: number;
  /** Cancels the request (the user pressed Cancel). */
  signal?: AbortSignal;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

/** What the engine learned about one exchange besides the response itself. */
export interface ExchangeRecord {
  /** Local clock (Date.now()) when the response headers arrived. */
  receivedAt: number;
  /** The URL requested, secrets redacted. */
  url: string;
  status: number;
}

export type FetchFn = (url: string, init: RequestInit) => Promise<Response>;

export interface BoundedFetchOptions extends HttpOptions {
  /** Rewrites the request just before it is sent (vendor encodings). */
  transform?: (url: string, init: RequestInit) => { url: string; init: RequestInit };
  /** Called once per response that came back (any status). */
  onExchange?: (record: ExchangeRecord) => void;
  /** Values that must never appear in an error (the request's own secrets). */
  secrets?: () => Iterable<string | undefined>;
  /** Origins a request carrying a secret may go to; without them such a request is refused. */
  destinations?: readonly string[];
}

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return undefined;
}

function transportError(
  error: unknown,
  ctx: {
    deadline: AbortSignal;
    cancel: AbortSignal | undefined;
    url: string;
    timeoutMs: number;
    phase: string;
  },
  secrets: Iterable<string | undefined>,
): Error {
  const where = `${ctx.phase} ${redactUrl(ctx.url)}`;
  if (ctx.cancel?.aborted) {
    return oauthError('AUTHORIZATION_CANCELLED', `cancelled while ${where}`, { secrets });
  }
  if (ctx.deadline.aborted) {
    const seconds = Math.round(ctx.timeoutMs / 100) / 10;
    return oauthError('TIMEOUT', `no complete answer within ${ctx.timeoutMs} ms while ${where}`, {
      params: { seconds },
      secrets,
    });
  }
  const code = causeCode(error) ?? (error instanceof Error ? error.name : typeof error);
  return oauthError('NETWORK', `network failure (${code}) while ${where}`, { secrets });
}

async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  if (response.body === null) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new RangeError(String(total));
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** A fetch with deadline, size cap and no redirects, usable as oauth4webapi's customFetch. */
export function createBoundedFetch(options: BoundedFetchOptions = {}): FetchFn {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return async (inputUrl, inputInit) => {
    const { url, init } = options.transform
      ? options.transform(inputUrl, inputInit)
      : { url: inputUrl, init: inputInit };
    const secrets = [...(options.secrets?.() ?? [])];
    const carriesSecret =
      secrets.some((secret) => typeof secret === 'string' && secret !== '') ||
      new Headers(init.headers).has('authorization');
    if (carriesSecret) assertDestination(url, options.destinations);
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
    const ctx = { deadline, cancel: options.signal, url, timeoutMs, phase: 'requesting' };
    if (options.signal?.aborted) throw transportError(undefined, ctx, secrets);

    let response: Response;
    try {
      response = await fetch(url, { ...init, redirect: 'manual', signal });
    } catch (error) {
      throw transportError(error, ctx, secrets);
    }
    const receivedAt = Date.now();
    options.onExchange?.({ receivedAt, url: redactUrl(url), status: response.status });

    if (response.status >= 300 && response.status < 400 && response.status !== 304) {
      await response.body?.cancel().catch(() => undefined);
      const location = response.headers.get('location');
      throw oauthError(
        'UNEXPECTED_REDIRECT',
        `HTTP ${response.status} from ${redactUrl(url)}${location ? ` to ${redactUrl(location)}` : ''}; redirects are not followed`,
        { secrets },
      );
    }
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > maxBytes) {
      await response.body?.cancel().catch(() => undefined);
      throw oauthError(
        'RESPONSE_TOO_LARGE',
        `Content-Length ${declared} exceeds the ${maxBytes}-byte limit (${redactUrl(url)}, HTTP ${response.status})`,
        { secrets },
      );
    }
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = await readCapped(response, maxBytes);
    } catch (error) {
      if (error instanceof RangeError) {
        throw oauthError(
          'RESPONSE_TOO_LARGE',
          `response body exceeds the ${maxBytes}-byte limit (${redactUrl(url)}, HTTP ${response.status})`,
          { secrets },
        );
      }
      throw transportError(error, { ...ctx, phase: 'reading the answer of' }, secrets);
    }
    const body = NULL_BODY_STATUSES.has(response.status) ? null : bytes;
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}
