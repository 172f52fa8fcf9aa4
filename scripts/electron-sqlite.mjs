// better-sqlite3 is not an N-API module: node_modules holds the build for Node (the tests use it),
// and Electron needs one built against its own headers. `npm start` builds that second copy once per
// Electron version into node_modules/.cache and hands its path to the app (POS_CONNECT_SQLITE_BINDING,
// honoured only by a development run). A packaged app gets its own rebuilt copy from electron-builder.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export async function electronSqliteBinding(root, electronVersion) {
  const target = join(
    root,
    'node_modules',
    '.cache',
    'pos-connect',
    `electron-${electronVersion}`,
    'better_sqlite3.node',
  );
  if (existsSync(target)) return target;
  console.log(`Building better-sqlite3 for Electron ${electronVersion} (first start only, a few minutes)…`);
  const work = mkdtempSync(join(tmpdir(), 'pos-connect-sqlite-'));
  try {
    const source = dirname(require.resolve('better-sqlite3/package.json'));
    const copy = join(work, 'node_modules', 'better-sqlite3');
    cpSync(source, copy, { recursive: true, filter: (path) => !path.includes(`${join(source, 'build')}`) });
    writeFileSync(
      join(work, 'package.json'),
      JSON.stringify({
        name: 'sqlite-for-electron',
        version: '0.0.0',
        dependencies: { 'better-sqlite3': '*' },
      }),
    );
    const { rebuild } = require('@electron/rebuild');
    await rebuild({ buildPath: work, electronVersion, onlyModules: ['better-sqlite3'], force: true });
    mkdirSync(dirname(target), { recursive: true });
    cpSync(join(copy, 'build', 'Release', 'better_sqlite3.node'), target);
    return target;
  } catch (error) {
    console.error(`
POS Connect could not start: better-sqlite3 could not be built for Electron ${electronVersion}.

  Building it needs Electron's headers, downloaded from electronjs.org (outside the npm registry), and
  a C++ toolchain (python3, make and a compiler; on Windows the Visual Studio build tools).
    ${error instanceof Error ? error.message.split('\n')[0] : String(error)}

  Behind a proxy, set HTTPS_PROXY; with a headers mirror, set ELECTRON_MIRROR / npm_config_disturl.
  Meanwhile, the same app runs in your browser: npm run web
`);
    process.exit(1);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
