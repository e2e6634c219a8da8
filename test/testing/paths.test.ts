import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { generatePaths, type GeneratedSuite } from '../../src/testing/paths.ts';
import { measureCoverage } from '../../src/testing/coverage.ts';
import { listTransitions } from '../../src/testing/transitions.ts';
import { loadExamples } from '../compile/drive.ts';

const examples = await loadExamples();

const suites = new Map<string, GeneratedSuite>();
function suiteOf(example: (typeof examples)[number], fresh = false): GeneratedSuite {
  const cached = suites.get(example.name);
  if (cached && !fresh) return cached;
  const generated = generatePaths(example);
  if (E.isLeft(generated)) throw new Error(generated.left.message);
  suites.set(example.name, generated.right);
  return generated.right;
}

describe('transitions of a compiled chart', () => {
  it('should list eventless, onDone and history transitions from the config', () => {
    for (const example of examples) {
      const transitions = listTransitions(example.config);
      expect(new Set(transitions.map((t) => t.id)).size).toBe(transitions.length);
      expect(transitions.some((t) => t.trigger === 'always')).toBe(true);
      expect(transitions.some((t) => t.trigger === 'done')).toBe(true);
      // Resuming after a rollback and after a pause both land in running's deep history.
      expect(transitions.filter((t) => t.history).map((t) => t.trigger)).toEqual([
        'launch.resumed',
        'launch.resumed',
      ]);
    }
  });
});

describe('generated paths', () => {
  for (const example of examples) {
    it(`should cover every transition of ${example.name}, checked in a fresh actor`, () => {
      const suite = suiteOf(example);
      const declared = new Set(suite.transitions.map((t) => t.id));
      expect(suite.covered.filter((id) => !declared.has(id))).toEqual([]);
      const report = measureCoverage(example.machine, suite.transitions, suite.paths);
      expect(report.uncovered.map((t) => t.id)).toEqual([]);
      expect(report.refused).toEqual([]);
      expect(report.diverged).toEqual([]);
      expect(report.transitionsCovered).toBe(report.transitionsTotal);
    });
  }

  it('should give the same paths every time (no randomness, no clock)', () => {
    const [example] = examples;
    if (!example) throw new Error('examples');
    expect(JSON.stringify(suiteOf(example, true).paths)).toBe(JSON.stringify(suiteOf(example, true).paths));
  });

  it('should keep no path that is a prefix of another', () => {
    for (const example of examples) {
      const signatures = suiteOf(example).paths.map((path) => path.steps.map((step) => step.move));
      for (const a of signatures)
        for (const b of signatures)
          if (a !== b && a.length < b.length) expect(b.slice(0, a.length)).not.toEqual(a);
    }
  });
});
