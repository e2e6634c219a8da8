/**
 * What the replay fold's fast path assumes of a chart, written once and checked when the plan is
 * compiled. The fast path picks an event's transition from the layout's handlers (deepest
 * first), runs the machine's own guards and actions on the context in place, moves flat regions
 * itself and re-checks only the eventless transitions whose guards read what the actions wrote.
 * That equals XState's own step when:
 *
 * - no state has exit actions, delayed (`after`) transitions or invoked actors, and no event is
 *   handled through a wildcard (the fast path runs none of these);
 * - within one top-level region, the states that handle an event type can never be active side
 *   by side (XState would take a transition in each branch of a parallel state; the fast path
 *   takes one, and hands two top-level regions to XState);
 * - every guard of an eventless transition reads some context field (`reads`), and the event
 *   types the registry says cannot move a state handle no targeted transition and write nothing
 *   such a guard reads.
 *
 * A chart that breaks one gets no fast path: the fold runs every event through XState.
 */
import type { AnyStateNode } from 'xstate';
import { REGISTRY } from '../events/vocabulary.ts';
import { bindAction } from './actions.ts';
import { bindGuard } from './guards.ts';
import type { ChartLayout } from './layout.ts';
import type { LaunchMachine } from './machine.ts';

/** The state node at a path from the root, if there is one. */
export const nodeAt = (machine: LaunchMachine, path: readonly string[]): AnyStateNode | undefined =>
  path.reduce<AnyStateNode | undefined>((state, key) => state?.states[key], machine.root);

/** Whether two states can never be active together: they part under a compound (not parallel) state. */
export function exclusive(machine: LaunchMachine, a: readonly string[], b: readonly string[]): boolean {
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common += 1;
  return common < a.length && common < b.length && nodeAt(machine, a.slice(0, common))?.type === 'compound';
}

const isPrefix = (a: readonly string[], b: readonly string[]): boolean =>
  a.length <= b.length && a.every((key, index) => b[index] === key);

const named = (path: readonly string[]): string => path.join('.') || '(root)';

function* nodesOf(node: AnyStateNode): Generator<AnyStateNode> {
  yield node;
  for (const child of Object.values(node.states)) yield* nodesOf(child);
}

/** What a state uses that the fast path does not model. */
function stateFeatures(node: AnyStateNode): string[] {
  const at = named(node.path);
  return [
    ...(node.exit.length > 0 ? [`${at} has exit actions`] : []),
    ...(node.after.length > 0 ? [`${at} has delayed (after) transitions`] : []),
    ...(node.invoke.length > 0 ? [`${at} invokes actors`] : []),
    // XState types a descriptor by the machine's events: `any` on a node of any machine.
    ...node.ownEvents.flatMap((type: unknown) =>
      typeof type === 'string' && type.includes('*') ? [`${at} handles the wildcard ${type}`] : [],
    ),
  ];
}

/** Handlers of one event type that can be active side by side in one top-level region. */
function sideBySide(machine: LaunchMachine, layout: ChartLayout): string[] {
  const reasons: string[] = [];
  for (const [type, handlers] of layout.handlers)
    handlers.forEach((a, index) => {
      for (const b of handlers.slice(index + 1))
        if (
          a.path[0] === b.path[0] &&
          !isPrefix(a.path, b.path) &&
          !isPrefix(b.path, a.path) &&
          !exclusive(machine, a.path, b.path)
        )
          reasons.push(
            `${type} is handled by ${named(a.path)} and ${named(b.path)}, which can be active together`,
          );
    });
  return reasons;
}

/** Eventless guards that read no context field, and event types that break their registry entry. */
function eventlessReads(layout: ChartLayout): string[] {
  const reasons: string[] = [];
  const read = new Set<string>();
  for (const entry of layout.eventless)
    for (const transition of entry.transitions) {
      if (!transition.guard) continue;
      const { reads } = bindGuard(transition.guard);
      if (reads.length === 0)
        reasons.push(
          `the eventless guard ${transition.guard.type} of ${named(entry.path)} reads no context field`,
        );
      for (const field of reads) read.add(field);
    }
  for (const [type, handlers] of layout.handlers) {
    if (REGISTRY[type].moves) continue;
    for (const { path, transitions } of handlers)
      for (const transition of transitions) {
        if (transition.target !== undefined)
          reasons.push(`${type} cannot move a state (registry) but ${named(path)} gives it a target`);
        const writes = (transition.actions ?? []).flatMap((ref) => bindAction(ref).writes);
        for (const field of writes.filter((written) => read.has(written)))
          reasons.push(
            `${type} cannot move a state (registry) but writes ${field}, which an eventless guard reads`,
          );
      }
  }
  return reasons;
}

/**
 * Why a chart is not one the fast path models; empty when it is.
 *
 * @example
 * fastPathSupport(machine, layout) // [] for every chart compilePlan writes
 */
export function fastPathSupport(machine: LaunchMachine, layout: ChartLayout): string[] {
  return [
    ...[...nodesOf(machine.root)].flatMap(stateFeatures),
    ...sideBySide(machine, layout),
    ...eventlessReads(layout),
  ];
}
