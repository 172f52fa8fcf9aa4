// Packaging with electron-builder: `npm run dist` (scripts/dist.mjs) builds the app and calls this.
// Per-platform installers, Electron's fuses, the update feed (set at build time), and what goes into
// app.asar: the built main/preload/renderer and the production dependencies, nothing else.
// test/package/packaged-app.test.ts packages with this configuration and checks the result.

/** Where installed apps look for updates: POS_CONNECT_UPDATE_URL at build time, or no updates. */
export function updateFeedUrl(env = process.env) {
  const url = env.POS_CONNECT_UPDATE_URL?.trim();
  return url ? url : undefined;
}

/** macOS notarization runs when Apple credentials are in the environment (the release workflow's secrets). */
function notarizationConfigured(env) {
  const apiKey = env.APPLE_API_KEY && env.APPLE_API_KEY_ID && env.APPLE_API_ISSUER;
  const appleId = env.APPLE_ID && env.APPLE_APP_SPECIFIC_PASSWORD && env.APPLE_TEAM_ID;
  return Boolean(apiKey || appleId);
}

/** @returns {import('electron-builder').Configuration} */
export function builderConfig(env = process.env) {
  const feed = updateFeedUrl(env);
  return {
    appId: 'app.posconnect.desktop',
    productName: 'POS Connect',
    // The version comes from package.json.
    copyright: 'Copyright © POS Connect',
    directories: { output: 'dist', buildResources: 'resources' },
    // Only the build output; electron-builder adds the production dependencies (never devDependencies).
    files: [
      'out/**/*',
      'package.json',
      // The tray and menu bar icons, loaded from the app path (src/main/index.ts).
      'resources/tray/**',
      '!**/*.map',
      '!**/*.{md,markdown,ts,tsx}',
      '!**/{test,tests,__tests__}/**',
      // Native modules' C/C++ sources: compiled into their .node file, never loaded.
      '!**/node_modules/keytar/src/**',
      '!**/node_modules/better-sqlite3/{deps,src}/**',
      // node-gyp's intermediate files and the test extension: only build/Release/better_sqlite3.node loads.
      '!**/node_modules/better-sqlite3/build/Release/{obj,obj.target,.deps}/**',
      '!**/node_modules/better-sqlite3/build/Release/{test_extension.node,sqlite3.a}',
      '!**/node_modules/better-sqlite3/build/{deps/**,*.mk,Makefile,*.Makefile,config.gypi}',
    ],
    asar: true,
    // Native modules (keytar today, better-sqlite3 next) must be real files on disk to be loaded.
    asarUnpack: ['**/*.node'],
    // Native dependencies are rebuilt against Electron's headers for each target architecture (keytar is
    // N-API, better-sqlite3 is not). scripts/dist.mjs turns this off only for a stand-in Electron.
    npmRebuild: true,
    buildDependenciesFromSource: false,
    electronFuses: {
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    },
    // A connection kit (.posconnect) opens the app by double-click.
    fileAssociations: [
      {
        ext: 'posconnect',
        name: 'POS Connect connection kit',
        description: 'POS Connect connection kit',
        mimeType: 'application/x-posconnect',
        role: 'Viewer',
      },
    ],
    win: {
      target: [{ target: 'nsis', arch: ['x64', 'arm64'] }],
      icon: 'resources/icon.ico',
      // Signing: CSC_LINK / CSC_KEY_PASSWORD (or WIN_CSC_LINK) in the environment; unsigned without.
    },
    nsis: {
      // Per-user, no administrator rights, a Start-menu entry; the uninstaller asks about the data.
      oneClick: false,
      perMachine: false,
      allowElevation: false,
      allowToChangeInstallationDirectory: false,
      createStartMenuShortcut: true,
      createDesktopShortcut: false,
      shortcutName: 'POS Connect',
      include: 'resources/installer.nsh',
      artifactName: 'POS-Connect-Setup-${version}.${ext}',
    },
    mac: {
      // One build per architecture: native modules are rebuilt per arch, and the updater picks the right zip.
      target: [
        { target: 'dmg', arch: ['x64', 'arm64'] },
        { target: 'zip', arch: ['x64', 'arm64'] },
      ],
      icon: 'resources/icon.icns',
      category: 'public.app-category.business',
      hardenedRuntime: true,
      gatekeeperAssess: false,
      entitlements: 'resources/entitlements.mac.plist',
      entitlementsInherit: 'resources/entitlements.mac.plist',
      // Signing: CSC_LINK / CSC_KEY_PASSWORD; notarization: APPLE_API_KEY(+_ID, _ISSUER) or
      // APPLE_ID + APPLE_APP_SPECIFIC_PASSWORD + APPLE_TEAM_ID.
      notarize: notarizationConfigured(env),
    },
    dmg: { artifactName: 'POS-Connect-${version}-${arch}.${ext}' },
    linux: {
      target: [
        { target: 'AppImage', arch: ['x64'] },
        { target: 'deb', arch: ['x64'] },
      ],
      icon: 'resources/icons',
      category: 'Office',
      // The window's WM_CLASS matches the .desktop entry (package.json's desktopName).
      syncDesktopName: true,
      synopsis: 'Connect and keep alive a shop’s point-of-sale accounts',
    },
    // keytar talks to the Secret Service (gnome-keyring / KWallet) through libsecret.
    deb: { depends: ['libsecret-1-0', 'libnss3', 'libxss1', 'libgtk-3-0'] },
    appImage: { artifactName: 'POS-Connect-${version}-${arch}.${ext}' },
    // No feed, no update check: the app reads its absence and says so in Settings.
    publish: feed ? [{ provider: 'generic', url: feed }] : null,
  };
}

export default builderConfig();
