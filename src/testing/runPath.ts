/**
 * Running a generated path against your own system: the path's events go to your event hooks
 * (drive your system) and to the reference machine compiled from the plan (the model); after
 * each step the model's state must be the one the path recorded, and your state hooks are called
 * for every active state (assert your system agrees). This is what the test file written by
 * `launchplan testgen --out` calls for each path.
 */
import { createActor } from 'xstate';
import { compilePlan } from '../compile/config.ts';
import type { LaunchContext } from '../compile/context.ts';
import { createLaunchMachine } from '../compile/machine.ts';
import type { LaunchEvent } from '../events/vocabulary.ts';
import type { Plan } from '../plan/model.ts';
import type { ChartTransition } from './transitions.ts';
import type { GeneratedPath, PathStep } from './paths.ts';

/** The paths file `launchplan testgen --out` writes next to the test file. */
export interface TestgenFile {
  format: 'launchplan-testgen/1';
  planId: string;
  planHash: string;
  plan: Plan;
  transitions_total: number;
  transitions_covered: number;
  transitions: ChartTransition[];
  paths: GeneratedPath[];
}

/** What a hook sees: the path, the step (index and content) and the model's state after it. */
export interface HookArgs {
  path: GeneratedPath;
  stepIndex: number;
  step: PathStep;
  /** The reference machine's state after the step (or before the event, for event hooks). */
  model: { value: unknown; context: LaunchContext };
}

/** Hooks plugging your system into generated paths; every hook is optional. */
export interface PathHooks<C = unknown> {
  /** Creates whatever your hooks share for one path (a client, a launch, a browser page). */
  setup?: (path: GeneratedPath) => C | Promise<C>;
  /** Called with each event before the model receives it: send it to your system. */
  events?: Record<string, (system: C, event: LaunchEvent, args: HookArgs) => void | Promise<void>>;
  /** Called after each step for each active state (dotted path, e.g. `progress.running`): assert your system is there. */
  states?: Record<string, (system: C, args: HookArgs) => void | Promise<void>>;
  teardown?: (system: C, path: GeneratedPath) => void | Promise<void>;
}

/** Every active state path of a state value, parents first: `progress`, `progress.running`, … */
export function activeStatePaths(value: unknown, prefix: string[] = []): string[] {
  if (typeof value === 'string') return [[...prefix, value].join('.')];
  const out: string[] = [];
  for (const [key, child] of Object.entries((value ?? {}) as Record<string, unknown>)) {
    out.push([...prefix, key].join('.'));
    if (child !== undefined) out.push(...activeStatePaths(child, [...prefix, key]));
  }
  return out;
}

/**
 * Runs one generated path: hooks for your system, the reference machine as the model. Throws
 * (fails the test) when the model refuses an event or ends a step elsewhere than recorded, and
 * lets your hooks' assertions throw.
 *
 * @example
 * for (const path of suite.paths) it(path.description, () => runGeneratedPath(suite, path, { events: { 'item.checked': (api, e) => api.check(e.itemId) } }));
 */
export async function runGeneratedPath<C>(suite: Pick<TestgenFile, 'plan' | 'planHash'>, path: GeneratedPath, hooks: PathHooks<C> = {}): Promise<void> {
  if (suite.plan.hash !== suite.planHash) throw new Error(`launchplan testgen: the paths file holds plan ${suite.plan.hash.slice(0, 12)} but was generated for ${suite.planHash.slice(0, 12)}: generate it again`);
  const actor = createActor(createLaunchMachine(compilePlan(suite.plan))).start();
  const system = (await hooks.setup?.(path)) as C;
  try {
    for (const [stepIndex, step] of path.steps.entries()) {
      for (const event of step.events) {
        const before = actor.getSnapshot();
        await hooks.events?.[event.type]?.(system, event, { path, stepIndex, step, model: { value: before.value, context: before.context as LaunchContext } });
        if (!before.can(event)) throw new Error(`${path.id} step ${stepIndex + 1} (${step.move}): the model refuses ${JSON.stringify(event)} in ${JSON.stringify(before.value)}`);
        actor.send(event);
      }
      const after = actor.getSnapshot();
      if (JSON.stringify(after.value) !== JSON.stringify(step.value)) throw new Error(`${path.id} step ${stepIndex + 1} (${step.move}): the model is in ${JSON.stringify(after.value)}, the path expects ${JSON.stringify(step.value)}`);
      const args = { path, stepIndex, step, model: { value: after.value, context: after.context as LaunchContext } };
      for (const state of activeStatePaths(after.value)) await hooks.states?.[state]?.(system, args);
    }
  } finally {
    actor.stop();
    await hooks.teardown?.(system, path);
  }
}
