/**
 * The test runner a generated test file runs under: `node:test`'s `describe`/`it` when
 * `node --test` runs the file (it sets `NODE_TEST_CONTEXT` in the file's process), Vitest's when
 * Vitest does (it sets `VITEST`), so the file `launchplan testgen --out` writes runs as written
 * under both. `NODE_TEST_CONTEXT` is checked first: a `node --test` started from a Vitest test
 * inherits `VITEST`.
 */

export interface TestRunner {
  describe: (name: string, body: () => void) => unknown;
  it: (name: string, body: () => unknown) => unknown;
}

/**
 * Loads the running test framework's `describe` and `it`.
 *
 * @example
 * const { describe, it } = await testRunner();
 */
export async function testRunner(): Promise<TestRunner> {
  // A computed specifier: vitest is the user's dependency, never this package's.
  const framework =
    process.env['NODE_TEST_CONTEXT'] === undefined && process.env['VITEST'] !== undefined
      ? 'vitest'
      : 'node:test';
  const { describe, it } = (await import(framework)) as TestRunner;
  return { describe, it };
}
