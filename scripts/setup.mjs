#!/usr/bin/env node
// `npm run setup`: one-time set-up of a fresh machine — the system packages the build and tests need
// (Debian/Ubuntu only: keytar's libsecret headers, a keychain and Chromium for the tests; macOS and
// Windows need none), then the exact locked npm dependencies.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = (command, args) => {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

if (process.platform === 'linux') run('bash', ['scripts/install-system-packages.sh']);
run('npm', ['ci', '--no-audit', '--no-fund']);
