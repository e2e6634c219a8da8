/**
 * The layout of a compiled chart: where each part of the plan sits in it (phases and gates under
 * `progress.running`, the region of each item group, the rollback steps), what each progress
 * state means, and every transition indexed by the state that declares it. `compilePlan` builds
 * it once with the config; the replay fold, the checklist, the test moves and the status chart
 * read it instead of walking the config by key names.
 */
import type { GateTimeout } from '../plan/gateTimeout.ts';
import { LAUNCH_EVENT_TYPES, type LaunchEventType } from '../events/vocabulary.ts';
import { configGraph } from './graph.ts';
import { transitionList, type LaunchMachineConfig, type TransitionConfig } from './configTypes.ts';

/** Where a launch stands, as the checklist and the service name it. */
export type LaunchStatus =
  'ready' | 'running' | 'paused' | 'rolling-back' | 'rolled-back' | 'completed' | 'operating' | 'aborted';

/** A phase or gate of `progress.running`: its state key and its plan id. */
export interface RunningEntry {
  key: string;
  kind: 'phase' | 'gate';
  id: string;
}

/** The region of a group of items (a step, or a phase's deliverables) and where it sits. */
export interface GroupRegion {
  /** The item group: the step id, or `<phase id>#deliverables`. */
  group: string;
  kind: 'step' | 'deliverables';
  /** The state key of its phase under `progress.running`. */
  phaseKey: string;
  /** State path from the root: `['progress', 'running', phaseKey, regionKey]`. */
  path: readonly string[];
}

/** A list of transitions and the state that declares them. */
export interface TransitionsAt {
  path: readonly string[];
  transitions: readonly TransitionConfig[];
}

export interface ChartLayout {
  /** Phases and gates under `progress.running`, in plan order. */
  running: readonly RunningEntry[];
  /** Where `running` ends: `done` (final, then `completed`) or `operating` (continuous phases). */
  endKey: 'done' | 'operating';
  /** Every item group's region, in document order. */
  groups: readonly GroupRegion[];
  /** Gates by state key, with the items that must be settled for "go", and their timeout (null: none). */
  gates: readonly { key: string; id: string; criteria: readonly string[]; timeout: GateTimeout | null }[];
  /** The group holding the rollback steps, and each step's state key under `rollingBack`. */
  rollback: { group: string; steps: readonly { key: string; id: string }[] };
  /** The status each state of the progress region stands for (`rollingBack` → `rolling-back` …). */
  progressStatus: Readonly<Record<string, LaunchStatus>>;
  /**
   * Event type → the states that declare transitions for it, with those transitions, deepest
   * first: the order XState tries them in along one branch (the replay's fast path and
   * `explainRejection` both read it from here).
   */
  handlers: ReadonlyMap<LaunchEventType, readonly TransitionsAt[]>;
  /** Every state with eventless (`always`) transitions. */
  eventless: readonly TransitionsAt[];
}

/** The plan-facing part of a layout, which the compiler records as it builds the config. */
export type PlanLayout = Omit<ChartLayout, 'handlers' | 'eventless'>;

/** Completes a plan layout with the transitions of the config, indexed by declaring state. */
export function completeLayout(config: LaunchMachineConfig, plan: PlanLayout): ChartLayout {
  const handlers = new Map<LaunchEventType, TransitionsAt[]>();
  const eventless: TransitionsAt[] = [];
  const { nodes } = configGraph(config);
  for (const type of LAUNCH_EVENT_TYPES) {
    const declaring = nodes.flatMap((node) => {
      const list = node.config.on?.[type];
      return list === undefined ? [] : [{ path: node.path, transitions: transitionList(list) }];
    });
    // Stable: states of one depth stay in document order.
    if (declaring.length > 0)
      handlers.set(
        type,
        declaring.sort((a, b) => b.path.length - a.path.length),
      );
  }
  for (const node of nodes) {
    const always = transitionList(node.config.always);
    if (always.length > 0) eventless.push({ path: node.path, transitions: always });
  }
  return { ...plan, handlers, eventless };
}

/** What `valueAt` gives for an active atomic state: it has no value of its own. */
const ATOMIC = Object.freeze({});

/**
 * The value of a state value at a path: the active child's key (`'open'`), a nested value, an
 * empty object for an active atomic state, or undefined when the state is not active.
 */
export function valueAt(value: unknown, path: readonly string[]): unknown {
  let node = value;
  for (const key of path) {
    if (typeof node === 'string') node = node === key ? ATOMIC : undefined;
    else if (typeof node === 'object' && node !== null) node = (node as Record<string, unknown>)[key];
    else return undefined;
  }
  return node;
}

/** Whether the state at `path` is active in a state value. */
export const isActive = (value: unknown, path: readonly string[]): boolean =>
  valueAt(value, path) !== undefined;

/**
 * Where a launch stands: its status and the plan ids of the phases or gates active under
 * `running`, in plan order.
 */
export function launchStatus(
  layout: ChartLayout,
  value: unknown,
): { status: LaunchStatus; current: string[] } {
  const progress = (value as { progress?: unknown }).progress;
  if (typeof progress === 'string')
    return { status: layout.progressStatus[progress] ?? 'running', current: [] };
  const [state, inner] = Object.entries((progress ?? {}) as Record<string, unknown>)[0] ?? [
    'running',
    undefined,
  ];
  if (state !== 'running') return { status: layout.progressStatus[state] ?? 'running', current: [] };
  if (inner === layout.endKey)
    return { status: layout.endKey === 'done' ? 'completed' : 'operating', current: [] };
  const active = new Set(typeof inner === 'string' ? [inner] : Object.keys(inner ?? {}));
  return {
    status: 'running',
    current: layout.running.filter((entry) => active.has(entry.key)).map((entry) => entry.id),
  };
}
