import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppError } from '../../shared/errors';
import type { Language } from '../../shared/models';
import {
  CALLBACK_PAGE_HEADERS,
  callbackReasonFor,
  renderCallbackPage,
  type CallbackPageKind,
  type CallbackReason,
} from './callback-page';
import { oauthError } from './errors';

/**
 * The one-shot loopback redirect receiver of RFC 8252 §7.3, after VS Code's GitHub sign-in: an
 * HTTP server on 127.0.0.1 only, one deferred result raced against a timeout and a cancel signal.
 *
 * - Only GET on the callback path is answered (anything else: 404, 405); the Host header must be
 *   exactly 127.0.0.1:PORT (DNS rebinding, foreign pages): otherwise 400.
 * - Each callback goes to `judge`. A refused callback (missing, wrong or repeated state, wrong
 *   issuer) gets an error page and does NOT end the wait: a request anyone on this machine or any
 *   web page can make must not be able to cancel the user's sign-in. Only an accepted callback, a
 *   provider error carrying the right state (`fail`), the timeout or the cancel signal end it.
 * - After the end, every request is refused and the server closes; callers also close it in
 *   `finally`.
 */

export type CallbackVerdict<T> = { accept: T } | { refuse: AppError } | { fail: AppError };

export interface LoopbackListenerOptions<T> {
  /** 0 for an ephemeral port (RFC 8252 §7.3); a fixed port for exact-match providers. */
  port: number;
  callbackPath: string;
  judge: (params: URLSearchParams) => CallbackVerdict<T>;
  /** How long to wait for the browser. Default 5 minutes. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Each refused callback, for diagnostics (the wait goes on). */
  onRefused?: (error: AppError) => void;
  /** The app's language, asked when the browser arrives: the page the person reads speaks it. Default English. */
  language?: () => Language;
}

export interface LoopbackListener<T> {
  port: number;
  /** http://127.0.0.1:PORT/callbackPath */
  redirectUri: string;
  /** Settles once: the accepted value, or AppError (provider error, AUTHORIZATION_TIMEOUT, AUTHORIZATION_CANCELLED). */
  result: Promise<T>;
  /** Stop listening; idempotent. Resolves when the server is closed. */
  close(): Promise<void>;
}

export const DEFAULT_AUTHORIZATION_TIMEOUT_MS = 5 * 60_000;
const HOST = '127.0.0.1';

function send(
  res: ServerResponse,
  status: number,
  page: { kind: CallbackPageKind; language: Language; reason?: CallbackReason },
  extraHeaders: Record<string, string> = {},
): void {
  const body = renderCallbackPage(page.kind, page.language, page.reason);
  res.writeHead(status, {
    ...CALLBACK_PAGE_HEADERS,
    ...extraHeaders,
    'content-length': Buffer.byteLength(body).toString(),
  });
  res.end(body);
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') {
        reject(
          oauthError(
            'PORT_IN_USE',
            `cannot listen on ${HOST}:${port} (${error.code}); the redirect URI needs this port`,
            {
              params: { port },
            },
          ),
        );
      } else {
        reject(oauthError('INTERNAL', `cannot listen on ${HOST}:${port} (${error.code ?? error.name})`));
      }
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ port, host: HOST, exclusive: true });
  });
}

/** Start listening; rejects with PORT_IN_USE (naming the port) when a fixed port is taken. */
export async function startLoopbackListener<T>(
  options: LoopbackListenerOptions<T>,
): Promise<LoopbackListener<T>> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_AUTHORIZATION_TIMEOUT_MS;
  let settled = false;
  let resolveResult!: (value: T) => void;
  let rejectResult!: (error: AppError) => void;
  const result = new Promise<T>((resolve, reject) => {
    resolveResult = resolve;
    rejectResult = reject;
  });
  // The caller may only attach its handler after an await; never report this one as unhandled.
  result.catch(() => undefined);

  let port = options.port;
  /** Why the last refused callback was refused: said in the timeout, so a vendor that never echoes state is diagnosed. */
  let lastRefusal: string | undefined;
  const server = createServer((req, res) => handle(req, res));
  let closing: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  const onAbort = (): void =>
    finish({ fail: oauthError('AUTHORIZATION_CANCELLED', 'cancelled while waiting for the browser') });

  const close = (): Promise<void> => {
    if (closing) return closing;
    if (timer) clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    if (!settled) {
      settled = true;
      rejectResult(oauthError('AUTHORIZATION_CANCELLED', 'listener closed before a callback arrived'));
    }
    closing = new Promise<void>((resolve) => {
      if (!server.listening) {
        resolve();
        return;
      }
      server.close(() => resolve());
      server.closeIdleConnections();
      // A browser holding a keep-alive connection open must not keep the port: drop it shortly.
      setTimeout(() => server.closeAllConnections(), 500).unref();
    });
    return closing;
  };

  function finish(verdict: { accept: T } | { fail: AppError }): void {
    if (settled) return;
    settled = true;
    if ('accept' in verdict) resolveResult(verdict.accept);
    else rejectResult(verdict.fail);
    void close();
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    let language: Language = 'en';
    try {
      language = options.language?.() ?? 'en';
    } catch {
      // A setting that cannot be read never keeps the person from their answer.
    }
    if (req.headers.host !== `${HOST}:${port}`) {
      send(res, 400, { kind: 'bad_request', language });
      return;
    }
    const url = new URL(req.url ?? '/', `http://${HOST}:${port}`);
    if (url.pathname !== options.callbackPath) {
      send(res, 404, { kind: 'not_found', language });
      return;
    }
    if (req.method !== 'GET') {
      send(res, 405, { kind: 'not_found', language }, { allow: 'GET' });
      return;
    }
    if (settled) {
      send(res, 400, { kind: 'refused', language, reason: 'already_answered' });
      return;
    }
    let verdict: CallbackVerdict<T>;
    try {
      verdict = options.judge(url.searchParams);
    } catch {
      verdict = { refuse: oauthError('INVALID_REQUEST', 'the callback could not be checked') };
    }
    if ('refuse' in verdict) {
      lastRefusal = verdict.refuse.detail;
      options.onRefused?.(verdict.refuse);
      send(res, 400, { kind: 'refused', language });
      return;
    }
    if ('fail' in verdict) {
      send(res, 200, { kind: 'failure', language, reason: callbackReasonFor(verdict.fail.code) });
    } else {
      send(res, 200, { kind: 'success', language });
    }
    finish(verdict);
  }

  port = await listen(server, options.port);
  if (options.signal?.aborted) {
    onAbort();
  } else {
    options.signal?.addEventListener('abort', onAbort, { once: true });
    timer = setTimeout(
      () =>
        finish({
          fail: oauthError(
            'AUTHORIZATION_TIMEOUT',
            `no valid callback within ${timeoutMs} ms on ${HOST}:${port}${lastRefusal ? `; last refused: ${lastRefusal}` : ''}`,
          ),
        }),
      timeoutMs,
    );
  }
  return { port, redirectUri: `http://${HOST}:${port}${options.callbackPath}`, result, close };
}
