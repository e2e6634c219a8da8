/**
 * Test generation for one plan, end to end: compile, generate paths, measure their transition
 * coverage in fresh actors, and time it. Used by `launchplan testgen` and the benchmark.
 */
import { performance } from 'node:perf_hooks';
import * as E from 'fp-ts/lib/Either.js';
import { compiledPlan, type CompiledLaunch } from '../compile/compiled.ts';
import type { Plan } from '../plan/model.ts';
import { measureCoverage, type CoverageReport } from './coverage.ts';
import { splitImpossible, type ImpossibleTransition } from './impossible.ts';
import { generatePaths, type GenerateError, type GenerateOptions, type GeneratedSuite } from './paths.ts';

/** The figures `launchplan testgen --json` prints. */
export interface TestgenReport {
  plan: string;
  transitionsTotal: number;
  transitionsCovered: number;
  paths: number;
  /** Events over all paths. */
  events: number;
  /** States (value, open alerts, failed watched steps) the traversal explored. */
  states: number;
  /** Compiling and generating the paths. */
  ms: number;
  /** Checking the coverage by running every path in a fresh actor. */
  coverageMs: number;
  /** Ids of the declared transitions no path takes though an event of this plan could. */
  uncovered: string[];
  /** Declared transitions no event of this plan can take (a test result without test items…), with why. */
  impossible: ImpossibleTransition[];
}

export interface Testgen extends CompiledLaunch {
  suite: GeneratedSuite;
  coverage: CoverageReport;
  report: TestgenReport;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/**
 * Generates and checks the test paths of a plan.
 *
 * @example
 * const result = testgenPlan(plan);
 * if (E.isRight(result)) console.log(result.right.report.transitionsCovered, '/', result.right.report.transitionsTotal);
 */
export function testgenPlan(plan: Plan, options: GenerateOptions = {}): E.Either<GenerateError, Testgen> {
  const started = performance.now();
  const compiled = compiledPlan(plan);
  const generated = generatePaths(compiled, options);
  if (E.isLeft(generated)) return generated;
  const generatedAt = performance.now();
  const suite = generated.right;
  const coverage = measureCoverage(compiled.machine, suite.transitions, suite.paths);
  const { impossible, uncovered } = splitImpossible(
    coverage.uncovered,
    Object.values(compiled.config.context.plan.items),
  );
  const report: TestgenReport = {
    plan: plan.id,
    transitionsTotal: coverage.transitionsTotal,
    transitionsCovered: coverage.transitionsCovered,
    paths: suite.paths.length,
    events: suite.paths.reduce(
      (sum, path) => sum + path.steps.reduce((count, step) => count + step.events.length, 0),
      0,
    ),
    states: suite.statesExplored,
    ms: round(generatedAt - started),
    coverageMs: round(performance.now() - generatedAt),
    uncovered: uncovered.map((transition) => transition.id),
    impossible,
  };
  return E.right({ ...compiled, suite, coverage, report });
}
