/**
 * fast-check parameters for the property and model-based suites: `FC_SEED` (and `FC_PATH`,
 * printed by fast-check with a failure) replay a failing run; `FC_RUNS` raises the number of
 * runs locally. The defaults keep the suites within a CI budget.
 */
export function fcParams(numRuns: number): { numRuns: number; seed?: number; path?: string; endOnFailure?: boolean } {
  const seed = process.env['FC_SEED'];
  const path = process.env['FC_PATH'];
  const runs = process.env['FC_RUNS'];
  return {
    numRuns: runs ? Number(runs) : numRuns,
    ...(seed ? { seed: Number(seed) } : {}),
    ...(path ? { path } : {}),
  };
}
