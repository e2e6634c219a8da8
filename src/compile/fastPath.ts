/**
 * What the replay fold's fast path needs of a chart, worked out once when the plan is compiled:
 * for each event type, the states that handle it (deepest first, the order XState tries them in)
 * with their transitions bound to the machine's own guard and action implementations; which
 * targeted transitions only move a flat region (from an atomic state to a sibling atomic state
 * without entry actions or eventless transitions); and which eventless transitions a change can
 * enable, per item group and per context field their guards read. A chart that uses anything
 * the fast path does not model (see `fastPathSupport`) gets no plan: the fold then runs every
 * event through XState.
 */
import { bindAction, type BoundAction } from './actions.ts';
import type { LaunchContext } from './context.ts';
import type { TransitionConfig } from './configTypes.ts';
import { exclusive, fastPathSupport, nodeAt } from './fastPathSupport.ts';
import { bindGuard, type BoundGuard } from './guards.ts';
import type { ChartLayout } from './layout.ts';
import type { LaunchMachine } from './machine.ts';
import type { LaunchEventType } from '../events/vocabulary.ts';

/** A transition of the config, resolved for the fast path. */
export interface FastTransition {
  guard: BoundGuard | null;
  actions: readonly BoundAction['run'][];
  /** The context fields its actions may change. */
  writes: readonly (keyof LaunchContext)[];
  /** Where a flat transition leads: the path of its region and the atomic state it enters. */
  move: { region: readonly string[]; to: string } | null;
  /** False when the fast path cannot run it (it enters or leaves a compound state). */
  fast: boolean;
  /** Whether its actions change item states (then the item's own group region is checked). */
  itemWrites: boolean;
  /** The eventless transitions outside item regions that its writes may enable. */
  eventless: readonly EventlessGroup[];
}

/** A state that handles an event type, and its transitions for it in order. */
export interface FastHandler {
  path: readonly string[];
  /** Its own key (the last of `path`). */
  key: string;
  /** The top-level region it belongs to (`''` for the root). */
  region: string;
  transitions: readonly FastTransition[];
}

/**
 * The handlers of one event type. When they are all children of one compound state (`ready`,
 * `running`, `rollingBack` of `progress`; `healthy`, `degraded` of `health`), at most one is
 * active and it is found with one look at the parent's value (`children`); otherwise each is
 * checked, deepest first (`all`).
 */
export type HandlerSet =
  { parent: readonly string[]; children: readonly FastHandler[] } | { all: readonly FastHandler[] };

/** Eventless transitions of states under one compound state, checked only while it is active. */
export interface EventlessGroup {
  within: readonly string[];
  states: readonly { path: readonly string[]; guards: readonly BoundGuard[] }[];
}

export interface FastPlan {
  handlers: ReadonlyMap<LaunchEventType, HandlerSet>;
  /** The eventless guards of each item group's region, by the region's state. */
  groupEventless: ReadonlyMap<
    string,
    { path: readonly string[]; byState: ReadonlyMap<string, readonly BoundGuard[]> }
  >;
  /** Other eventless transitions, by the context field their guards read. */
  fieldEventless: ReadonlyMap<keyof LaunchContext, readonly EventlessGroup[]>;
}

const guardOf = (transition: TransitionConfig): BoundGuard | null =>
  transition.guard ? bindGuard(transition.guard).test : null;

function resolve(
  machine: LaunchMachine,
  path: readonly string[],
  transition: TransitionConfig,
): FastTransition {
  const bound = (transition.actions ?? []).map(bindAction);
  const writes = [...new Set(bound.flatMap((action) => action.writes))];
  let move: FastTransition['move'] = null;
  let flat = transition.target === undefined;
  if (transition.target !== undefined && !transition.target.includes('.')) {
    const region = path.slice(0, -1);
    const node = nodeAt(machine, [...region, transition.target]);
    flat =
      nodeAt(machine, path)?.type === 'atomic' &&
      node?.type === 'atomic' &&
      node.entry.length === 0 &&
      node.always === undefined &&
      node.parent?.type === 'compound';
    if (flat) move = { region, to: transition.target };
  }
  return {
    guard: guardOf(transition),
    actions: bound.map((action) => action.run),
    writes,
    move,
    fast: flat,
    itemWrites: writes.includes('groups'),
    eventless: [],
  };
}

function handlerSet(handlers: FastHandler[]): HandlerSet {
  const parent = handlers[0]?.path.slice(0, -1) ?? [];
  const siblings =
    handlers.length > 0 &&
    handlers.every(
      (handler) =>
        handler.path.length === parent.length + 1 && handler.path.slice(0, -1).join('.') === parent.join('.'),
    );
  // Deepest first, as the layout lists them.
  if (!siblings) return { all: handlers };
  return { parent, children: handlers };
}

/** The fast path of a chart: its plan, or why the chart is not one the fast path models. */
export type FastPath =
  | { readonly _tag: 'Supported'; readonly plan: FastPlan }
  | { readonly _tag: 'Refused'; readonly reasons: readonly string[] };

/**
 * Works out the fast path of a chart, when the chart uses only what the fast path models.
 *
 * @example
 * const fastPath = planFastPath(machine, layout);
 * if (fastPath._tag === 'Refused') console.log(fastPath.reasons); // every event goes through XState
 */
export function planFastPath(machine: LaunchMachine, layout: ChartLayout): FastPath {
  const reasons = fastPathSupport(machine, layout);
  return reasons.length > 0
    ? { _tag: 'Refused', reasons }
    : { _tag: 'Supported', plan: fastPlan(machine, layout) };
}

function fastPlan(machine: LaunchMachine, layout: ChartLayout): FastPlan {
  const resolved = new Map(
    [...layout.handlers].map(([type, list]) => [
      type,
      list.map((at) => ({
        path: at.path,
        key: at.path.at(-1) ?? '',
        region: at.path[0] ?? '',
        transitions: at.transitions.map((transition) => resolve(machine, at.path, transition)),
      })),
    ]),
  );
  const regions = new Map(layout.groups.map((region) => [region.path.join('.'), region]));
  const groupEventless = new Map<
    string,
    { path: readonly string[]; byState: Map<string, readonly BoundGuard[]> }
  >();
  const byField = new Map<keyof LaunchContext, Map<string, EventlessGroup>>();
  for (const entry of layout.eventless) {
    const guards = entry.transitions.map(guardOf);
    const region = regions.get(entry.path.slice(0, -1).join('.'));
    if (region) {
      const known = groupEventless.get(region.group) ?? {
        path: region.path,
        byState: new Map<string, readonly BoundGuard[]>(),
      };
      // An unguarded eventless transition is taken as soon as its state is entered: never pending in a snapshot.
      known.byState.set(
        entry.path.at(-1) ?? '',
        guards.filter((guard): guard is BoundGuard => guard !== null),
      );
      groupEventless.set(region.group, known);
      continue;
    }
    const within = entry.path.slice(0, -1);
    const reads = new Set(
      entry.transitions.flatMap((transition) => (transition.guard ? bindGuard(transition.guard).reads : [])),
    );
    for (const field of reads) {
      const groups = byField.get(field) ?? new Map<string, EventlessGroup>();
      const key = within.join('.');
      const group = groups.get(key) ?? { within, states: [] };
      groups.set(key, {
        within,
        states: [
          ...group.states,
          { path: entry.path, guards: guards.filter((guard): guard is BoundGuard => guard !== null) },
        ],
      });
      byField.set(field, groups);
    }
  }
  const fieldEventless = new Map([...byField].map(([field, groups]) => [field, [...groups.values()]]));
  const handlers = new Map<LaunchEventType, HandlerSet>();
  for (const [type, list] of resolved) {
    for (const handler of list) {
      handler.transitions = handler.transitions.map((transition) => {
        const reachable = transition.writes
          .flatMap((field) => fieldEventless.get(field) ?? [])
          .filter((group) => !exclusive(machine, handler.path, group.within));
        return { ...transition, eventless: [...new Set(reachable)] };
      });
    }
    handlers.set(type, handlerSet(list));
  }
  return { handlers, groupEventless, fieldEventless };
}
