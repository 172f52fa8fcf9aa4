import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  createRendererFiles,
  rendererRelativePath,
  type RendererFiles,
} from '../../../src/main/app-protocol/renderer-files';
import { RENDERER_CSP } from '../../../src/main/security/csp';

let base: string;
let files: RendererFiles;

beforeAll(async () => {
  // base/renderer is served; base/secret.txt and base/renderer-evil/ sit next to it and must not be.
  base = await mkdtemp(join(tmpdir(), 'renderer-files-'));
  const root = join(base, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>POS Connect</title>');
  await writeFile(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  await writeFile(join(root, 'assets', 'index-abc.css'), 'body{}');
  await writeFile(join(root, 'assets', 'logo.svg'), '<svg/>');
  await writeFile(join(root, 'assets', 'font.woff2'), 'woff2');
  await writeFile(join(root, 'assets', 'data.bin'), 'bytes');
  await writeFile(join(base, 'secret.txt'), 'vault key');
  await mkdir(join(base, 'renderer-evil'));
  await writeFile(join(base, 'renderer-evil', 'x.js'), 'evil');
  await symlink(join(base, 'secret.txt'), join(root, 'assets', 'link-out.txt'));
  await symlink(join(root, 'assets', 'index-abc.js'), join(root, 'assets', 'link-in.js'));
  files = createRendererFiles(root);
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

const get = (url: string) => files.forUrl('GET', url);

describe('the app:// handler', () => {
  it('serves the entry page and assets with their MIME type, the CSP and nosniff', async () => {
    const entry = await get(APP_ENTRY_URL);
    expect(entry.status).toBe(200);
    expect(entry.body?.toString()).toContain('<title>POS Connect</title>');
    expect(entry.headers).toMatchObject({
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': RENDERER_CSP,
      'X-Content-Type-Options': 'nosniff',
    });
    expect((await get(`${APP_ORIGIN}/`)).body?.toString()).toContain('POS Connect');
    expect((await get(APP_ORIGIN)).status).toBe(200);

    const types: Record<string, string> = {
      'assets/index-abc.js': 'text/javascript; charset=utf-8',
      'assets/index-abc.css': 'text/css; charset=utf-8',
      'assets/logo.svg': 'image/svg+xml',
      'assets/font.woff2': 'font/woff2',
      'assets/data.bin': 'application/octet-stream',
    };
    for (const [path, type] of Object.entries(types)) {
      const response = await get(`${APP_ORIGIN}/${path}?v=1#top`);
      expect(response.status, path).toBe(200);
      expect(response.headers['Content-Type'], path).toBe(type);
    }
    expect((await get(`${APP_ORIGIN}/assets/link-in.js`)).status).toBe(200);
  });

  it('never serves a file outside the renderer folder', async () => {
    const escapes = [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E/secret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      '/..\\secret.txt',
      '/assets\\..\\..\\secret.txt',
      `/${encodeURIComponent(join(base, 'secret.txt'))}`,
      '//etc/passwd',
      '/C:%5cWindows%5cwin.ini',
      '/%00index.html',
      '/%zz',
      '/../renderer-evil/x.js',
      '/assets/link-out.txt',
      '/assets',
      '/missing.js',
    ];
    for (const path of escapes) {
      const response = await get(`${APP_ORIGIN}${path}`);
      expect(response.status, path).toBe(404);
      expect(response.body, path).toBeUndefined();
    }
  });

  it('answers only its own origin and only GET or HEAD', async () => {
    for (const url of ['app://other/index.html', 'app://pos-connect.evil/index.html', 'file:///etc/passwd']) {
      expect((await get(url)).status, url).toBe(403);
    }
    expect((await files.forUrl('POST', APP_ENTRY_URL)).status).toBe(405);
    const head = await files.forUrl('HEAD', APP_ENTRY_URL);
    expect(head.status).toBe(200);
    expect(head.body).toBeUndefined();
  });

  it('maps request paths to segments inside the folder, or refuses them', () => {
    expect(rendererRelativePath('/')).toEqual(['index.html']);
    expect(rendererRelativePath('/assets/a%20b.js')).toEqual(['assets', 'a b.js']);
    expect(rendererRelativePath('assets/a.js')).toBeUndefined();
    expect(rendererRelativePath('/assets//a.js')).toBeUndefined();
    expect(rendererRelativePath('/./index.html')).toBeUndefined();
  });
});
