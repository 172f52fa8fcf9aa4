import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface BundleResult {
  files: { name: string; bytes: number; gzipBytes: number }[];
  totalBytes: number;
  totalGzipBytes: number;
  buildMs: number;
}

/** The production build (electron-vite build), then every file in out/renderer/assets gzipped (level 9). */
export async function measureBundle(): Promise<BundleResult> {
  const started = performance.now();
  await promisify(execFile)(
    process.execPath,
    [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
    { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
  );
  const buildMs = performance.now() - started;
  const dir = join(ROOT, 'out/renderer/assets');
  const files = [];
  for (const name of (await readdir(dir)).sort()) {
    const bytes = await readFile(join(dir, name));
    files.push({ name, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length });
  }
  return {
    files,
    totalBytes: files.reduce((sum, f) => sum + f.bytes, 0),
    totalGzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0),
    buildMs,
  };
}
