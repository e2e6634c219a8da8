/**
 * fast-check parameters for every property and model-based suite. Suites are seeded, so CI runs
 * the same cases every time and a red run is reproducible: `FC_SEED` (and `FC_PATH`, printed by
 * fast-check with a failure) replays a run or explores other cases; `FC_RUNS` raises the number of
 * runs locally. The defaults keep the suites within a CI budget.
 */

/** The seed of every suite that names none of its own. */
export const DEFAULT_SEED = 20_261_129;

export function fcParams(
  numRuns: number,
  seed = DEFAULT_SEED,
): { numRuns: number; seed: number; path?: string } {
  const envSeed = process.env['FC_SEED'];
  const path = process.env['FC_PATH'];
  const runs = process.env['FC_RUNS'];
  return {
    numRuns: runs ? Number(runs) : numRuns,
    seed: envSeed ? Number(envSeed) : seed,
    ...(path ? { path } : {}),
  };
}
