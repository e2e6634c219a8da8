/**
 * Transition coverage of a set of paths, measured independently of the generator: every path
 * runs in a fresh XState actor whose `inspect` observer records the transitions of each
 * `@xstate.microstep` (eventless and history transitions included), and those are matched to
 * the transitions declared in the config (`listTransitions`).
 */
import { createActor, type AnyStateMachine, type AnyTransitionDefinition } from 'xstate';
import type { LaunchEvent } from '../events/vocabulary.ts';
import { takenTransitionId, type ChartTransition } from './transitions.ts';

/** Coverage of a chart's transitions by some paths. */
export interface CoverageReport {
  transitionsTotal: number;
  transitionsCovered: number;
  /** Declared transitions no path took. */
  uncovered: ChartTransition[];
  /** Events some path sends that the state it reaches refuses (a broken path): path id and event. */
  refused: { path: string; event: LaunchEvent }[];
  /** Paths whose state after a step differs from the one recorded in the path. */
  diverged: { path: string; step: number }[];
}

/** What coverage needs of a path: its id and steps (events, and the state value recorded after them). */
export interface CoverablePath {
  id: string;
  steps: readonly { events: readonly LaunchEvent[]; value?: unknown }[];
}

/**
 * Runs every path in a fresh actor and reports which declared transitions were taken.
 *
 * @example
 * const report = measureCoverage(machine, suite.transitions, suite.paths);
 * report.transitionsCovered === report.transitionsTotal // full transition coverage
 */
export function measureCoverage(
  machine: AnyStateMachine,
  transitions: readonly ChartTransition[],
  paths: readonly CoverablePath[],
): CoverageReport {
  const taken = new Set<string>();
  const refused: CoverageReport['refused'] = [];
  const diverged: CoverageReport['diverged'] = [];
  for (const path of paths) {
    let microsteps: AnyTransitionDefinition[][] = [];
    const actor = createActor(machine, {
      inspect: (event) => {
        if (event.type === '@xstate.microstep') microsteps.push(event._transitions);
      },
    });
    actor.start();
    const record = (): void => {
      for (const list of microsteps) for (const transition of list) taken.add(takenTransitionId(transition));
    };
    record();
    path.steps.forEach((step, index) => {
      for (const event of step.events) {
        microsteps = [];
        actor.send(event);
        if ((microsteps[0]?.length ?? 0) === 0) refused.push({ path: path.id, event });
        record();
      }
      if (
        step.value !== undefined &&
        JSON.stringify(actor.getSnapshot().value) !== JSON.stringify(step.value)
      )
        diverged.push({ path: path.id, step: index });
    });
    actor.stop();
  }
  const uncovered = transitions.filter((transition) => !taken.has(transition.id));
  return {
    transitionsTotal: transitions.length,
    transitionsCovered: transitions.length - uncovered.length,
    uncovered,
    refused,
    diverged,
  };
}
