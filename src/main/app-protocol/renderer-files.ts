import { realpath, readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { RENDERER_CSP } from '../security/csp';

/**
 * The app's private origin. The packaged window loads app://pos-connect/index.html, served by
 * `protocol.handle` from the built renderer folder (src/main/electron/app-protocol.ts); the IPC
 * sender check trusts exactly this origin. A `file://` page would share its origin with every file
 * on disk; this one holds only the renderer.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'pos-connect';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export function mimeTypeOf(file: string): string {
  return MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The relative path a request path names inside the renderer folder, or undefined when it could
 * name anything outside it. Each segment is decoded once and refused if it is empty, `.` or `..`
 * (so `%2e%2e` is caught), holds a separator of any platform (`%2f`, `\`, `%5c`), a NUL or a drive
 * colon, or does not decode. `/` is the entry page.
 */
export function rendererRelativePath(pathname: string): string[] | undefined {
  if (pathname === '/' || pathname === '') return ['index.html'];
  if (!pathname.startsWith('/')) return undefined;
  const segments: string[] = [];
  for (const raw of pathname.slice(1).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    if (segment === '' || segment === '.' || segment === '..') return undefined;
    if (/[/\\:\0]/.test(segment)) return undefined;
    segments.push(segment);
  }
  return segments;
}

export interface RendererResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | undefined;
}

const COMMON_HEADERS = {
  'Content-Security-Policy': RENDERER_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-cache',
};

function refuse(status: number): RendererResponse {
  return {
    status,
    headers: { ...COMMON_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
    body: undefined,
  };
}

function isInside(root: string, file: string): boolean {
  return file.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** The raw path of an app:// URL (before any `..` folding), or undefined for another origin. */
export function appPathOf(url: string): string | undefined {
  if (url !== APP_ORIGIN && !url.startsWith(`${APP_ORIGIN}/`)) return undefined;
  return url.slice(APP_ORIGIN.length).split(/[?#]/)[0] || '/';
}

export interface RendererFiles {
  /** One request for the private origin (the `protocol.handle` handler); other origins get a 403. */
  forUrl(method: string, url: string): Promise<RendererResponse>;
  /** One request by path (the test bridge serves the same folder over loopback HTTP). */
  forPath(method: string, pathname: string): Promise<RendererResponse>;
}

/**
 * Serves the renderer folder: GET (or HEAD) only, a regular file under the folder after symbolic
 * links are resolved, with its MIME type, the CSP and nosniff. Anything else is a 403/404/405 with
 * no body.
 */
export function createRendererFiles(rootDir: string): RendererFiles {
  const root = resolve(rootDir);
  let realRoot: Promise<string> | undefined;

  async function forPath(method: string, pathname: string): Promise<RendererResponse> {
    if (method !== 'GET' && method !== 'HEAD') return refuse(405);
    const segments = rendererRelativePath(pathname);
    if (!segments) return refuse(404);
    const file = join(root, ...segments);
    if (!isInside(root, file)) return refuse(404);
    try {
      realRoot ??= realpath(root);
      const real = await realpath(file);
      if (!isInside(await realRoot, real)) return refuse(404);
      if (!(await stat(real)).isFile()) return refuse(404);
      const body = method === 'HEAD' ? undefined : await readFile(real);
      return { status: 200, headers: { ...COMMON_HEADERS, 'Content-Type': mimeTypeOf(real) }, body };
    } catch {
      return refuse(404);
    }
  }

  return {
    forPath,
    forUrl: async (method, url) => {
      const path = appPathOf(url);
      return path === undefined ? refuse(403) : forPath(method, path);
    },
  };
}
