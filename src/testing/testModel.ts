/**
 * Model-based tests the way XState users write them: `createLaunchTestModel(plan)` returns an
 * `@xstate/graph` `TestModel` of the launch machine, so `model.getShortestPaths()` and
 * `path.test({ states, events })` work as documented there.
 *
 * A launch keeps its items in context, so the stock traversal (every event in every state,
 * states told apart by their context) never ends: it stops with "Traversal limit exceeded". This
 * model explores **moves** instead (see `moves.ts`: complete a step, pass a gate, fire an
 * alert …), tells states apart by `stateKeyOf`, and then spells each move out as the launch
 * events it sends, so every step of a path is one real event and the state after it.
 */
import * as E from 'fp-ts/lib/Either.js';
import {
  TestModel,
  getShortestPaths,
  type StatePath,
  type Step,
  type TestParam,
  type TestPath,
  type TestPathResult,
} from '@xstate/graph';
import { matchesState, type AnyStateMachine, type EventObject } from 'xstate';
import { compiledPlan, type CompiledLaunch } from '../compile/compiled.ts';
import type { LaunchMachineConfig } from '../compile/configTypes.ts';
import type { LaunchMachine } from '../compile/machine.ts';
import { launchPosition } from '../compile/statePaths.ts';
import {
  decodeLaunchEvent,
  LAUNCH_EVENT_TYPES,
  type EventOf,
  type LaunchEvent,
  type LaunchEventType,
} from '../events/vocabulary.ts';
import type { Plan } from '../plan/model.ts';
import { createMoveTraversal, generatePaths, type LaunchSnapshot, type MoveEvent } from './paths.ts';
import { createStepper } from './stepper.ts';

export type { LaunchSnapshot } from './paths.ts';

/** What `path.test` takes: hooks that drive your system (`events`) and check it (`states`). */
export interface LaunchTestParams {
  /** Called with each event of the path, by type: send it to your system. `state` is the model's state after it. */
  events?: EventHooks;
  /**
   * Called after each event for every state key the model's state matches (`snapshot.matches`):
   * dotted paths such as `progress.running`, `health.degraded`, or `#id` state ids.
   */
  states?: Record<string, (state: LaunchSnapshot) => unknown>;
}

/** A hook per event type: called with each event of that type and the state after it. */
type EventHooks = {
  [K in LaunchEventType]?: (step: { event: EventOf<K>; state: LaunchSnapshot }) => unknown;
};

/** Calls the hook of an event's type, if there is one. */
function callHook<K extends LaunchEventType>(
  hooks: EventHooks,
  event: EventOf<K>,
  state: LaunchSnapshot,
): unknown {
  const hook: ((step: { event: EventOf<K>; state: LaunchSnapshot }) => unknown) | undefined =
    hooks[event.type];
  return hook?.({ event, state });
}

/**
 * The params `TestModel` runs a path with, from a launch test's: each step's event is the launch
 * event the path holds (the executor is typed by its `type` alone), handed to the typed hook.
 */
function testParams(params: LaunchTestParams): TestParam<LaunchSnapshot, LaunchEvent> {
  const hooks = params.events ?? {};
  const run = async (step: Step<LaunchSnapshot, EventObject>): Promise<void> => {
    const event = decodeLaunchEvent(step.event);
    if (E.isLeft(event))
      throw new Error(`launchplan/testing: a path step holds no launch event: ${step.event.type}`);
    await callHook(hooks, event.right, step.state);
  };
  return {
    states: Object.fromEntries(
      Object.entries(params.states ?? {}).map(([key, check]) => [
        key,
        async (state: LaunchSnapshot): Promise<void> => {
          await check(state);
        },
      ]),
    ),
    events: Object.fromEntries(
      LAUNCH_EVENT_TYPES.filter((type) => hooks[type] !== undefined).map((type) => [type, run]),
    ),
  };
}

/** A generated path: the launch events, one step each, and the moves they spell out. */
export interface LaunchTestPath extends StatePath<LaunchSnapshot, LaunchEvent> {
  description: string;
  /** The moves of the path, in order (`start`, `complete deploy/db`, `go at gate/go` …). */
  moves: string[];
  test(params: LaunchTestParams): Promise<TestPathResult>;
}

/**
 * The `TestModel` of a launch. Paths come from two generators: `getShortestPaths()` (a shortest
 * path to every state) and `getTransitionPaths()` (paths covering every transition of the chart,
 * eventless and history ones included: what `launchplan testgen` checks).
 */
export class LaunchTestModel extends TestModel<LaunchSnapshot, LaunchEvent, unknown> {
  readonly plan: Plan;
  readonly compiled: CompiledLaunch;

  constructor(plan: Plan) {
    const compiled = compiledPlan(plan);
    const { machine } = compiled;
    // The model checks states by name (`progress.running`, `#id`), which the chart's own snapshot
    // type does not know: its states come from the plan. So the model holds it as any machine.
    const logic: AnyStateMachine = machine;
    super(logic, {
      stateMatcher: (snapshot, key) =>
        key.startsWith('#')
          ? snapshot._nodes.includes(machine.getStateNodeById(key))
          : matchesState(key, snapshot.value),
    });
    this.plan = plan;
    this.compiled = compiled;
  }

  get machine(): LaunchMachine {
    return this.compiled.machine;
  }

  get config(): LaunchMachineConfig {
    return this.compiled.config;
  }

  /** A shortest path (in moves) to every state the moves reach. */
  override getShortestPaths(): LaunchTestPath[] {
    const { logic, options } = createMoveTraversal(this.compiled);
    // Each path starts with the actor's own `xstate.init` step, which is no move.
    const paths = getShortestPaths(logic, options).map((path) =>
      path.steps.map((step) => step.event).filter((event) => event.move !== undefined),
    );
    return this.spellOut(paths);
  }

  /** Paths that together take every transition of the chart. */
  getTransitionPaths(): LaunchTestPath[] {
    const suite = generatePaths(this.compiled);
    if (suite._tag === 'Left') throw new Error(`launchplan/testing: ${suite.left.message}`);
    return this.spellOut(
      suite.right.paths.map((path) =>
        path.steps.map((step) => ({ type: step.move, move: { label: step.move, events: step.events } })),
      ),
    );
  }

  /** Simple paths are exponential in the number of steps: use getShortestPaths or getTransitionPaths. */
  override getSimplePaths(): never {
    throw new Error(
      'launchplan/testing: getSimplePaths enumerates every path without a repeated state, which explodes on a launch chart; use getShortestPaths() (every state) or getTransitionPaths() (every transition)',
    );
  }

  /** Turns move paths into test paths of single launch events, with the state after each. */
  private spellOut(movePaths: MoveEvent[][]): LaunchTestPath[] {
    const stepper = createStepper(this.machine);
    const initial = stepper.initial().snapshot;
    const statePaths = movePaths.map((moves) => {
      const steps: Step<LaunchSnapshot, LaunchEvent>[] = [];
      let state = initial;
      for (const { move } of moves) {
        for (const event of move.events) {
          state = stepper.step(state, [event]).snapshot;
          steps.push({ event, state });
        }
      }
      return { state, steps, weight: steps.length, moves: moves.map((move) => move.type) };
    });
    // Paths that are a prefix of another are dropped, as TestModel does; each keeps its steps.
    const movesOf = new Map(statePaths.map((path) => [path.steps, path.moves]));
    return this.getPaths(() => statePaths).map((path) => launchTestPath(path, movesOf.get(path.steps) ?? []));
  }
}

/** A test path of the model as a launch test path: its moves, a description of them, typed hooks. */
function launchTestPath(path: TestPath<LaunchSnapshot, LaunchEvent>, moves: string[]): LaunchTestPath {
  const shown = moves.length > 4 ? [...moves.slice(0, 2), '…', ...moves.slice(-2)] : moves;
  return {
    state: path.state,
    steps: path.steps,
    weight: path.weight,
    moves,
    description: `${moves.length} move(s), ${path.steps.length} event(s): ${shown.join(' → ') || 'the initial state'}; ends in ${launchPosition(path.state.value)[0] ?? 'progress'}`,
    test: (params) => path.test(testParams(params)),
  };
}

/**
 * Creates the `@xstate/graph` test model of a plan's launch.
 *
 * @example
 * const model = createLaunchTestModel(plan);
 * for (const path of model.getTransitionPaths()) {
 *   it(path.description, () => path.test({ events: { 'item.checked': ({ event }) => api.check(event.itemId) } }));
 * }
 */
export function createLaunchTestModel(plan: Plan): LaunchTestModel {
  return new LaunchTestModel(plan);
}
