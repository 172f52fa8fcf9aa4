#!/usr/bin/env node
// `npm start`: build, make sure the Electron binary is there, launch. The binary is downloaded from
// outside the npm registry on first launch; when that fails (offline, corporate proxy), say so and
// how to fix it instead of printing a stack trace.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { electronSqliteBinding } from './electron-sqlite.mjs';

const require = createRequire(import.meta.url);
// electron-vite exports no bin path; its CLI sits next to its package entry.
const electronVite = join(dirname(require.resolve('electron-vite')), '..', 'bin', 'electron-vite.js');
const electronDir = dirname(require.resolve('electron/package.json'));
const { version } = require('electron/package.json');

function installedBinary() {
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = join(
    process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(electronDir, 'dist'),
    readFileSync(pathFile, 'utf8'),
  );
  return existsSync(binary) ? binary : undefined;
}

function explainDownloadFailure(output) {
  // Keep the error lines, not the stack frames.
  const reason = output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('at ') && !/^[{}[\]]/.test(line))
    .slice(0, 3)
    .join('\n    ');
  console.error(`
POS Connect could not start: the Electron ${version} runtime is not installed and could not be downloaded.

  Electron downloads its runtime (about 100 MB) from GitHub the first time it starts, outside the npm
  registry. This machine could not reach it${reason ? `:\n    ${reason}` : '.'}

  To fix it, either:
    • behind a corporate proxy: set HTTPS_PROXY (e.g. HTTPS_PROXY=http://proxy.example:8080 npm start);
    • use a mirror your network allows: ELECTRON_MIRROR=https://your-mirror/electron/ npm start;
    • or place the runtime yourself: set ELECTRON_OVERRIDE_DIST_PATH to a folder holding an unpacked
      Electron ${version}.

  Meanwhile, the same app runs in your browser: npm run web
`);
  process.exit(1);
}

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

let binary = installedBinary();
if (!binary) {
  console.log(`Downloading the Electron ${version} runtime (first start only)…`);
  const download = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
    encoding: 'utf8',
    timeout: 180_000,
    env: process.env,
  });
  binary = installedBinary();
  if (download.status !== 0 || !binary) {
    explainDownloadFailure(
      `${download.error?.message ?? ''}\n${download.stderr ?? ''}\n${download.stdout ?? ''}`,
    );
  }
}

run(process.execPath, [electronVite, 'build']);
const sqliteBinding = await electronSqliteBinding(join(electronDir, '..', '..'), version);
const child = spawn(binary, ['.', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, POS_CONNECT_SQLITE_BINDING: sqliteBinding },
});
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
