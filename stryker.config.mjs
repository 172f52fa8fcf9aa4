// Mutation testing of the main process's core (`npm run mutation`; not part of `npm test` nor CI:
// a run takes tens of minutes on two cores). Score per folder and the survivors judged equivalent:
// README ("Mutation testing") and docs/mutation-survivors.md.
//
// Everything:      npm run mutation
// One folder:      MUTATE=oauth npm run mutation        (connections | oauth | security)
// Reports go to reports/mutation/<folder or "core">.html/.json; the incremental file next to them
// lets a re-run test only the mutants whose code or tests changed.
const FOLDERS = ['connections', 'oauth', 'security'];
const only = process.env.MUTATE;
if (only && !FOLDERS.includes(only)) throw new Error(`MUTATE must be one of ${FOLDERS.join(', ')}`);
const folders = only ? [only] : FOLDERS;
const name = only ?? 'core';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: [
    ...folders.map((folder) => `src/main/${folder}/**/*.ts`),
    // Re-exports only.
    '!src/main/oauth/index.ts',
  ],
  coverageAnalysis: 'perTest',
  // The machines this runs on are shared.
  concurrency: 2,
  timeoutMS: 10_000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  incremental: true,
  incrementalFile: `reports/mutation/${name}-incremental.json`,
  // Run folders one after the other: a run started while another is going copies the other's sandbox
  // (.tmp) into its own and fails.
  tempDirName: `.tmp/stryker-${name}`,
  cleanTempDir: 'always',
};
