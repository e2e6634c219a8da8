/**
 * The plan corpus: plans in seven languages (test/fixtures/plans/*.md), each with an expectation
 * written by hand as a careful launch lead reads it (*.expected.yaml, see the folder's README),
 * scored per dimension by meaning.ts. Two guards:
 *
 * - a ratchet per plan: no plan may agree less, on any dimension, than the agreement recorded in
 *   test/plan/agreement.json (a drop fails with what disagreed; a gain is recorded by
 *   `npm run golden`, so the next drop is caught from there);
 * - floors for the whole corpus per dimension (the same file), so the reader cannot trade one
 *   plan's loss for another's gain below them.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DIMENSIONS, type Dimension } from './meaning.ts';
import { corpusFolder, corpusPlans, scoreCorpus } from './meaningCorpus.ts';

const update = process.env.UPDATE_GOLDEN === '1';
const agreementPath = fileURLToPath(new URL('./agreement.json', import.meta.url));

interface Recorded {
  floors: Record<Dimension, number>;
  plans: Record<string, Partial<Record<Dimension, number>>>;
}

const round = (value: number): number => Math.floor(value * 1000) / 1000;
const plans = corpusPlans();
const corpus = scoreCorpus();
const recorded: Recorded = existsSync(agreementPath)
  ? (JSON.parse(readFileSync(agreementPath, 'utf8')) as Recorded)
  : { floors: {} as Record<Dimension, number>, plans: {} };

if (update) {
  const next: Recorded = {
    floors: recorded.floors,
    plans: Object.fromEntries(
      corpus.plans.map((plan) => [
        plan.name,
        Object.fromEntries(
          Object.entries(plan.scores).map(([dimension, score]) => [dimension, round(score)]),
        ),
      ]),
    ),
  };
  writeFileSync(agreementPath, `${JSON.stringify(next, null, 2)}\n`);
}

describe('the plan corpus', () => {
  it('should hold at least 90 plans: 10 in each of English, French, German, Spanish and Portuguese, 5 in Italian and Dutch', () => {
    expect(plans.length).toBeGreaterThanOrEqual(90);
    const count = (language: string) => plans.filter((name) => name.startsWith(`${language}-`)).length;
    for (const language of ['en', 'fr', 'de', 'es', 'pt'])
      expect(count(language), language).toBeGreaterThanOrEqual(10);
    for (const language of ['it', 'nl']) expect(count(language), language).toBeGreaterThanOrEqual(5);
    for (const name of plans)
      expect(existsSync(`${corpusFolder}${name.replace(/\.md$/, '.expected.yaml')}`), name).toBe(true);
  });

  it('should agree with the careful reader at least as well as the floors, on every dimension', () => {
    for (const dimension of DIMENSIONS)
      expect(corpus.agreement[dimension], dimension).toBeGreaterThanOrEqual(recorded.floors[dimension] ?? 1);
  });

  for (const plan of corpus.plans) {
    it(`should read ${plan.name} no worse than recorded`, () => {
      const before = recorded.plans[plan.name] ?? {};
      const drops = DIMENSIONS.filter(
        (dimension) =>
          plan.scores[dimension] !== undefined && round(plan.scores[dimension]) < (before[dimension] ?? 1),
      );
      expect(
        drops,
        `${plan.name} agrees less on ${drops.join(', ')}:\n  ${plan.misses.join('\n  ')}`,
      ).toEqual([]);
    });

    it(`should find a phase in ${plan.name} when its reader finds one`, () => {
      const expected = parse(
        readFileSync(`${corpusFolder}${plan.name.replace(/\.md$/, '.expected.yaml')}`, 'utf8'),
      ) as { phases?: unknown[] };
      if ((expected.phases ?? []).length > 0) expect(plan.scores.phases ?? 0).toBeGreaterThan(0);
    });
  }
});
