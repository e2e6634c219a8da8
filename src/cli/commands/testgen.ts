/**
 * `launchplan testgen <plan> [--json] [--out FILE]`: test paths covering every transition of
 * the plan's statechart. `--out go-live.test.ts` writes a runnable Vitest file and, beside it,
 * `go-live.paths.json` (the plan, the transitions and the paths). Exit 1 when some transition
 * is not covered.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import { formatLoadError, loadPlanFile } from '../../plan/load.ts';
import { emitTestFile, testgenFile } from '../../testing/emitTestFile.ts';
import { testgenPlan } from '../../testing/testgen.ts';
import { CliExit, type CliIo } from '../io.ts';
import { planErrors } from '../planErrors.ts';

const TESTING_INDEX = fileURLToPath(new URL('../../testing/index.ts', import.meta.url));
const PACKAGE_ROOT = resolve(dirname(TESTING_INDEX), '..', '..');

/** The paths file beside a test file: `x.test.ts` → `x.paths.json`. */
export function pathsFileOf(testFile: string): string {
  return join(dirname(testFile), `${basename(testFile).replace(/(\.test)?\.[cm]?[jt]s$/, '')}.paths.json`);
}

/** `launchplan/testing`, or a relative path to it when the test file is inside this package. */
function importSpecifier(testFile: string, override: string | undefined): string {
  if (override) return override;
  const absolute = resolve(testFile);
  if (!absolute.startsWith(PACKAGE_ROOT + sep) || absolute.includes(`${sep}node_modules${sep}`)) return 'launchplan/testing';
  const path = relative(dirname(absolute), TESTING_INDEX).split(sep).join('/');
  return path.startsWith('.') ? path : `./${path}`;
}

export function registerTestgen(program: Command, io: CliIo): void {
  program
    .command('testgen')
    .description('generate test paths covering every transition of the plan\'s statechart (eventless and history ones included); --out writes a runnable Vitest file and the paths as JSON')
    .argument('<plan>', 'plan file (Markdown, JSON or YAML)')
    .option('--json', 'print the figures as JSON')
    .option('-o, --out <file>', 'write a Vitest file (e.g. test/go-live.test.ts) and its paths (go-live.paths.json beside it)')
    .option('--import-from <specifier>', 'module the written test imports the testing API from (default: launchplan/testing, or a relative path inside this package)')
    .action(async (path: string, options: { json?: boolean; out?: string; importFrom?: string }) => {
      const loaded = await loadPlanFile(path);
      if (E.isLeft(loaded)) throw new CliExit(2, formatLoadError(loaded.left));
      const plan = loaded.right.plan;
      const errors = planErrors(path, plan);
      if (errors) throw new CliExit(1, errors);
      const generated = testgenPlan(plan);
      if (E.isLeft(generated)) throw new CliExit(2, `${path}: ${generated.left.message}`);
      const { config, suite, coverage, report } = generated.right;
      const written: string[] = [];
      if (options.out) {
        const pathsFile = pathsFileOf(options.out);
        try {
          await mkdir(dirname(options.out), { recursive: true });
          await writeFile(pathsFile, `${JSON.stringify(testgenFile(plan, suite, coverage), null, 1)}\n`);
          await writeFile(options.out, emitTestFile(config, suite, { pathsFile: `./${basename(pathsFile)}`, importFrom: importSpecifier(options.out, options.importFrom) }));
        } catch (error) {
          throw new CliExit(2, `cannot write ${options.out}: ${(error as Error).message}`);
        }
        written.push(options.out, pathsFile);
      }
      if (options.json) io.out(JSON.stringify({ ...report, files: written }, null, 2));
      else {
        io.out(`${path}: ${report.paths} paths, ${report.events} events, cover ${report.transitions_covered}/${report.transitions_total} transitions (${report.states} states explored, ${report.ms} ms)`);
        for (const id of report.uncovered) io.out(`  not covered: ${id}`);
        for (const file of written) io.out(`wrote ${file}`);
      }
      if (report.uncovered.length > 0 || coverage.refused.length > 0 || coverage.diverged.length > 0) throw new CliExit(1, '');
    });
}
