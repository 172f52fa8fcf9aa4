import { defineConfig } from 'vitest/config';

// The test set StrykerJS runs against each mutant (stryker.config.mjs, `npm run mutation`): the unit
// project only. Integration tests start the sandbox and real storage for every test, which multiplies
// a mutation run's hours; the unit tests are where the core's promises must be pinned.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    // Instrumented code under a loaded machine: the scheduler's 60-day fake-time test needs more than 5 s.
    testTimeout: 30_000,
  },
});
