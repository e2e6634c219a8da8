import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Most test files wait on child processes, fsync and servers rather than compute: one worker
    // more than the 2 cores of a CI machine keeps both busy (docs/testing.md, "Where the time goes").
    maxWorkers: 3,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: ['default', './test/support/summaryReporter.ts'],
    globalSetup: ['./test/support/globalSetup.ts'],
  },
});
