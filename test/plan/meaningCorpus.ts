/**
 * The meaning score of the whole plan corpus: every fixture read, summarised and scored against
 * its expectation (meaning.ts). Shared by `npm run bench -- meaning` and the floor test.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { readPlanDocument } from '../../src/plan/markdown/readPlan.ts';
import { summarize } from './corpusSummary.ts';
import { agreement, scorePlan, type Dimension, type PlanScore } from './meaning.ts';

export const corpusFolder = fileURLToPath(new URL('../fixtures/plans/', import.meta.url));

/** Fixture names (`<lang>-<shape>.md`), sorted. */
export const corpusPlans = (folder = corpusFolder): string[] =>
  readdirSync(folder)
    .filter((name) => name.endsWith('.md') && name !== 'README.md')
    .sort();

/** The fixtures that have their expectation (the corpus test requires it of every one). */
const expectedPlans = (folder: string): string[] =>
  corpusPlans(folder).filter((name) => existsSync(`${folder}${name.replace(/\.md$/, '.expected.yaml')}`));

export interface CorpusScore {
  plans: (PlanScore & { name: string })[];
  agreement: Record<Dimension | 'overall', number>;
}

/** Scores every plan of a corpus folder (the project's own by default). */
export function scoreCorpus(folder = corpusFolder): CorpusScore {
  const plans = expectedPlans(folder).map((name) => {
    const source = readFileSync(`${folder}${name}`);
    const { plan } = readPlanDocument(source, { id: name.replace(/\.md$/, '') });
    const expected = parse(
      readFileSync(`${folder}${name.replace(/\.md$/, '.expected.yaml')}`, 'utf8'),
    ) as Record<string, unknown>;
    return { name, ...scorePlan(expected, summarize(plan), source, plan) };
  });
  return { plans, agreement: agreement(plans) };
}
