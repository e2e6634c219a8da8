/** Loading the plan a command is given, and why a plan cannot be launched, compiled or tested. */
import * as E from 'fp-ts/lib/Either.js';
import { formatLoadError, loadPlanFile, type LoadedPlan } from '../plan/load.ts';
import type { Plan } from '../plan/model.ts';
import { CliExit } from './io.ts';

/**
 * The reader's errors (no phase, step or item found …), one `file:line: message` per line, or
 * `undefined` when the plan is usable. A JSON or YAML plan written by hand has no reader
 * diagnostics: an empty one gets the same message.
 */
export function planErrors(path: string, plan: Plan): string | undefined {
  const errors = plan.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  if (errors.length > 0) return errors.map((diagnostic) => `${path}:${diagnostic.line}: ${diagnostic.message}`).join('\n');
  return plan.phases.length === 0 ? `${path}: no phase, step or checklist item was found in this plan` : undefined;
}

/** Loads a plan file, ending the command (exit 2) when it cannot be read and (exit 1) when it is not usable. */
export async function loadUsablePlan(path: string): Promise<LoadedPlan> {
  const loaded = await loadPlanFile(path);
  if (E.isLeft(loaded)) throw new CliExit(2, formatLoadError(loaded.left));
  const errors = planErrors(path, loaded.right.plan);
  if (errors) throw new CliExit(1, errors);
  return loaded.right;
}
