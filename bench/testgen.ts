/**
 * Test generation benchmark: for each example plan, the time to compile it and generate paths
 * covering every transition of its chart (first run in this process, and best of 3), the
 * coverage reached (checked by running every path in a fresh actor), the number of paths and
 * events; plus a generated 1,000-item plan to show the traversal stays tractable on big plans.
 * Target: full coverage of each example in under 2 s.
 *
 * `npm run bench -- testgen`, or alone: `node --import tsx bench/testgen.ts`.
 */
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import { loadPlanFile } from '../src/plan/load.ts';
import { readPlanMarkdown } from '../src/plan/markdown/readPlan.ts';
import type { Plan } from '../src/plan/model.ts';
import { testgenPlan } from '../src/testing/testgen.ts';
import { examplePlanPaths } from '../scripts/machinesSource.ts';
import { generatePlanMarkdown } from './generatePlan.ts';
import { progress, round } from './measure.ts';

const TARGET_MS = 2000;

function measure(name: string, plan: Plan): Record<string, number | boolean> {
  const first = testgenPlan(plan);
  if (E.isLeft(first)) throw new Error(`${name}: ${first.left.message}`);
  let best = first.right.report.ms;
  for (let run = 0; run < 3; run += 1) {
    const again = testgenPlan(plan);
    if (E.isRight(again)) best = Math.min(best, again.right.report.ms);
  }
  const { report } = first.right;
  progress(
    `${name}: ${report.transitionsCovered}/${report.transitionsTotal} transitions, ${report.paths} paths, ${report.ms} ms first, ${round(best)} ms best`,
  );
  return {
    [`${name}_transitions_total`]: report.transitionsTotal,
    [`${name}_transitions_covered`]: report.transitionsCovered,
    [`${name}_coverage`]: round(report.transitionsCovered / report.transitionsTotal),
    [`${name}_paths`]: report.paths,
    [`${name}_events`]: report.events,
    [`${name}_states`]: report.states,
    [`${name}_first_ms`]: report.ms,
    [`${name}_best_ms`]: round(best),
    [`${name}_coverage_check_ms`]: report.coverageMs,
  };
}

/** Runs the suite and returns its figures. */
export async function run(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  let withinTarget = true;
  for (const path of examplePlanPaths()) {
    const loaded = await loadPlanFile(path);
    if (E.isLeft(loaded)) throw new Error(`cannot load ${path}`);
    const figures = measure(loaded.right.plan.id, loaded.right.plan);
    Object.assign(out, figures);
    withinTarget &&=
      figures[`${loaded.right.plan.id}_coverage`] === 1 &&
      (figures[`${loaded.right.plan.id}_first_ms`] as number) < TARGET_MS;
  }
  Object.assign(
    out,
    measure('generated_1000', readPlanMarkdown(generatePlanMarkdown(4, 10, 25), { id: 'generated-1000' })),
  );
  out['target_ms_max'] = TARGET_MS;
  out['examples_full_coverage_within_target'] = withinTarget;
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(`${JSON.stringify(await run(), null, 2)}\n`);
}
