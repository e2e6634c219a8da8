/**
 * What the replay fold's fast path needs of a chart, worked out once per chart from its layout
 * and its guard and action implementations: for each event type, the states that handle it
 * (deepest first, the order XState tries them in) with their transitions resolved to functions;
 * which targeted transitions only move a flat region (to a sibling atomic state without entry
 * actions or eventless transitions); and which eventless transitions a change can enable, per
 * item group and per context field their guards read.
 */
import type { AnyStateNode } from 'xstate';
import { actionNamed, type ContextDraft } from '../compile/actions.ts';
import type { LaunchContext } from '../compile/context.ts';
import type { TransitionConfig } from '../compile/configTypes.ts';
import { guardNamed } from '../compile/guards.ts';
import type { ChartLayout } from '../compile/layout.ts';
import type { LaunchMachine } from '../compile/machine.ts';
import type { LaunchEvent } from '../events/vocabulary.ts';

/** A guard of the config, bound to its params. */
export type BoundGuard = (context: LaunchContext, event: LaunchEvent) => boolean;

/** A transition of the config, resolved for the fast path. */
export interface FastTransition {
  guard: BoundGuard | null;
  actions: readonly ((draft: ContextDraft, event: LaunchEvent) => void)[];
  /** The context fields its actions may change. */
  writes: readonly (keyof LaunchContext)[];
  /** Where a flat transition leads: the path of its region and the atomic state it enters. */
  move: { region: readonly string[]; to: string } | null;
  /** False when the fast path cannot run it (it enters or leaves a compound state, or names an unknown action). */
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
  handlers: ReadonlyMap<string, HandlerSet>;
  /** The eventless guards of each item group's region, by the region's state. */
  groupEventless: ReadonlyMap<
    string,
    { path: readonly string[]; byState: ReadonlyMap<string, readonly BoundGuard[]> }
  >;
  /** Other eventless transitions, by the context field their guards read. */
  fieldEventless: ReadonlyMap<keyof LaunchContext, readonly EventlessGroup[]>;
}

function bindGuard(transition: TransitionConfig): BoundGuard | null {
  if (!transition.guard) return null;
  const spec = guardNamed(transition.guard.type);
  const params = transition.guard.params ?? {};
  return spec ? (context, event) => spec.test(context, event, params) : () => false;
}

function resolve(
  machine: LaunchMachine,
  path: readonly string[],
  transition: TransitionConfig,
): FastTransition {
  const specs = (transition.actions ?? []).map((ref) => ({
    spec: actionNamed(ref.type),
    params: ref.params ?? {},
  }));
  const known = specs.every(({ spec }) => spec !== undefined);
  const actions = specs.map(
    ({ spec, params }) =>
      (draft: ContextDraft, event: LaunchEvent) =>
        spec?.run(draft, event, params),
  );
  const writes = [...new Set(specs.flatMap(({ spec }) => spec?.writes ?? []))];
  let move: FastTransition['move'] = null;
  let flat = transition.target === undefined;
  if (transition.target !== undefined && !transition.target.includes('.')) {
    const region = path.slice(0, -1);
    const node = [...region, transition.target].reduce<AnyStateNode | undefined>(
      (state, key) => state?.states[key],
      machine.root,
    );
    flat =
      node?.type === 'atomic' &&
      node.entry.length === 0 &&
      node.always === undefined &&
      node.parent?.type === 'compound';
    if (flat) move = { region, to: transition.target };
  }
  return {
    guard: bindGuard(transition),
    actions,
    writes,
    move,
    fast: known && flat,
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
  if (!siblings) return { all: handlers.sort((a, b) => b.path.length - a.path.length) };
  return { parent, children: handlers };
}

/** Works out the fast path of a chart. */
export function planFastPath(machine: LaunchMachine, layout: ChartLayout): FastPlan {
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
    const guards = entry.transitions.map(bindGuard);
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
      entry.transitions.flatMap((transition) =>
        transition.guard ? (guardNamed(transition.guard.type)?.reads ?? []) : [],
      ),
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
  const nodeAt = (path: readonly string[]) =>
    path.reduce<AnyStateNode | undefined>((state, key) => state?.states[key], machine.root);
  /** Whether two states can never be active together: they part under a compound (not parallel) state. */
  const exclusive = (a: readonly string[], b: readonly string[]): boolean => {
    let common = 0;
    while (common < a.length && common < b.length && a[common] === b[common]) common += 1;
    return common < a.length && common < b.length && nodeAt(a.slice(0, common))?.type === 'compound';
  };
  const handlers = new Map<string, HandlerSet>();
  for (const [type, list] of resolved) {
    for (const handler of list) {
      handler.transitions = handler.transitions.map((transition) => {
        const reachable = transition.writes
          .flatMap((field) => fieldEventless.get(field) ?? [])
          .filter((group) => !exclusive(handler.path, group.within));
        return { ...transition, eventless: [...new Set(reachable)] };
      });
    }
    handlers.set(type, handlerSet(list));
  }
  return { handlers, groupEventless, fieldEventless };
}
