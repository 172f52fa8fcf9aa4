#!/usr/bin/env node
// `npm run web [-- --sandbox] [-- --port=N] [-- --no-build]`: build the renderer (unless --no-build and
// it is built), then serve it through the loopback bridge with the real main-process services. Prints
// "POS Connect web preview: http://127.0.0.1:N".
//
// The services keep their vault key in the OS keychain. On a Linux machine without one (a headless
// box, a container, SSH), this starts its own: gnome-keyring in a private D-Bus session
// (scripts/with-keyring.sh), kept next to the preview's data folder so the two go together, and says so.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const OWN_KEYRING = 'POS_CONNECT_WEB_OWN_KEYRING';

/** Whether keytar can reach a Secret Service / keychain here (asked in a child: it may hang). */
function keychainReachable() {
  if (process.platform !== 'linux') return true;
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) return false;
  const probe = spawnSync(
    process.execPath,
    [
      '-e',
      "require('keytar').findCredentials('POS Connect probe').then(() => process.exit(0), () => process.exit(1))",
    ],
    { stdio: 'ignore', timeout: 10_000 },
  );
  return probe.status === 0;
}

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

if (!process.env[OWN_KEYRING] && !keychainReachable()) {
  if (!has('dbus-run-session') || !has('gnome-keyring-daemon')) {
    console.error(
      'No keyring is reachable, and gnome-keyring or dbus is not installed to start one: run `npm run setup` (or `sudo apt-get install gnome-keyring dbus`), then `npm run web` again.',
    );
    process.exit(1);
  }
  const dataDir = resolve(process.env.POS_CONNECT_DATA_DIR ?? '.tmp/web-preview');
  const keyringHome = `${dataDir}-keyring`;
  mkdirSync(keyringHome, { recursive: true, mode: 0o700 });
  console.log(
    `No keyring is reachable: starting POS Connect's own (gnome-keyring in a private D-Bus session, kept in ${keyringHome}, for this preview only).`,
  );
  const child = spawn(
    'dbus-run-session',
    ['--', 'bash', join('scripts', 'with-keyring.sh'), process.execPath, ...process.argv.slice(1)],
    {
      stdio: 'inherit',
      env: {
        ...process.env,
        [OWN_KEYRING]: '1',
        POS_CONNECT_KEYRING_HOME: keyringHome,
        POS_CONNECT_DATA_DIR: dataDir,
      },
    },
  );
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  const args = process.argv.slice(2);
  if (!args.includes('--no-build') || !existsSync(join('out', 'renderer', 'index.html'))) {
    // electron-vite exports no bin path; its CLI sits next to its package entry.
    const electronVite = join(dirname(require.resolve('electron-vite')), '..', 'bin', 'electron-vite.js');
    const build = spawnSync(process.execPath, [electronVite, 'build'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  const tsx = require.resolve('tsx/cli');
  const preview = args.filter((arg) => arg !== '--no-build');
  const child = spawn(process.execPath, [tsx, 'test/bridge/web-preview.ts', ...preview], {
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}
