/**
 * Meaning benchmark: the reader against every hand-written expectation of the plan corpus
 * (test/fixtures/plans/*.expected.yaml), per dimension (test/plan/meaning.ts). Prints the
 * agreement per dimension and overall; the plans that disagree most, with what disagreed, go to
 * stderr. The baseline is the expectation itself: 1.0 is a careful reader's reading.
 */
import { scoreCorpus } from '../test/plan/meaningCorpus.ts';
import { progress, round } from './measure.ts';

export function run(): Promise<Record<string, unknown>> {
  const { plans, agreement } = scoreCorpus();
  const worst = [...plans]
    .map((plan) => ({
      ...plan,
      mean: Object.values(plan.scores).reduce((a, b) => a + b, 0) / Object.keys(plan.scores).length,
    }))
    .sort((a, b) => a.mean - b.mean)
    .slice(0, 12);
  for (const plan of worst)
    progress(`${plan.name} ${round(plan.mean)}\n    ${plan.misses.slice(0, 8).join('\n    ')}`);
  return Promise.resolve({
    plans: plans.length,
    ...Object.fromEntries(Object.entries(agreement).map(([dimension, value]) => [dimension, round(value)])),
  });
}
