#!/usr/bin/env node
// `npm test`: typecheck, lint, electronegativity, unit, build, the package check, then integration (real loopback, the
// sandbox, a real keychain) and browser tests (Chromium against the built renderer and the real
// main-process services). On Linux the keychain is a throw-away gnome-keyring on a private D-Bus
// session bus (scripts/with-keyring.sh), so the developer's own keyring is never touched.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const windows = process.platform === 'win32';

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: windows });
  if (result.error) {
    console.error(`Could not run ${command}: ${result.error.message}`);
    process.exit(1);
  }
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function step(name, command, args) {
  console.log(`\n=== ${name}`);
  run(command, args);
}

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

if (!existsSync(`${root}/node_modules`)) step('setup', process.execPath, ['scripts/setup.mjs']);

step('typecheck', 'npm', ['run', '--silent', 'typecheck']);
step('lint', 'npm', ['run', '--silent', 'lint']);
step('electronegativity', process.execPath, ['scripts/electronegativity.mjs']);
step('unit tests', 'npx', ['vitest', 'run', '--project', 'unit']);
step('build', 'npx', ['electron-vite', 'build']);
// npm run dist -- --dir with a stand-in Electron, then app.asar checked (about 20 s).
step('package check', 'npx', ['vitest', 'run', '--project', 'package']);

const vitest = ['npx', 'vitest', 'run', '--project', 'integration', '--project', 'browser'];
if (process.platform === 'linux') {
  if (!has('dbus-run-session') || !has('gnome-keyring-daemon')) {
    console.error("The keychain tests need dbus and gnome-keyring: run 'npm run setup' first.");
    process.exit(1);
  }
  step('integration and browser tests', 'dbus-run-session', [
    '--',
    'bash',
    'scripts/with-keyring.sh',
    ...vitest,
  ]);
} else {
  step('integration and browser tests', vitest[0], vitest.slice(1));
}
