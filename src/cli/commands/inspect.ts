/** `launchplan inspect <plan>`: the plan as a tree, as JSON, as stats, or the reader's reasons (--explain). */
import type { Command } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import { formatLoadError, loadPlanFile } from '../../plan/load.ts';
import { planStats } from '../../plan/stats.ts';
import { CliExit, type CliIo } from '../io.ts';
import { planErrors } from '../planErrors.ts';
import { renderDecisions, renderPlanTree } from '../planTree.ts';

export function registerInspect(program: Command, io: CliIo): void {
  program
    .command('inspect')
    .description('read a plan (Markdown, JSON or YAML) and print it as a tree, JSON or stats')
    .argument('<plan>', 'plan file')
    .option('--json', 'print the Plan as JSON')
    .option('--stats', 'print counts (phases, steps, items, checkboxes, checked)')
    .option('--explain', 'print what each section and table was read as, and why (which words, which columns)')
    .action(async (path: string, options: { json?: boolean; stats?: boolean; explain?: boolean }) => {
      const loaded = await loadPlanFile(path);
      if (E.isLeft(loaded)) throw new CliExit(2, formatLoadError(loaded.left));
      const { plan, tasks, decisions } = loaded.right;
      if (options.explain) {
        io.out(options.json ? JSON.stringify(decisions, null, 2) : renderDecisions(decisions, plan));
      } else if (options.stats) {
        const stats = planStats(plan, tasks);
        io.out(options.json ? JSON.stringify(stats) : Object.entries(stats).map(([key, value]) => `${key}: ${value}`).join('\n'));
      } else if (options.json) {
        io.out(JSON.stringify(plan, null, 2));
      } else {
        io.out(renderPlanTree(plan, { color: io.tty }));
      }
      const errors = planErrors(path, plan);
      if (errors) throw new CliExit(1, errors);
    });
}
