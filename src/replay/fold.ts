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
import { createActor, type Actor } from 'xstate';
import type { ContextDraft } from '../compile/actions.ts';
import { ownEntry, type ItemState, type LaunchContext } from '../compile/context.ts';
import { isActive, valueAt, type ChartLayout } from '../compile/layout.ts';
import type { LaunchMachine } from '../compile/machine.ts';
import type { EventEnvelope } from '../events/envelope.ts';
import type { LaunchEvent } from '../events/vocabulary.ts';
import { planFastPath, type BoundGuard, type FastHandler, type FastTransition } from './fastPath.ts';

/** XState's persisted snapshot of a launch machine (JSON). */
export interface PersistedLaunch {
  status: string;
  value: unknown;
  context: LaunchContext;
  [key: string]: unknown;
}

/**
 * A persisted snapshot with its history entries in id order. XState records deep history in the
 * order states were entered, which differs between a live actor and one restored from a
 * snapshot; re-entry does not depend on it (states are entered in document order), so sorting
 * makes the snapshot the same however the replay got there.
 */
export function normalizeSnapshot(persisted: PersistedLaunch): PersistedLaunch {
  const history = persisted['historyValue'] as Record<string, { id: string }[]> | undefined;
  if (!history || Object.keys(history).length === 0) return persisted;
  const sorted: Record<string, { id: string }[]> = {};
  for (const [key, entries] of Object.entries(history))
    sorted[key] = [...entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { ...persisted, historyValue: sorted };
}

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

function copyRecord<T>(record: Record<string, T>): Record<string, T> {
  const copy: Record<string, T> = {};
  for (const key in record) copy[key] = record[key] as T;
  return copy;
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
 * In-place writes of the event being applied, to undo when it turns out to move a state: the
 * record written, the key and the value before (undefined: the key was not there; context
 * records never hold undefined). Flat and reused (only `size` is reset), so an event allocates no
 * closure and no array.
 */
interface UndoLog {
  entries: unknown[];
  size: number;
}

function undoAll(log: UndoLog): void {
  for (let index = log.size - 3; index >= 0; index -= 3) {
    const record = log.entries[index] as Record<string, unknown>;
    const key = log.entries[index + 1] as string;
    const previous = log.entries[index + 2];
    if (previous === undefined) delete record[key];
    else record[key] = previous;
  }
  log.size = 0;
}

function write(log: UndoLog, record: Record<string, unknown>, key: string, value: unknown): void {
  const { entries, size } = log;
  entries[size] = record;
  entries[size + 1] = key;
  entries[size + 2] = Object.hasOwn(record, key) ? record[key] : undefined;
  log.size = size + 3;
  record[key] = value;
}

/**
 * Starts a fold from the machine's initial state or from a persisted snapshot.
 *
 * Fast events update the fold's own copy of the context in place (copy on write: the first
 * change after `snapshot()` handed the current one out copies what it touches), so replaying a
 * long log does not copy the item records once per event.
 *
 * @example
 * const fold = createFold(machine, layout);
 * for await (const envelope of store.read(stream)) fold.apply(machineEventOf(envelope));
 * const snapshot = fold.snapshot();
 */
export function createFold(machine: LaunchMachine, layout: ChartLayout, start?: PersistedLaunch): Fold {
  const plan = planFastPath(machine, layout);
  const undo: UndoLog = { entries: [], size: 0 };
  /** The item group the event being applied wrote to, if any. */
  let writtenGroup: string | undefined;
  let actor: Actor<LaunchMachine> | null = null;
  let persisted: PersistedLaunch;
  let slowEvents = 0;
  /** Whether `persisted` (and what it holds) may be seen outside: then it is copied before a change. */
  let shared = true;
  /** Groups copied since the last hand-out: they may be written in place. */
  let ownGroups = new Set<string>();

  const startActor = (snapshot?: PersistedLaunch): Actor<LaunchMachine> => {
    const created = createActor(machine, snapshot ? { snapshot: snapshot as never } : {});
    created.start();
    return created;
  };
  if (start) persisted = start;
  else {
    actor = startActor();
    persisted = normalizeSnapshot(actor.getPersistedSnapshot() as unknown as PersistedLaunch);
  }

  /** A private copy of the snapshot, context and group list, made once after each hand-out. */
  const own = (): LaunchContext => {
    if (shared) {
      persisted = {
        ...persisted,
        context: { ...persisted.context, groups: copyRecord(persisted.context.groups) },
      };
      ownGroups = new Set();
      shared = false;
      actor = null; // the actor no longer holds the current snapshot
    }
    return persisted.context;
  };

  /** The draft actions write through: in place, on the fold's own copy, noting how to undo. */
  const draft: ContextDraft = {
    get context() {
      return persisted.context;
    },
    setItem(id, state) {
      const group = ownEntry(persisted.context.plan.items, id)?.group;
      if (group === undefined) return;
      const context = own();
      if (!ownGroups.has(group)) {
        context.groups[group] = copyRecord(context.groups[group] ?? {});
        ownGroups.add(group);
      }
      writtenGroup = group;
      write(undo, context.groups[group] as Record<string, ItemState>, id, state);
    },
    setGroup(group, items) {
      write(undo, own().groups, group, items);
      ownGroups.add(group);
    },
    set(field, value) {
      write(undo, own() as unknown as Record<string, unknown>, field, value);
    },
  };

  /**
   * The transition `event` takes: `refused` when none is enabled, `slow` when the fast path
   * cannot run it (handlers active in two regions, or a transition that enters or leaves a
   * compound state).
   */
  const choose = (event: LaunchEvent): FastTransition | 'refused' | 'slow' => {
    const set = plan.handlers.get(event.type);
    if (set === undefined) return 'refused';
    const { value, context } = persisted;
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
    for (const guard of guards) if (guard(persisted.context, event)) return true;
    return false;
  };

  /** Whether an eventless transition of the active states fires after `transition` (which wrote `group`'s items, if any). */
  const eventlessFires = (
    event: LaunchEvent,
    transition: FastTransition,
    group: string | undefined,
  ): boolean => {
    const value = persisted.value;
    const region = group === undefined ? undefined : plan.groupEventless.get(group);
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
    const before = persisted.value;
    undo.size = 0;
    writtenGroup = undefined;
    for (const action of transition.actions) action(draft, event);
    if (transition.move)
      persisted = {
        ...persisted,
        value: withLeaf(persisted.value, transition.move.region, transition.move.to),
      };
    if (!eventlessFires(event, transition, transition.itemWrites ? writtenGroup : undefined))
      return 'applied';
    // A state would move: undo, and let XState apply the event to the snapshot as it was.
    undoAll(undo);
    persisted = { ...persisted, value: before };
    return 'slow';
  };

  return {
    apply(event) {
      const outcome = fast(event);
      if (outcome !== 'slow') return outcome === 'applied';
      slowEvents += 1;
      actor ??= startActor(persisted);
      if (!actor.getSnapshot().can(event)) return false;
      actor.send(event);
      persisted = normalizeSnapshot(actor.getPersistedSnapshot() as unknown as PersistedLaunch);
      shared = true;
      return true;
    },
    snapshot: () => {
      shared = true;
      return persisted;
    },
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
function withLeaf(value: unknown, path: readonly string[], leaf: string): unknown {
  if (path.length === 0) return leaf;
  const [key, ...rest] = path as [string, ...string[]];
  const node = value as Record<string, unknown>;
  return { ...node, [key]: withLeaf(node[key], rest, leaf) };
}
