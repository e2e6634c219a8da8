/** `launchplan lint <plan> [--json]`: static checks on the compiled chart; exit 1 only on errors. */
import type { Command } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import { lintPlan } from '../../compile/lint.ts';
import { formatLoadError, loadPlanFile } from '../../plan/load.ts';
import { CliExit, type CliIo } from '../io.ts';

export function registerLint(program: Command, io: CliIo): void {
  program
    .command('lint')
    .description('check the compiled statechart of a plan: unreachable or dead-end states, gates without criteria, empty phases, no rollback, steps without owner')
    .argument('<plan>', 'plan file (Markdown, JSON or YAML)')
    .option('--json', 'print the findings as JSON')
    .action(async (path: string, options: { json?: boolean }) => {
      const loaded = await loadPlanFile(path);
      if (E.isLeft(loaded)) throw new CliExit(2, formatLoadError(loaded.left));
      const findings = lintPlan(loaded.right.plan);
      const counts = { error: 0, warning: 0, info: 0 };
      for (const finding of findings) counts[finding.severity] += 1;
      if (options.json) io.out(JSON.stringify({ plan: loaded.right.plan.id, path, counts, findings }, null, 2));
      else {
        for (const finding of findings) io.out(`${path}:${finding.line}: ${finding.severity} ${finding.code}: ${finding.message}`);
        io.out(`${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} info`);
      }
      if (counts.error > 0) throw new CliExit(1, '');
    });
}
