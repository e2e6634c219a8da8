/**
 * Validation of plans given as data (JSON or YAML): the io-ts codec for shape, then the rules a
 * codec cannot state: ids unique, gate criteria and calendar matches pointing at real items,
 * gates standing before real phases, and a stated hash that is the content's.
 */
import * as t from 'io-ts';
import * as E from 'fp-ts/lib/Either.js';
import { toPathErrors, type PathError } from '../codecErrors.ts';
import { hashPlan } from './hash.ts';
import { PlanContent, PlanExtras, type Item, type Plan, type Window } from './model.ts';
import { windowInReach } from './time.ts';

const { hash: _hash, ...contentProps } = PlanContent.props;

/** A plan as data: a `Plan` whose hash may be missing or empty, to be computed. */
const PlanData = t.intersection([t.type(contentProps), PlanExtras, t.partial({ hash: t.string })]);
type PlanData = t.TypeOf<typeof PlanData>;

/** Why a value is not a plan: every problem, with its path. */
export interface InvalidPlanData {
  _tag: 'InvalidPlanData';
  errors: PathError[];
}

const invalid = (errors: PathError[]): E.Either<InvalidPlanData, never> =>
  E.left({ _tag: 'InvalidPlanData', errors });

/** Decodes and checks a plan; the left side lists every problem with its path. */
export function validatePlan(value: unknown): E.Either<InvalidPlanData, Plan> {
  const decoded = PlanData.decode(value);
  if (E.isLeft(decoded)) return invalid(toPathErrors(decoded.left));
  const problems = checkReferences(decoded.right);
  const hashed = withComputedHash(decoded.right);
  if (E.isLeft(hashed)) return invalid([hashed.left, ...problems]);
  return problems.length ? invalid(problems) : hashed;
}

/**
 * The plan with the hash of its content. A stated hash must be that one: a log is replayed only
 * with the plan its events name, so an edited plan keeping its old hash would pass for it.
 */
function withComputedHash(data: PlanData): E.Either<PathError, Plan> {
  const computed = hashPlan({ ...data, hash: '' });
  if (data.hash && data.hash !== computed) {
    return E.left({
      path: 'hash',
      message: `states ${data.hash} but the plan's content hashes to ${computed}: the plan changed after it was hashed (leave "hash" out to take the edited plan as a new version)`,
    });
  }
  return E.right({ ...data, hash: computed });
}

function checkReferences(plan: PlanData): PathError[] {
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
  const reach = (window: Window | null, path: string) => {
    if (window && !windowInReach(window))
      problems.push({
        path: `${path}.window`,
        message: `"${window.raw}" reaches further than a launch's calendar (a century around its anchor, dates 1970–2199)`,
      });
  };
  plan.phases.forEach((phase, p) => {
    claim(phase.id, `phases.${p}`);
    reach(phase.window, `phases.${p}`);
    phase.steps.forEach((step, s) => {
      claim(step.id, `phases.${p}.steps.${s}`);
      reach(step.window, `phases.${p}.steps.${s}`);
      claimItems(step.items, `phases.${p}.steps.${s}.items`);
    });
  });
  const phaseIds = new Set(plan.phases.map((phase) => phase.id));
  plan.gates.forEach((gate, g) => {
    if (gate.beforePhase !== null && !phaseIds.has(gate.beforePhase)) {
      problems.push({ path: `gates.${g}.beforePhase`, message: `no phase has id "${gate.beforePhase}"` });
    }
    gate.criteria.forEach((criterion, c) => {
      if (!ids.has(criterion))
        problems.push({ path: `gates.${g}.criteria.${c}`, message: `no item has id "${criterion}"` });
    });
  });
  return problems;
}
