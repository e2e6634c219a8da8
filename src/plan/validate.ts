/**
 * Validation of plans given as data (JSON or YAML): the io-ts codec for shape, then the rules a
 * codec cannot state: ids unique, gate criteria and calendar matches pointing at real items,
 * gates standing before real phases.
 */
import * as E from 'fp-ts/lib/Either.js';
import { toPathErrors, type PathError } from '../codecErrors.ts';
import { Plan, type Item } from './model.ts';

/** Decodes and checks a plan; the left side lists every problem with its path. */
export function validatePlan(value: unknown): E.Either<PathError[], Plan> {
  const decoded = Plan.decode(value);
  if (E.isLeft(decoded)) return E.left(toPathErrors(decoded.left));
  const problems = checkReferences(decoded.right);
  return problems.length ? E.left(problems) : E.right(decoded.right);
}

function checkReferences(plan: Plan): PathError[] {
  const problems: PathError[] = [];
  const ids = new Map<string, string>();
  const claim = (id: string, path: string) => {
    const previous = ids.get(id);
    if (previous) problems.push({ path, message: `id "${id}" is already used at ${previous}` });
    else ids.set(id, path);
  };
  const claimItems = (items: readonly Item[], path: string) =>
    items.forEach((item, index) => {
      claim(item.id, `${path}.${index}`);
      claimItems(item.children, `${path}.${index}.children`);
    });
  plan.phases.forEach((phase, p) => {
    claim(phase.id, `phases.${p}`);
    phase.steps.forEach((step, s) => {
      claim(step.id, `phases.${p}.steps.${s}`);
      claimItems(step.items, `phases.${p}.steps.${s}.items`);
    });
  });
  const phaseIds = new Set(plan.phases.map((phase) => phase.id));
  plan.gates.forEach((gate, g) => {
    if (gate.beforePhase !== null && !phaseIds.has(gate.beforePhase)) {
      problems.push({ path: `gates.${g}.beforePhase`, message: `no phase has id "${gate.beforePhase}"` });
    }
    gate.criteria.forEach((criterion, c) => {
      if (!ids.has(criterion)) problems.push({ path: `gates.${g}.criteria.${c}`, message: `no item has id "${criterion}"` });
    });
  });
  return problems;
}
