/**
 * Stepping a launch machine with XState's pure `machine.transition`, one reused actor scope,
 * and a record of the transitions taken (from the `@xstate.microstep` inspection events the
 * scope's system reports): which config transitions fired, eventless and history ones included,
 * and whether each event was accepted.
 */
import { createActor, type AnyTransitionDefinition } from 'xstate';
import type { LaunchMachine } from '../compile/machine.ts';
import type { LaunchSnapshot } from '../compile/snapshot.ts';
import type { LaunchEvent } from '../events/vocabulary.ts';
import { takenTransitionId } from './transitions.ts';

/** What sending some events did. */
export interface StepResult {
  snapshot: LaunchSnapshot;
  /** Ids of the transitions taken (see `takenTransitionId`), in order, repeats removed. */
  fired: string[];
  /** The first event no transition accepted, if any. */
  refused: LaunchEvent | null;
}

/** A machine stepper: the initial snapshot and a pure step over a list of events. */
export interface Stepper {
  initial(): StepResult;
  step(snapshot: LaunchSnapshot, events: readonly LaunchEvent[]): StepResult;
}

/**
 * Creates a stepper for a launch machine.
 *
 * @example
 * const stepper = createStepper(createLaunchMachine(config));
 * const { snapshot, fired } = stepper.step(stepper.initial().snapshot, [launchStarted()]);
 */
export function createStepper(machine: LaunchMachine): Stepper {
  let microsteps: AnyTransitionDefinition[][] = [];
  // Never started: it stands for the machine as the scope's `self`, and its system reports the microsteps.
  const self = createActor(machine);
  self.system.inspect((event) => {
    if (event.type === '@xstate.microstep') microsteps.push(event._transitions);
  });
  // One scope for every step: the pure `transition` with a new scope per call is several times slower.
  const scope: Parameters<LaunchMachine['transition']>[2] = {
    self,
    logger: () => undefined,
    id: '',
    sessionId: 'launchplan-testgen',
    defer: () => undefined,
    system: self.system,
    stopChild: () => undefined,
    emit: () => undefined,
    actionExecutor: () => undefined,
  };
  const collect = (into: Set<string>): void => {
    for (const transitions of microsteps)
      for (const transition of transitions) into.add(takenTransitionId(transition));
  };
  return {
    initial() {
      microsteps = [];
      const snapshot = machine.getInitialSnapshot(scope);
      const fired = new Set<string>();
      collect(fired);
      return { snapshot, fired: [...fired], refused: null };
    },
    step(start, events) {
      let snapshot = start;
      const fired = new Set<string>();
      let refused: LaunchEvent | null = null;
      for (const event of events) {
        microsteps = [];
        snapshot = machine.transition(snapshot, event, scope);
        if ((microsteps[0]?.length ?? 0) === 0) refused ??= event;
        collect(fired);
      }
      return { snapshot, fired: [...fired], refused };
    },
  };
}
