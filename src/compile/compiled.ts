/**
 * A plan compiled once per process: its config, layout, machine, initial persisted snapshot and
 * the replay's fast path, shared by every replay and launch of the same plan. The cache is bounded (least recently used plans leave first), so a
 * service that sees many plans over its life does not keep every machine it ever built.
 */
import { createActor } from 'xstate';
import type { Plan } from '../plan/model.ts';
import { compilePlan, type CompiledChart } from './config.ts';
import { planFastPath, type FastPath } from './fastPath.ts';
import { createLaunchMachine, type LaunchMachine } from './machine.ts';
import { persistedLaunch, type PersistedLaunch } from './snapshot.ts';

export interface CompiledLaunch extends CompiledChart {
  machine: LaunchMachine;
  /** The machine's initial state, persisted: where a replay from version 1 starts. */
  initial: PersistedLaunch;
  /** The replay fold's fast path of this chart, or why it has none (see `fastPathSupport.ts`). */
  fastPath: FastPath;
}

/** Plans kept compiled: a launch and its revisions use a few; a service, one per plan it serves. */
export const COMPILED_PLANS_KEPT = 64;

const cache = new Map<string, CompiledLaunch>();

/**
 * The compiled chart and machine of a plan, compiled on first use.
 *
 * @example
 * const { config, layout, machine, fastPath } = compiledPlan(plan);
 */
export function compiledPlan(plan: Plan): CompiledLaunch {
  // The hash is the plan's content; the id (not hashed) names the machine, so both key it.
  const key = `${plan.id}\n${plan.hash}`;
  const known = cache.get(key);
  if (known) {
    // A Map iterates in insertion order: moving the entry to the end makes the first one the least recently used.
    cache.delete(key);
    cache.set(key, known);
    return known;
  }
  const chart = compilePlan(plan);
  const machine = createLaunchMachine(chart.config);
  const actor = createActor(machine).start();
  const initial = persistedLaunch(actor.getPersistedSnapshot());
  actor.stop();
  const compiled = { ...chart, machine, initial, fastPath: planFastPath(machine, chart.layout) };
  cache.set(key, compiled);
  if (cache.size > COMPILED_PLANS_KEPT) cache.delete(cache.keys().next().value as string);
  return compiled;
}
