/** Helpers that load the example plans and drive their compiled machines with launch events. */
import { createActor, type Actor } from 'xstate';
import * as E from 'fp-ts/lib/Either.js';
import { compiledPlan, type CompiledLaunch } from '../../src/compile/compiled.ts';
import type { LaunchContext } from '../../src/compile/context.ts';
import type { LaunchMachine } from '../../src/compile/machine.ts';
import { itemChecked, gateDecided, launchStarted, testPassed } from '../../src/events/factories.ts';
import type { LaunchEvent } from '../../src/events/vocabulary.ts';
import { loadPlanFile } from '../../src/plan/load.ts';
import type { Phase, Plan } from '../../src/plan/model.ts';
import { phaseItems } from '../../src/plan/query.ts';
import { examplePlanPaths } from '../../scripts/machinesSource.ts';

export interface Example extends CompiledLaunch {
  name: string;
  path: string;
  plan: Plan;
}

/** Every example plan, loaded like the CLI loads it, compiled. */
export async function loadExamples(): Promise<Example[]> {
  const out: Example[] = [];
  for (const path of examplePlanPaths()) {
    const loaded = await loadPlanFile(path);
    if (E.isLeft(loaded)) throw new Error(`cannot load ${path}`);
    const plan = loaded.right.plan;
    out.push({ name: plan.id, path, plan, ...compiledPlan(plan) });
  }
  return out;
}

/** Events that finish a phase: every item not done yet checked (tests passed). */
export function finishPhase(phase: Phase): LaunchEvent[] {
  return phaseItems(phase)
    .filter((item) => !item.done)
    .map((item) =>
      item.kind === 'test'
        ? testPassed({ itemId: item.id, runId: `run-${item.id}`, by: 'qa' })
        : itemChecked({ itemId: item.id, by: 'ops', at: '2025-03-01T10:00:00Z' }),
    );
}

/** The full happy path: start, then each phase's items and each gate's "go", in order. */
export function happyPath(example: Example): LaunchEvent[] {
  const events: LaunchEvent[] = [launchStarted({ at: '2025-03-01T08:00:00Z', by: 'lead' })];
  for (const entry of example.layout.running) {
    if (entry.kind === 'gate') events.push(gateDecided({ gateId: entry.id, decision: 'go', by: 'lead' }));
    else events.push(...finishPhase(example.plan.phases.find((phase) => phase.id === entry.id) as Phase));
  }
  return events;
}

/** Starts an actor and sends events, failing on the first one the machine does not accept. */
export function run(
  machine: LaunchMachine,
  events: readonly LaunchEvent[],
  options: { strict?: boolean } = {},
): Actor<LaunchMachine> {
  const actor = createActor(machine).start();
  for (const event of events) {
    if (options.strict !== false && !actor.getSnapshot().can(event))
      throw new Error(
        `event refused: ${JSON.stringify(event)} in ${JSON.stringify(actor.getSnapshot().value)}`,
      );
    actor.send(event);
  }
  return actor;
}

export function progressOf(actor: Actor<LaunchMachine>): unknown {
  return (actor.getSnapshot().value as { progress: unknown }).progress;
}

export function contextOf(actor: Actor<LaunchMachine>): LaunchContext {
  return actor.getSnapshot().context;
}
