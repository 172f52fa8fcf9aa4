import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        // Real loopback sockets, the sandbox and a real keychain (scripts/test.mjs (npm test) runs this project
        // inside a private D-Bus session with an unlocked gnome-keyring).
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        // npm run dist -- --dir with a stand-in Electron, then the produced app.asar checked.
        test: {
          name: 'package',
          include: ['test/package/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 180_000,
        },
      },
      {
        // Chromium through playwright-core against the built renderer and the loopback bridge.
        test: {
          name: 'browser',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
