/** Why a plan cannot be launched, compiled or tested: the commands that need a usable plan share this check. */
import type { Plan } from '../plan/model.ts';

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
