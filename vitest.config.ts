import { defineConfig } from 'vitest/config';

/**
 * Issue 23's attacks on a `launchplan serve` process measure that server (how fast `/healthz`
 * answers, how much memory it holds) against the acceptance figures: they run after the rest of
 * the suite, one file at a time, so that what they measure is the attack and not the other test
 * files sharing the machine's two cores (beside them, `/healthz`'s p99 reached 479 ms in a full
 * run; alone, 19–68 ms).
 */
const ALONE = [
  'test/hostile/liveStreams.test.ts',
  'test/hostile/blackholedStores.test.ts',
  'test/hostile/halfSent.test.ts',
];

/**
 * The test tiers, as Vitest projects (docs/testing.md): `npm test` runs them all, `npm run
 * test:unit` (and `test:property`, `test:integration`, `test:e2e`) one.
 *
 * - unit: in-process and quick: no server, no child process, no long generated runs.
 * - property: property and model-based suites (fast-check, the path generator): in-process, CPU-bound.
 * - integration: stores on PostgreSQL and NATS, the HTTP service on loopback, whole commands run
 *   in-process on file logs, child processes, generated files and the type check of a fixture.
 * - e2e: the command as a process, the console in Chromium, a JetStream cluster, the packed
 *   package installed in a fresh project, hostile inputs.
 */
const PROPERTY = [
  'test/**/*.property.test.ts',
  'test/**/*.model.test.ts',
  'test/testing/emittedHooks.test.ts',
  'test/testing/paths.test.ts',
  'test/testing/testModel.test.ts',
];
const INTEGRATION = [
  'test/store/**/*.test.ts',
  'test/service/**/*.test.ts',
  'test/cli/**/*.test.ts',
  'test/plan/explain.test.ts',
  'test/plan/golden.test.ts',
  'test/examples/**/*.test.ts',
  'test/compile/exports.test.ts',
  'test/events/newEventType.test.ts',
  'test/testing/runtimeReplay.test.ts',
  'test/testing/testgenCli.test.ts',
];
const E2E = [
  'test/e2e/**/*.test.ts',
  'test/service/console.test.ts',
  'test/cluster/**/*.test.ts',
  'test/package/**/*.test.ts',
  'test/hostile/**/*.test.ts',
];
const IN_PROCESS = ['./test/support/tmpdirSetup.ts'];
const WITH_BUILD = ['./test/support/globalSetup.ts'];

export default defineConfig({
  test: {
    // Most test files wait on child processes, fsync and servers rather than compute: one worker
    // more than the 2 cores of a CI machine keeps both busy (docs/testing.md, "Where the time goes").
    maxWorkers: 3,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: ['default', './test/support/summaryReporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [...PROPERTY, ...INTEGRATION, ...E2E],
          globalSetup: IN_PROCESS,
          // One module graph per worker, not per file: importing src/ anew for each file was a third of the tier's time.
          isolate: false,
        },
      },
      {
        extends: true,
        test: { name: 'property', include: PROPERTY, globalSetup: IN_PROCESS, isolate: false },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: INTEGRATION,
          exclude: E2E,
          globalSetup: WITH_BUILD,
        },
      },
      { extends: true, test: { name: 'e2e', include: E2E, exclude: ALONE, globalSetup: WITH_BUILD } },
      {
        extends: true,
        test: {
          name: 'alone',
          include: ALONE,
          globalSetup: WITH_BUILD,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
