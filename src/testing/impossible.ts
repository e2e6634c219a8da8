/**
 * Transitions a plan can never take, told apart from transitions the generated paths merely
 * missed. The compiled chart has the same event handlers for every plan (so that a revised plan
 * keeps its machine's shape), but some events need something the plan does not have: a test
 * result needs a test item, a retry of a running step needs a test that failed, a tick in a phase
 * needs an item outside the rollback procedure. A
 * declared transition whose trigger cannot be built for this plan is **impossible**, not
 * **uncovered**: `testgen` reports it with the reason and does not fail on it.
 */
import type { ItemFacts } from '../compile/context.ts';
import type { ChartTransition } from './transitions.ts';

/** A declared transition no event of this plan can take, and why. */
export interface ImpossibleTransition {
  id: string;
  reason: string;
}

type ItemKind = ItemFacts['kind'];

const TEST_EVENTS = new Set(['test.passed', 'test.failed']);
const ITEM_EVENTS = new Set(['item.checked', 'item.unchecked', 'item.waived']);

/** Whether the transition is declared under the rollback procedure's states. */
function inRollback(transition: ChartTransition): boolean {
  return /(^|\.)rollingBack(\.|$)/u.test(transition.source);
}

/** Why no event of a plan with these item kinds can take the transition, or null when one can. */
function impossibleBecause(transition: ChartTransition, kinds: ReadonlySet<ItemKind>): string | null {
  if (TEST_EVENTS.has(transition.trigger) && !kinds.has('test'))
    return 'the plan has no test items: no test result can be recorded';
  // Skipping a running step settles all its items and closes it: only a failed test keeps one open to retry.
  if (
    transition.trigger === 'step.retried' &&
    !/(^|\.)paused(\.|$)/u.test(transition.source) &&
    !kinds.has('test')
  )
    return 'the plan has no test items: no running step can fail, so none can be retried';
  if (!ITEM_EVENTS.has(transition.trigger)) return null;
  if (inRollback(transition))
    return kinds.has('rollback') ? null : 'the plan has no rollback steps: no rollback item can be ticked';
  const hasWorkItem = [...kinds].some((kind) => kind !== 'rollback');
  return hasWorkItem ? null : 'the plan has no items outside its rollback procedure';
}

/**
 * Splits the transitions no path took into those this plan can never take (with the reason) and
 * those a path could still take.
 *
 * @example
 * const { impossible, uncovered } = splitImpossible(coverage.uncovered, Object.values(context.plan.items));
 * impossible[0] // { id: 'progress.running:test.passed#0', reason: 'the plan has no test items: …' }
 */
export function splitImpossible(
  notTaken: readonly ChartTransition[],
  items: readonly Pick<ItemFacts, 'kind'>[],
): { impossible: ImpossibleTransition[]; uncovered: ChartTransition[] } {
  const kinds = new Set(items.map((item) => item.kind));
  const impossible: ImpossibleTransition[] = [];
  const uncovered: ChartTransition[] = [];
  for (const transition of notTaken) {
    const reason = impossibleBecause(transition, kinds);
    if (reason === null) uncovered.push(transition);
    else impossible.push({ id: transition.id, reason });
  }
  return { impossible, uncovered };
}
