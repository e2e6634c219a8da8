/**
 * Test paths that cover every transition of a compiled chart.
 *
 * 1. `@xstate/graph`'s `getAdjacencyMap` explores the chart over **moves** (see `moves.ts`): a
 *    state is its state value plus how many alerts are open (0, 1, 2), never the item context
 *    or the history, so a plan of hundreds of items keeps a state space linear in its steps.
 * 2. Each state gets a shortest path from the initial state (breadth first, the tree of first
 *    discoveries, so replaying a path gives exactly the snapshot the traversal explored).
 * 3. Every explored edge knows which config transitions it fired (recorded from XState's
 *    microsteps, eventless and history transitions included); edges are picked, shortest first,
 *    while they cover a transition no picked path covers yet; each picked edge becomes the path
 *    "shortest path to its source, then the edge". Paths that are prefixes of others are dropped.
 *
 * No simple-path enumeration: the cost is (states × moves per state) machine steps.
 */
import * as E from 'fp-ts/lib/Either.js';
import { adjacencyMapToArray, getAdjacencyMap } from '@xstate/graph';
import type { ActorLogic, StateValue } from 'xstate';
import type { CompiledLaunch } from '../compile/compiled.ts';
import type { LaunchSnapshot } from '../compile/snapshot.ts';
import { activeLeafPaths } from '../compile/statePaths.ts';
import type { LaunchContext } from '../compile/context.ts';
import type { LaunchEvent } from '../events/vocabulary.ts';
import { createMoveModel, representativeMoves, type Move } from './moves.ts';
import { createStepper } from './stepper.ts';
import { listTransitions, type ChartTransition } from './transitions.ts';

/** One step of a path: a move, its events, and where the chart is after them. */
export interface PathStep {
  move: string;
  events: LaunchEvent[];
  /** The state value after the step. */
  value: StateValue;
  /** Active leaf states after the step, dotted (`progress.running.deploy.db.open`). */
  states: string[];
}

export interface GeneratedPath {
  id: string;
  description: string;
  steps: PathStep[];
  /** Transitions this path was picked for (the first path to cover them). */
  covers: string[];
}

/** Paths for one plan, with the transitions they cover. */
export interface GeneratedSuite {
  planId: string;
  planHash: string;
  transitions: ChartTransition[];
  /** Active leaf states of the initial snapshot. */
  initialStates: string[];
  paths: GeneratedPath[];
  /** States (value + open alerts) the traversal explored. */
  statesExplored: number;
  /** Transition ids fired along the paths, as seen during the traversal. */
  covered: string[];
}

export interface GenerateOptions {
  /** Most traversal iterations before giving up (default 200,000). */
  limit?: number;
}

export type GenerateError = { _tag: 'TraversalLimit'; limit: number; message: string };

/** `getAdjacencyMap`'s result as maps, by serialized state and by move label. */
type Adjacency = Map<
  string,
  { state: LaunchSnapshot; transitions: Map<string, { event: MoveEvent; state: LaunchSnapshot }> }
>;

/**
 * The state identity of the traversal: the state value, the number of open alerts (capped at
 * 2) and which of the `watched` groups (steps done in the plan itself, whose blocked state is
 * only reached by failing a test before the start) hold a failed test; never item statuses or
 * history.
 */
export function stateKeyOf(
  snapshot: { value: unknown; context: LaunchContext },
  watched: readonly string[] = [],
): string {
  const failed: string[] = [];
  for (const group of watched) {
    const items = snapshot.context.groups[group] ?? {};
    for (const id in items) {
      if (items[id]?.status === 'failed') {
        failed.push(group);
        break;
      }
    }
  }
  return JSON.stringify([snapshot.value, Math.min(2, Object.keys(snapshot.context.alerts).length), failed]);
}

const leaves = (value: StateValue): string[] => activeLeafPaths(value).map((path) => path.join('.'));

export type { LaunchSnapshot } from '../compile/snapshot.ts';
/** An event of the move traversal: a move, under its label. */
export type MoveEvent = { type: string; move: Move };

/**
 * The launch machine seen through moves, as `@xstate/graph` traverses it: an actor logic whose
 * events are moves (each sends its launch events through the machine), the moves offered in each
 * state, the state identity (`stateKeyOf`), and which config transitions each explored move fired.
 */
export interface MoveTraversal {
  logic: ActorLogic<LaunchSnapshot, MoveEvent, unknown>;
  options: {
    events: (snapshot: LaunchSnapshot) => MoveEvent[];
    serializeState: (snapshot: LaunchSnapshot) => string;
    serializeEvent: (event: MoveEvent) => string;
  };
  /** The initial snapshot and the transitions taken to reach it. */
  start: { snapshot: LaunchSnapshot; fired: string[] };
  /** Transition ids each move fired, by source snapshot and move label (filled as the traversal runs). */
  firedBy(snapshot: LaunchSnapshot, label: string): string[];
}

/**
 * Creates the move traversal of a compiled launch machine.
 *
 * @example
 * const { logic, options } = createMoveTraversal(compiledPlan(plan));
 * const adjacency = getAdjacencyMap(logic, options);
 */
export function createMoveTraversal(compiled: CompiledLaunch): MoveTraversal {
  const { machine } = compiled;
  const model = createMoveModel(compiled);
  const stepper = createStepper(machine);
  const initial = stepper.initial();
  const fired = new Map<LaunchSnapshot, Map<string, string[]>>();
  const logic: ActorLogic<LaunchSnapshot, MoveEvent, unknown> = {
    transition: (snapshot: LaunchSnapshot, event: MoveEvent) => {
      const result = stepper.step(snapshot, event.move.events);
      if (result.refused)
        throw new Error(
          `launchplan testgen: the move "${event.type}" sends ${JSON.stringify(result.refused)}, which ${JSON.stringify(snapshot.value)} refuses; this is a bug of the move generator`,
        );
      let bySource = fired.get(snapshot);
      if (!bySource) fired.set(snapshot, (bySource = new Map<string, string[]>()));
      bySource.set(event.type, result.fired);
      return result.snapshot;
    },
    getInitialSnapshot: () => initial.snapshot,
    // The traversal keeps snapshots in memory; nothing is persisted.
    getPersistedSnapshot: (snapshot) => snapshot,
  };
  return {
    logic,
    options: {
      events: (snapshot) => representativeMoves(model, snapshot).map((move) => ({ type: move.label, move })),
      serializeState: (snapshot) => stateKeyOf(snapshot, model.settledTestGroups),
      serializeEvent: (event) => event.type,
    },
    start: { snapshot: initial.snapshot, fired: initial.fired },
    firedBy: (snapshot, label) => fired.get(snapshot)?.get(label) ?? [],
  };
}

/**
 * Generates paths that cover every transition of a compiled chart.
 *
 * @example
 * const suite = generatePaths(compiledPlan(plan));
 * if (E.isRight(suite)) console.log(suite.right.paths.length, 'paths');
 */
export function generatePaths(
  compiled: CompiledLaunch,
  options: GenerateOptions = {},
): E.Either<GenerateError, GeneratedSuite> {
  const { config } = compiled;
  const traversal = createMoveTraversal(compiled);
  const { start, options: moves } = traversal;
  const limit = options.limit ?? 200_000;
  let adjacency: Adjacency;
  try {
    adjacency = new Map();
    const explored = adjacencyMapToArray(getAdjacencyMap(traversal.logic, { ...moves, limit }));
    // In the map's order (breadth first), keyed as the traversal keyed them.
    for (const { state, event, nextState } of explored) {
      const key = moves.serializeState(state);
      const from = adjacency.get(key) ?? { state, transitions: new Map() };
      from.transitions.set(moves.serializeEvent(event), { event, state: nextState });
      adjacency.set(key, from);
    }
  } catch (error) {
    if ((error as Error).message === 'Traversal limit exceeded')
      return E.left({
        _tag: 'TraversalLimit',
        limit,
        message: `more than ${limit} traversal steps: the chart is larger than the generator expects`,
      });
    throw error;
  }

  // Tree of first discoveries (the order getAdjacencyMap explored in), with depths.
  const keys = [...adjacency.keys()];
  const at = (key: string) => {
    const explored = adjacency.get(key);
    if (explored === undefined) throw new Error(`launchplan testgen: no explored state ${key}`);
    return explored;
  };
  const initialKey = keys[0] as string;
  const parent = new Map<string, { from: string; label: string }>();
  const depth = new Map<string, number>([[initialKey, 0]]);
  for (const key of keys) {
    for (const [label, { state }] of at(key).transitions) {
      const target = moves.serializeState(state);
      if (target === initialKey || parent.has(target)) continue;
      parent.set(target, { from: key, label });
      depth.set(target, (depth.get(key) ?? 0) + 1);
    }
  }
  const treeEdges = (key: string): { from: string; label: string }[] => {
    const out: { from: string; label: string }[] = [];
    for (let edge = parent.get(key); edge; edge = parent.get(edge.from)) out.unshift(edge);
    return out;
  };
  const firedOn = (from: string, label: string): string[] => traversal.firedBy(at(from).state, label);

  // Greedy cover, shortest edges first (adjacency order is breadth first).
  const covered = new Set<string>(start.fired);
  const picked: { from: string; label: string; covers: string[] }[] = [];
  for (const key of keys) {
    for (const label of at(key).transitions.keys()) {
      const fresh = firedOn(key, label).filter((id) => !covered.has(id));
      if (fresh.length === 0) continue;
      const route = [...treeEdges(key), { from: key, label }];
      const covers = new Set<string>();
      for (const edge of route)
        for (const id of firedOn(edge.from, edge.label)) if (!covered.has(id)) covers.add(id);
      for (const id of covers) covered.add(id);
      picked.push({ from: key, label, covers: [...covers] });
    }
  }

  // Paths, longest first; drop those that are a prefix of a kept one.
  const routes = picked
    .map((pick) => ({ pick, route: [...treeEdges(pick.from), { from: pick.from, label: pick.label }] }))
    .sort((a, b) => b.route.length - a.route.length);
  const prefixes = new Set<string>();
  const kept: typeof routes = [];
  for (const candidate of routes) {
    const signature = candidate.route.map((edge) => `${edge.from}\u0000${edge.label}`);
    const whole = signature.join('\u0001');
    if (prefixes.has(whole)) {
      const owner = kept.find((k) =>
        k.route
          .map((edge) => `${edge.from}\u0000${edge.label}`)
          .join('\u0001')
          .startsWith(whole),
      );
      owner?.pick.covers.push(...candidate.pick.covers);
      continue;
    }
    kept.push(candidate);
    for (let length = 1; length <= signature.length; length += 1)
      prefixes.add(signature.slice(0, length).join('\u0001'));
  }
  kept.sort((a, b) => a.route.length - b.route.length || a.pick.from.localeCompare(b.pick.from));
  const paths: GeneratedPath[] = kept.map(({ pick, route }, index) => {
    const steps: PathStep[] = route.map((edge) => {
      const step = at(edge.from).transitions.get(edge.label);
      if (step === undefined)
        throw new Error(`launchplan testgen: no move "${edge.label}" from ${edge.from}`);
      const { event, state } = step;
      return {
        move: edge.label,
        events: event.move.events,
        value: state.value,
        states: leaves(state.value),
      };
    });
    const last = steps[steps.length - 1];
    return {
      id: `path-${String(index + 1).padStart(3, '0')}`,
      description: `${route.length} step(s), ending with "${pick.label}" → ${last ? last.states.filter((s) => s.startsWith('progress')).join(', ') : ''}`,
      steps,
      covers: pick.covers,
    };
  });
  return E.right({
    planId: config.context.plan.id,
    planHash: config.context.plan.hash,
    transitions: listTransitions(config),
    initialStates: leaves(start.snapshot.value),
    paths,
    statesExplored: keys.length,
    covered: [...covered],
  });
}
