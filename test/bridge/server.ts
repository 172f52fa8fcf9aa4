import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { build } from 'vite';
import type { EventName, EventPayloads } from '../../src/shared/ipc/contract';
import { createDispatcher, senderPolicyFor, type Dispatch } from '../../src/main/ipc/dispatcher';
import type { Handlers } from '../../src/main/ipc/handlers';
import { RENDERER_CSP } from '../../src/main/security/csp';
import { createRendererFiles, mimeTypeOf } from '../../src/main/app-protocol/renderer-files';

/**
 * The loopback bridge of DESIGN.md, "Testing without Electron": it serves the built renderer and
 * carries the typed contract to the real main-process services over HTTP on 127.0.0.1, guarded by a
 * random per-run token and an Origin check. Development and tests only.
 */

export interface BridgeEvents {
  subscribe(listener: <E extends EventName>(event: E, payload: EventPayloads[E]) => void): () => void;
}

export interface BridgeOptions {
  handlers: Handlers;
  events: BridgeEvents;
  rendererDir: string;
  port?: number;
  /** Every payload sent to the renderer, for leak scans. */
  onPayload?: (payload: string) => void;
}

export interface Bridge {
  url: string;
  close(): Promise<void>;
}

// A received support report may be up to 32 MiB (REPORT_MAX_BYTES), JSON-escaped once more here.
const MAX_BODY = 40 * 1024 * 1024;

let clientBundle: Promise<string> | undefined;
function bridgeClientBundle(): Promise<string> {
  clientBundle ??= build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: false,
      lib: { entry: resolve(import.meta.dirname, 'client.ts'), formats: ['iife'], name: 'posConnectBridge' },
    },
  }).then((output) => {
    const first = Array.isArray(output) ? output[0] : output;
    if (!first || !('output' in first)) throw new Error('bridge client build produced no output');
    const chunk = first.output.find((item) => item.type === 'chunk');
    if (!chunk || chunk.type !== 'chunk') throw new Error('bridge client build produced no chunk');
    return chunk.code;
  });
  return clientBundle;
}

function sameToken(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-security-policy': RENDERER_CSP,
    'referrer-policy': 'no-referrer',
    ...extra,
  });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const token = randomBytes(32).toString('base64url');
  const rendererDir = resolve(options.rendererDir);
  const indexHtml = await readFile(join(rendererDir, 'index.html'), 'utf8');
  const rendererFiles = createRendererFiles(rendererDir);
  const client = await bridgeClientBundle();
  const streams = new Set<ServerResponse>();
  let origin = '';
  // The origin is known once listening; the policy reads it then.
  const dispatch: Dispatch = createDispatcher(options.handlers, {
    isTrustedSender: (sender) => senderPolicyFor(origin)(sender),
  });

  const page = indexHtml.replace(
    '<head>',
    `<head>\n    <meta name="pos-connect-bridge" content="${token}" />\n    <script src="/__bridge/client.js"></script>`,
  );

  const unsubscribe = options.events.subscribe((event, payload) => {
    const data = JSON.stringify({ event, payload });
    options.onPayload?.(data);
    for (const stream of streams) stream.write(`data: ${data}\n\n`);
  });

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'text/plain', 'bridge error');
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // DNS rebinding: a page on another name resolving to 127.0.0.1 must not reach the bridge.
    if (req.headers.host !== new URL(origin).host) return send(res, 421, 'text/plain', 'wrong host');
    const url = new URL(req.url ?? '/', origin);

    if (url.pathname.startsWith('/__bridge/invoke/') && req.method === 'POST') {
      if (!origin || !sameToken(req.headers['x-bridge-token'] as string | undefined, token)) {
        return send(res, 403, 'text/plain', 'forbidden');
      }
      const channel = decodeURIComponent(url.pathname.slice('/__bridge/invoke/'.length));
      let input: unknown;
      try {
        input = (JSON.parse(await readBody(req)) as { input: unknown }).input ?? undefined;
      } catch {
        return send(res, 400, 'text/plain', 'bad request');
      }
      // The Origin header plays the part of Electron's senderFrame: the dispatcher refuses others.
      const result = await dispatch(channel, input, {
        url: `${req.headers.origin ?? ''}/`,
        isMainFrame: true,
      });
      const body = JSON.stringify(result);
      options.onPayload?.(body);
      return send(res, 200, 'application/json', body);
    }

    if (url.pathname === '/__bridge/events' && req.method === 'GET') {
      if (!sameToken(url.searchParams.get('token') ?? undefined, token))
        return send(res, 403, 'text/plain', 'forbidden');
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }

    if (req.method !== 'GET') return send(res, 405, 'text/plain', 'method not allowed');
    if (url.pathname === '/__bridge/client.js') return send(res, 200, mimeTypeOf('client.js'), client);
    if (url.pathname === '/' || url.pathname === '/index.html')
      return send(res, 200, mimeTypeOf('index.html'), page);

    // The same path rules as the packaged app's app:// handler (src/main/app-protocol).
    const rawPath = (req.url ?? '/').split(/[?#]/)[0] ?? '/';
    const file = await rendererFiles.forPath(req.method, rawPath);
    return send(res, file.status, file.headers['Content-Type']!, file.body ?? 'not found');
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: origin,
    async close() {
      unsubscribe();
      for (const stream of streams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
