/**
 * Gate timeouts in model-based testing (issue 24): the generated paths of a plan whose gates time
 * out take every `gate.timedOut` transition the chart declares, for each outcome, checked in a
 * fresh actor.
 */
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { withApprovalPolicies } from '../../src/plan/approvals.ts';
import type { TimeoutOutcome } from '../../src/plan/gateTimeout.ts';
import { testgenPlan } from '../../src/testing/testgen.ts';
import { readExample } from '../support/examples.ts';

describe('generated paths of gates with a timeout', () => {
  for (const outcome of ['no-go', 'skip', 'escalate'] as const satisfies readonly TimeoutOutcome[])
    it(`should take every gate.timedOut transition when the gates ${outcome} on timeout`, () => {
      const plan = withApprovalPolicies(readExample('mbayar-go-live').plan, {
        '*': { timeout: '4h', onTimeout: outcome },
      });
      const generated = testgenPlan(plan);
      if (E.isLeft(generated)) throw new Error(generated.left.message);
      const { suite, coverage, report } = generated.right;
      const timeouts = suite.transitions.filter((transition) => transition.trigger === 'gate.timedOut');
      expect(timeouts).toHaveLength(plan.gates.length);
      expect(timeouts.every((transition) => suite.covered.includes(transition.id))).toBe(true);
      expect(
        suite.paths.some((path) =>
          path.steps.some((step) => step.events.some((event) => event.type === 'gate.timedOut')),
        ),
      ).toBe(true);
      expect(coverage.refused).toEqual([]);
      expect(coverage.diverged).toEqual([]);
      expect(report.uncovered).toEqual([]);
    });
});
