import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { extractFile, listPackage, statFile } from '@electron/asar';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createElectronDistStandIn } from '../support/electron-dist-stand-in';

/**
 * The package check: `npm run dist -- --dir` with a stand-in Electron (this machine cannot
 * download the real one), then what electron-builder produced is opened and held to the promise:
 * the built app and its production dependencies only, native modules unpacked, no test code
 * (the sandbox, the web bridge), no sources, no secrets, fuses flipped, size within budget.
 */

/** app.asar + app.asar.unpacked, in bytes; README "Release" states the figure. */
const SIZE_BUDGET_BYTES = 12 * 1024 * 1024;

const root = join(import.meta.dirname, '..', '..');
let work: string;
let appDir: string;
let asarPath: string;
let entries: string[];

interface LockEntry {
  name?: string;
  dev?: boolean;
  devOptional?: boolean;
}
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, LockEntry>;
};
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** `node_modules/a/node_modules/@b/c` → `@b/c`. */
function packageNameOf(path: string): string {
  const parts = path.split('node_modules/').pop()!.split('/');
  return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

/** Installed packages that production needs (package-lock marks the others `dev`). */
const lockEntries = Object.entries(lock.packages).filter(([path]) => path.startsWith('node_modules/'));
const productionPackages = lockEntries.filter(([, entry]) => !entry.dev && !entry.devOptional);
const productionNames = new Set(productionPackages.map(([path]) => packageNameOf(path)));

function walk(dir: string, found: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, found);
    else found.push(path);
  }
  return found;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pos-connect-package-'));
  const electronDist = await createElectronDistStandIn(join(work, 'electron'));
  const out = join(work, 'dist');
  const result = spawnSync(
    'npm',
    ['run', '--silent', 'dist', '--', '--dir', '--linux', `--electron-dist=${electronDist}`, `--out=${out}`],
    { cwd: root, encoding: 'utf8', shell: process.platform === 'win32', env: { ...process.env, CI: 'true' } },
  );
  if (result.status !== 0) throw new Error(`npm run dist failed:\n${result.stdout}\n${result.stderr}`);
  const unpacked = readdirSync(out).find((name) => name.endsWith('-unpacked'));
  appDir = join(out, unpacked!);
  asarPath = join(appDir, 'resources', 'app.asar');
  entries = listPackage(asarPath, { isPack: false }).map((entry) => entry.split(sep).join('/').slice(1));
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the packaged app', () => {
  it('has its fuses flipped', async () => {
    const wire = await getCurrentFuseWire(join(appDir, 'pos-connect'));
    expect(wire).toMatchObject({
      [FuseV1Options.RunAsNode]: FuseState.DISABLE,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: FuseState.DISABLE,
      [FuseV1Options.EnableNodeCliInspectArguments]: FuseState.DISABLE,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: FuseState.ENABLE,
      [FuseV1Options.OnlyLoadAppFromAsar]: FuseState.ENABLE,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: FuseState.DISABLE,
      [FuseV1Options.EnableCookieEncryption]: FuseState.ENABLE,
    });
  });

  it('holds the built main, preload and renderer (and the tray icons), nothing else of the project', () => {
    const own = entries.filter((entry) => !entry.startsWith('node_modules/') && entry !== 'node_modules');
    for (const required of [
      'package.json',
      'out/main/index.js',
      'out/preload/index.cjs',
      'out/renderer/index.html',
    ]) {
      expect(own).toContain(required);
    }
    // Besides the build, only the tray icons the app loads from its own path.
    const shipped = (entry: string) =>
      entry === 'package.json' || entry === 'resources' || /^(out|resources\/tray)(\/|$)/.test(entry);
    expect(own.filter((entry) => !shipped(entry))).toEqual([]);
    expect(own).toContain('resources/tray/tray.png');
    const builtFolders = own.filter((entry) => entry.startsWith('out/') && entry.split('/').length === 2);
    expect(builtFolders.sort()).toEqual(['out/main', 'out/preload', 'out/renderer']);
    expect(own.filter((entry) => /\.(map|ts|tsx)$/.test(entry))).toEqual([]);
  });

  it('contains neither the sandbox nor the web bridge nor any test code', () => {
    const testish = entries.filter((entry) =>
      /(^|\/)(test|tests|__tests__|e2e|bench|sandbox|bridge|src)(\/|$)/.test(
        entry.replace(/^node_modules\/.*?node_modules\//, ''),
      ),
    );
    // Dependencies' own folder names may collide (none does today); the project's never may.
    expect(testish.filter((entry) => !entry.startsWith('node_modules/'))).toEqual([]);
    expect(entries.filter((entry) => /(^|\/)(test|tests|__tests__)\//.test(entry))).toEqual([]);
    const main = extractFile(asarPath, 'out/main/index.js').toString('utf8');
    for (const marker of [
      'Sandbox listening on',
      '/.sandbox/',
      '__bridge',
      'POS Connect web preview',
      'playwright',
    ]) {
      expect(main, marker).not.toContain(marker);
    }
  });

  it('ships production dependencies only, every one of them', () => {
    const shipped = new Set(
      entries
        .filter((entry) => /node_modules\/(@[^/]+\/)?[^/@]+$/.test(entry))
        .map((entry) => packageNameOf(entry)),
    );
    expect([...shipped].filter((name) => !productionNames.has(name))).toEqual([]);
    expect(Object.keys(pkg.dependencies).filter((name) => !shipped.has(name))).toEqual([]);
    expect(Object.keys(pkg.devDependencies).filter((name) => shipped.has(name))).toEqual([]);
  });

  it('unpacks every native module of the production dependencies', () => {
    // Every .node file a production package has on disk, bar node-gyp's intermediate copies and
    // better-sqlite3's test extension (left out of the package on purpose: nothing loads it).
    const native = productionPackages
      .map(([path]) => join(root, path))
      .filter((dir) => existsSync(dir))
      .flatMap((dir) =>
        walk(dir).filter(
          (file) =>
            file.endsWith('.node') &&
            !file.includes(`${sep}obj.target${sep}`) &&
            !file.endsWith(`${sep}test_extension.node`),
        ),
      )
      .map((file) => relative(root, file).split(sep).join('/'));
    expect(native.length).toBeGreaterThan(0);
    for (const file of native) {
      expect(entries, file).toContain(file);
      expect((statFile(asarPath, file) as { unpacked?: boolean }).unpacked, file).toBe(true);
      expect(existsSync(join(`${asarPath}.unpacked`, file)), file).toBe(true);
    }
    const packedNative = entries.filter(
      (entry) => entry.endsWith('.node') && !(statFile(asarPath, entry) as { unpacked?: boolean }).unpacked,
    );
    expect(packedNative).toEqual([]);
  });

  it('carries no secret-looking file', () => {
    const secretNames =
      /(^|\/)(\.env(\..*)?|\.npmrc|id_(rsa|ed25519|ecdsa)|.*\.(pem|key|p12|pfx|jks|keystore|mobileprovision)|credentials(\.json)?|vault\.json|config\.json)$/i;
    expect(entries.filter((entry) => secretNames.test(entry))).toEqual([]);
    for (const entry of entries.filter((e) => e.startsWith('out/') && /\.(js|cjs|html|css)$/.test(e))) {
      const text = extractFile(asarPath, entry).toString('utf8');
      expect(text, entry).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----|client_secret=[A-Za-z0-9]{8,}/);
    }
  });

  it('stays within its size budget', () => {
    const asarBytes = statSync(asarPath).size;
    const unpackedDir = `${asarPath}.unpacked`;
    const unpackedBytes = existsSync(unpackedDir)
      ? walk(unpackedDir).reduce((sum, file) => sum + statSync(file).size, 0)
      : 0;
    console.log(
      `package size: app.asar ${asarBytes} B + unpacked ${unpackedBytes} B = ${asarBytes + unpackedBytes} B`,
    );
    expect(asarBytes + unpackedBytes).toBeLessThanOrEqual(SIZE_BUDGET_BYTES);
  });
});
