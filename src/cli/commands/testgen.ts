/**
 * `launchplan testgen <plan> [--json] [--out FILE]`: test paths covering every transition of
 * the plan's statechart. `--out go-live.test.ts` writes a test file on `launchplan/testing`'s
 * `createLaunchTestModel` (it reads the plan, so it follows the plan as it changes). Exit 1 when
 * some transition is not covered; transitions no event of this plan can take (a test result in a
 * plan without test items) are listed as impossible, with the reason, and do not fail.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import { emitTestFile } from '../../testing/emitTestFile.ts';
import { testgenPlan } from '../../testing/testgen.ts';
import { CliExit, printJson, type CliIo } from '../io.ts';
import type { JsonOption } from '../logOptions.ts';
import { loadUsablePlan, type PlanLimitOptions } from '../planErrors.ts';

/** The plan file as a URL relative to the test file: `../plans/go-live.md`. */
export function planUrlFrom(testFile: string, planFile: string): string {
  const path = relative(dirname(resolve(testFile)), resolve(planFile))
    .split(sep)
    .join('/');
  return path.startsWith('.') ? path : `./${path}`;
}

const impossibleNote = (count: number): string => (count === 0 ? '' : `, ${count} impossible for this plan`);

export async function run(
  io: CliIo,
  options: JsonOption & { out?: string } & PlanLimitOptions,
  path: string,
): Promise<void> {
  const { plan } = await loadUsablePlan(path, options);
  const generated = testgenPlan(plan);
  if (generated._tag === 'Left') throw new CliExit(2, `${path}: ${generated.left.message}`);
  const { layout, suite, coverage, report } = generated.right;
  const written: string[] = [];
  if (options.out) {
    try {
      await mkdir(dirname(options.out), { recursive: true });
      await writeFile(options.out, emitTestFile(layout, suite, { planFile: planUrlFrom(options.out, path) }));
    } catch (error) {
      throw new CliExit(2, `cannot write ${options.out}: ${(error as Error).message}`);
    }
    written.push(resolve(options.out));
  }
  if (options.json)
    printJson(io, {
      ...report,
      // The paths themselves, each as the moves it makes (`report.paths` counts them).
      testPaths: suite.paths.map((generatedPath) => ({
        id: generatedPath.id,
        description: generatedPath.description,
        covers: generatedPath.covers,
        moves: generatedPath.steps.map((step) => step.move),
      })),
      files: written,
    });
  else {
    io.out(
      `${path}: ${report.paths} paths, ${report.events} events, cover ${report.transitionsCovered}/${report.transitionsTotal} transitions${impossibleNote(report.impossible.length)} (${report.states} states explored, ${report.ms} ms)`,
    );
    for (const id of report.uncovered) io.out(`  not covered: ${id}`);
    for (const { id, reason } of report.impossible) io.out(`  impossible: ${id} (${reason})`);
    for (const file of written) io.out(`wrote ${file}`);
  }
  if (report.uncovered.length > 0 || coverage.refused.length > 0 || coverage.diverged.length > 0)
    throw new CliExit(1, '');
}
