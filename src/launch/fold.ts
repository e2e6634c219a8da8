/**
 * Replay as a fold of the launch machine's transition over logged events, producing XState
 * persisted snapshots. Most events of a long launch are item changes and alerts that move no
 * state, or only a flat region's state (health). Those are applied by running the config's own
 * transitions (found through the layout) with the machine's own guard and action
 * implementations straight on the fold's context; any event whose transition enters or leaves a
 * compound state, or after which an eventless transition would fire, goes through an XState
 * actor. Both paths give the same snapshot (checked by a property test against a plain actor
 * loop), and the chart's behaviour is written once: in the config and its implementations.
 */
import { createActor, type Actor, type StateValue } from 'xstate';
import type { LaunchContext } from '../compile/context.ts';
import { createInPlaceDraft } from '../compile/inPlaceDraft.ts';
import { isActive, valueAt, type ChartLayout } from '../compile/layout.ts';
import type { LaunchMachine } from '../compile/machine.ts';
import { persistedLaunch, type PersistedLaunch } from '../compile/snapshot.ts';
import type { EventEnvelope } from '../events/envelope.ts';
import type { LaunchEvent } from '../events/vocabulary.ts';
import {
  planFastPath,
  type FastHandler,
  type FastPath,
  type FastPlan,
  type FastTransition,
} from '../compile/fastPath.ts';
import type { BoundGuard } from '../compile/guards.ts';

/**
 * The machine event of a logged event: its data, its type, when (`at`) and who (`by`). The log
 * holds only events that decoded as launch events when they were appended, and its hash chain
 * is verified as it is read.
 */
export function machineEventOf(envelope: Pick<EventEnvelope, 'type' | 'data' | 'at' | 'actor'>): LaunchEvent {
  // A for-in copy: several times faster than object spread here, and this runs once per event.
  const event: Record<string, unknown> = {};
  const data = envelope.data;
  if (typeof data === 'object' && data !== null)
    for (const key in data) event[key] = (data as Record<string, unknown>)[key];
  event['type'] = envelope.type;
  event['at'] = envelope.at;
  event['by'] = envelope.actor.id;
  return event as LaunchEvent;
}

export interface Fold {
  /**
   * Applies one event; false when the chart refuses it (no transition takes it) and nothing
   * changes. A logged event is refused only if the log was not written by launchplan's runtime,
   * which appends nothing its chart refuses: replay reports it.
   */
  apply(event: LaunchEvent): boolean;
  /** The current persisted snapshot. It is never changed afterwards: later events copy first. */
  snapshot(): PersistedLaunch;
  /** How many events went through XState rather than the fast path (for benchmarks). */
  readonly slowEvents: number;
}

/**
 * Starts a fold from the machine's initial state or from a persisted snapshot.
 *
 * Fast events update the fold's own copy of the context in place (`createInPlaceDraft`: copy
 * on write after `snapshot()` handed the current one out), so replaying a long log does not copy
 * the item records once per event.
 *
 * @example
 * const { machine, layout } = compiledPlan(plan);
 * const fold = createFold(machine, layout);
 * for await (const envelope of store.read(stream)) fold.apply(machineEventOf(envelope));
 * const snapshot = fold.snapshot();
 */
export function createFold(
  machine: LaunchMachine,
  layout: ChartLayout,
  start?: PersistedLaunch,
  fastPath: FastPath = planFastPath(machine, layout),
): Fold {
  // A chart the fast path does not model has no plan: every event goes through XState.
  const plan: FastPlan | null = fastPath._tag === 'Supported' ? fastPath.plan : null;
  /** The actor holding the current state, if one does (none after an event the fast path applied). */
  let actor: Actor<LaunchMachine> | null = null;
  /** The persisted snapshot, but for its context: the draft holds the current one. */
  let persisted: PersistedLaunch;
  let slowEvents = 0;

  const startActor = (snapshot?: PersistedLaunch): Actor<LaunchMachine> => {
    const created = createActor(machine, snapshot ? { snapshot } : {});
    created.start();
    return created;
  };
  if (start) persisted = start;
  else {
    actor = startActor();
    persisted = persistedLaunch(actor.getPersistedSnapshot());
  }
  const draft = createInPlaceDraft(persisted.context);

  /** The persisted snapshot with the draft's context, handed out: later events copy before they write. */
  const handOut = (): PersistedLaunch => {
    const context = draft.handOut();
    if (persisted.context !== context) persisted = { ...persisted, context };
    return persisted;
  };

  /**
   * The transition `event` takes: `refused` when none is enabled, `slow` when the fast path
   * cannot run it (handlers active in two regions, or a transition that enters or leaves a
   * compound state).
   */
  const choose = (event: LaunchEvent): FastTransition | 'refused' | 'slow' => {
    if (plan === null) return 'slow';
    const set = plan.handlers.get(event.type);
    if (set === undefined) return 'refused';
    const { value } = persisted;
    const { context } = draft;
    let chosen: FastTransition | undefined;
    if ('children' in set) {
      const handler = activeHandler(set.children, valueAt(value, set.parent));
      if (handler !== undefined) chosen = enabledIn(handler, context, event);
    } else {
      let region: string | undefined;
      for (const handler of set.all) {
        if (!isActive(value, handler.path)) continue;
        if (region !== undefined && region !== handler.region) return 'slow';
        region = handler.region;
        chosen ??= enabledIn(handler, context, event);
      }
    }
    if (chosen === undefined) return 'refused';
    return chosen.fast ? chosen : 'slow';
  };

  const anyPasses = (guards: readonly BoundGuard[], event: LaunchEvent): boolean => {
    for (const guard of guards) if (guard(draft.context, event)) return true;
    return false;
  };

  /** Whether an eventless transition of the active states fires after `transition` (which wrote `group`'s items, if any). */
  const eventlessFires = (
    event: LaunchEvent,
    transition: FastTransition,
    group: string | undefined,
  ): boolean => {
    const value = persisted.value;
    const region = group === undefined ? undefined : plan?.groupEventless.get(group);
    if (region !== undefined) {
      const state = valueAt(value, region.path);
      const guards = typeof state === 'string' ? region.byState.get(state) : undefined;
      if (guards !== undefined && anyPasses(guards, event)) return true;
    }
    for (const eventless of transition.eventless) {
      if (!isActive(value, eventless.within)) continue;
      for (const state of eventless.states)
        if (isActive(value, state.path) && anyPasses(state.guards, event)) return true;
    }
    return false;
  };

  /** Runs the event on the fast path: `applied`, `refused` (nothing changes, as in XState), or `slow` (XState must run it). */
  const fast = (event: LaunchEvent): 'applied' | 'refused' | 'slow' => {
    const transition = choose(event);
    if (transition === 'refused' || transition === 'slow') return transition;
    const before = persisted;
    draft.begin();
    for (const action of transition.actions) action(draft, event);
    if (transition.move)
      persisted = {
        ...persisted,
        value: withLeaf(persisted.value, transition.move.region, transition.move.to),
      };
    if (!eventlessFires(event, transition, transition.itemWrites ? draft.writtenGroup() : undefined)) {
      actor = null; // it no longer holds the current state
      return 'applied';
    }
    // A state would move: undo, and let XState apply the event to the snapshot as it was.
    draft.undo();
    persisted = before;
    return 'slow';
  };

  return {
    apply(event) {
      const outcome = fast(event);
      if (outcome !== 'slow') return outcome === 'applied';
      slowEvents += 1;
      actor ??= startActor(handOut());
      if (!actor.getSnapshot().can(event)) return false;
      actor.send(event);
      persisted = persistedLaunch(actor.getPersistedSnapshot());
      draft.reset(persisted.context);
      return true;
    },
    snapshot: handOut,
    get slowEvents() {
      return slowEvents;
    },
  };
}

/** The first transition of a handler whose guard passes (a loop: this runs for every replayed event). */
function enabledIn(
  handler: FastHandler,
  context: LaunchContext,
  event: LaunchEvent,
): FastTransition | undefined {
  for (const transition of handler.transitions)
    if (transition.guard === null || transition.guard(context, event)) return transition;
  return undefined;
}

/** The handler of the active child of a compound state, given the compound state's value. */
function activeHandler(children: readonly FastHandler[], value: unknown): FastHandler | undefined {
  if (typeof value === 'string') {
    for (const handler of children) if (handler.key === value) return handler;
  } else if (typeof value === 'object' && value !== null) {
    for (const handler of children) if (handler.key in value) return handler;
  }
  return undefined;
}

/** A state value with the region at `path` moved to the atomic state `leaf`. */
function withLeaf(value: StateValue | undefined, path: readonly string[], leaf: string): StateValue {
  const [key, ...rest] = path;
  if (key === undefined || value === undefined || typeof value === 'string') return leaf;
  return { ...value, [key]: withLeaf(value[key], rest, leaf) };
}
