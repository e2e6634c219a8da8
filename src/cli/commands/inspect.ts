/** `launchplan inspect <plan>`: the plan as a tree (with item ids), as JSON, as stats, or the reader's reasons (--explain). */
import * as E from 'fp-ts/lib/Either.js';
import { formatLoadError } from '../../plan/load.ts';
import { planStats } from '../../plan/stats.ts';
import { CliExit, printJson, type CliIo } from '../io.ts';
import type { JsonOption } from '../logOptions.ts';
import { loadPlan, planErrors, type PlanLimitOptions } from '../planErrors.ts';
import { renderDecisions, renderPlanTree } from '../planTree.ts';

export async function run(
  io: CliIo,
  options: JsonOption & PlanLimitOptions & { stats?: boolean; explain?: boolean },
  path: string,
): Promise<void> {
  const loaded = await loadPlan(path, options);
  if (E.isLeft(loaded)) throw new CliExit(2, formatLoadError(loaded.left));
  const { plan, tasks, decisions } = loaded.right;
  if (options.explain) {
    if (options.json) printJson(io, decisions);
    else io.out(renderDecisions(decisions, plan));
  } else if (options.stats) {
    const stats = planStats(plan, tasks);
    if (options.json) printJson(io, stats);
    else
      io.out(
        Object.entries(stats)
          .map(([key, value]) => `${key}: ${value}`)
          .join('\n'),
      );
  } else if (options.json) printJson(io, plan);
  else io.out(renderPlanTree(plan, { color: io.tty }));
  const errors = planErrors(path, plan);
  if (errors) throw new CliExit(1, errors);
}
