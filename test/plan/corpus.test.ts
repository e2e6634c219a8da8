/**
 * The plan corpus: realistic plans in five languages (test/fixtures/plans/*.md), each with an
 * expectation written by hand as a careful launch lead reads it (*.expected.yaml, see
 * corpusSummary.ts). Any drift in what the reader sees fails here; the message shows the summary
 * the reader gave, to compare with the expectation by eye.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { readPlanDocument } from '../../src/plan/markdown/readPlan.ts';
import { summarize } from './corpusSummary.ts';

const folder = fileURLToPath(new URL('../fixtures/plans/', import.meta.url));
const plans = readdirSync(folder)
  .filter((name) => name.endsWith('.md'))
  .sort();

describe('the plan corpus', () => {
  it('should hold at least 25 plans in five languages', () => {
    expect(plans.length).toBeGreaterThanOrEqual(25);
    expect(new Set(plans.map((name) => name.slice(0, 2)))).toEqual(new Set(['en', 'fr', 'es', 'pt', 'de']));
  });

  for (const name of plans) {
    it(`should read ${name} as its expectation says`, () => {
      const { plan } = readPlanDocument(readFileSync(`${folder}${name}`), { id: name.replace(/\.md$/, '') });
      const expected: unknown = parse(
        readFileSync(`${folder}${name.replace(/\.md$/, '.expected.yaml')}`, 'utf8'),
      );
      const actual = summarize(plan);
      expect(actual, `the reader's summary of ${name}:\n${stringify(actual)}`).toEqual(expected);
      expect(plan.diagnostics.filter((diagnostic) => diagnostic.code === 'no-phases')).toEqual([]);
    });
  }
});
