#!/usr/bin/env node
// `npm run dist`: build, then package installers for this platform with electron-builder
// (electron-builder.config.mjs): Windows NSIS, macOS DMG + zip, Linux AppImage + deb.
//
//   npm run dist                         installers for the current platform
//   npm run dist -- --dir                an unpacked app only (no installer tooling needed)
//   npm run dist -- --dir --linux        another platform's unpacked app
//   npm run dist -- --electron-dist=DIR  package this unpacked Electron instead of downloading one
//   npm run dist -- --out=DIR            where to write (default dist/)
//
// electron-builder downloads the Electron runtime and each installer's tooling (NSIS, the DMG and
// AppImage tools, fpm) from outside the npm registry. Where that fails (offline, a proxy, a machine
// that reaches only the package registries), this says what is missing and how to fix it.
//
// A stand-in Electron (--electron-dist pointing at a folder that is not a real runtime, as the package
// check in the tests does) also turns the native-module rebuild off: it needs Electron's headers,
// which come from the same place as the runtime. keytar is N-API, so its Node build loads in Electron.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const electronVersion = require('electron/package.json').version;

const PLATFORM_FLAGS = { '--linux': 'linux', '--mac': 'mac', '--win': 'win' };
const HOST_PLATFORM = { linux: 'linux', darwin: 'mac', win32: 'win' }[process.platform];

function parseArgs(argv) {
  const options = { dir: false, platforms: [], electronDist: undefined, out: undefined, nativeRebuild: true };
  for (const arg of argv) {
    if (arg === '--dir') options.dir = true;
    else if (arg in PLATFORM_FLAGS) options.platforms.push(PLATFORM_FLAGS[arg]);
    else if (arg.startsWith('--electron-dist='))
      options.electronDist = resolve(arg.slice('--electron-dist='.length));
    else if (arg.startsWith('--out=')) options.out = resolve(arg.slice('--out='.length));
    else if (arg === '--no-native-rebuild') options.nativeRebuild = false;
    else {
      console.error(`Unknown option ${arg}. See the top of scripts/dist.mjs.`);
      process.exit(2);
    }
  }
  if (options.platforms.length === 0) options.platforms.push(HOST_PLATFORM);
  options.electronDist ??= process.env.ELECTRON_OVERRIDE_DIST_PATH || undefined;
  return options;
}

/** A real Electron runtime folder has its version file; a stand-in (a renamed node binary) does not. */
function isRealElectron(dir) {
  const file = join(dir, 'version');
  return existsSync(file) && readFileSync(file, 'utf8').trim().replace(/^v/, '') === electronVersion;
}

/** The reason lines of an error, not its stack frames. */
function reasonOf(error) {
  return String(error?.message ?? error)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('at '))
    .slice(0, 4)
    .join('\n    ');
}

const NETWORK_FAILURE =
  /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|getaddrinfo|socket hang up|status code 40[34]/i;

/** What a failed build could not download, from its error text; undefined when it was not a download. */
function missingPiece(text) {
  // @electron/rebuild reports node-gyp's failed header download as a failed rebuild.
  if (/node-gyp failed to rebuild/i.test(text)) {
    return `Electron ${electronVersion}'s headers, to rebuild the native modules (keytar) for Electron,`;
  }
  if (!NETWORK_FAILURE.test(text)) return undefined;
  if (/nsis|winCodeSign|dmg-builder|appimage|fpm/i.test(text))
    return 'the installer tooling (NSIS, DMG, AppImage or fpm)';
  if (/electron-v\d|electron\/get|electron-download/i.test(text))
    return `the Electron ${electronVersion} runtime`;
  return 'a file electron-builder needs';
}

/** The installer tooling each platform's targets download. */
const TOOLING = { linux: 'AppImage and deb (fpm) tooling', mac: 'DMG tooling', win: 'NSIS tooling' };

function explainFailure(error, options) {
  let missing = missingPiece(`${error?.message ?? ''}\n${error?.stack ?? ''}`);
  // The runtime came from --electron-dist, so an unnamed download is the installers' tooling.
  if (missing === 'a file electron-builder needs' && options.electronDist && !options.dir) {
    missing = `the ${options.platforms.map((platform) => TOOLING[platform]).join(', ')}`;
  }
  console.error(`
POS Connect could not be packaged${missing ? `: ${missing} could not be downloaded` : ''}.
    ${reasonOf(error)}
${
  missing
    ? `
  electron-builder downloads, from outside the npm registry:
    • the Electron ${electronVersion} runtime for each target (unless --electron-dist=DIR is given);
    • Electron's headers, to rebuild native modules for it;
    • installer tooling: NSIS (Windows), the DMG tools (macOS), AppImage and fpm (Linux).

  To fix it, either:
    • behind a corporate proxy: set HTTPS_PROXY;
    • use mirrors your network allows: ELECTRON_MIRROR and ELECTRON_BUILDER_BINARIES_MIRROR;
    • or package an unpacked app from a runtime you have (no installer, native modules as installed):
      npm run dist -- --dir --electron-dist=/path/to/electron-v${electronVersion} --no-native-rebuild
  The release workflow (.github/workflows/release.yml) builds the installers on machines that can.`
    : ''
}`);
  process.exit(1);
}

const options = parseArgs(process.argv.slice(2));
const build = spawnSync(
  process.execPath,
  [join(dirname(require.resolve('electron-vite')), '..', 'bin', 'electron-vite.js'), 'build'],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
if (build.status !== 0) process.exit(build.status ?? 1);

const { build: electronBuilder } = await import('electron-builder');
const { builderConfig } = await import('../electron-builder.config.mjs');

const config = builderConfig(process.env);
if (options.out) config.directories = { ...config.directories, output: options.out };
if (options.electronDist) {
  if (!existsSync(options.electronDist)) {
    console.error(`--electron-dist: ${options.electronDist} does not exist.`);
    process.exit(2);
  }
  config.electronDist = options.electronDist;
  config.electronVersion = electronVersion;
  if (!isRealElectron(options.electronDist)) {
    console.warn(
      `${options.electronDist} is not an Electron ${electronVersion} runtime: packaging without rebuilding native modules.`,
    );
    options.nativeRebuild = false;
  }
}
if (!options.nativeRebuild) config.npmRebuild = false;

try {
  const artifacts = await electronBuilder({
    projectDir: root,
    config,
    publish: 'never',
    dir: options.dir,
    // Each platform with the targets of the configuration (or only the unpacked app with --dir).
    ...Object.fromEntries(options.platforms.map((platform) => [platform, []])),
  });
  console.log(
    `\nPackaged into ${config.directories.output}${artifacts.length ? `:\n  ${artifacts.join('\n  ')}` : ''}`,
  );
} catch (error) {
  explainFailure(error, options);
}
