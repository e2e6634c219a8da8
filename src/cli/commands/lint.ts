/** `launchplan lint <plan> [--json]`: static checks on the compiled chart; exit 1 only on errors. */
import * as E from 'fp-ts/lib/Either.js';
import { lintPlan } from '../../compile/lint.ts';
import { formatLoadError } from '../../plan/load.ts';
import { loadPlan, type PlanLimitOptions } from '../planErrors.ts';
import { CliExit, printJson, type CliIo } from '../io.ts';
import type { JsonOption } from '../logOptions.ts';

export async function run(io: CliIo, options: JsonOption & PlanLimitOptions, path: string): Promise<void> {
  const loaded = await loadPlan(path, options);
  if (E.isLeft(loaded)) throw new CliExit(2, formatLoadError(loaded.left));
  const findings = lintPlan(loaded.right.plan);
  const counts = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity] += 1;
  if (options.json) printJson(io, { plan: loaded.right.plan.id, path, counts, findings });
  else {
    for (const finding of findings)
      io.out(`${path}:${finding.line}: ${finding.severity} ${finding.code}: ${finding.message}`);
    io.out(`${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} info`);
  }
  if (counts.error > 0) throw new CliExit(1, '');
}
