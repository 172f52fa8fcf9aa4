#!/usr/bin/env node
// `npm run web [-- --sandbox] [-- --port=N]`: build the renderer, then serve it through the loopback
// bridge with the real main-process services. Prints "POS Connect web preview: http://127.0.0.1:N".
import { spawnSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
// electron-vite exports no bin path; its CLI sits next to its package entry.
const electronVite = join(dirname(require.resolve('electron-vite')), '..', 'bin', 'electron-vite.js');
const build = spawnSync(process.execPath, [electronVite, 'build'], {
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (build.status !== 0) process.exit(build.status ?? 1);
const tsx = require.resolve('tsx/cli');
const child = spawn(process.execPath, [tsx, 'test/bridge/web-preview.ts', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
