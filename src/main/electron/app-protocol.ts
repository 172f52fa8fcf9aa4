import { protocol } from 'electron';
import { APP_SCHEME, createRendererFiles } from '../app-protocol/renderer-files';

/**
 * The private app:// scheme. Registered as standard (a real origin, relative URLs) and secure (a
 * secure context, like https) before the app is ready, as Electron requires; served from the
 * renderer folder once it is. The path rules live in app-protocol/renderer-files.ts, tested in Node.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

export function serveRenderer(rendererDir: string): void {
  const files = createRendererFiles(rendererDir);
  protocol.handle(APP_SCHEME, async (request) => {
    const response = await files.forUrl(request.method, request.url);
    return new Response(response.body ? new Uint8Array(response.body) : null, {
      status: response.status,
      headers: response.headers,
    });
  });
}
