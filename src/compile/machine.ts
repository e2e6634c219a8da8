/**
 * From config to machine: `createMachine(config).provide(launchImplementations)`. The same
 * implementations serve a machine built in memory, one loaded from the exported JSON and the
 * generated `machines/<plan>.machine.ts` literal.
 */
import { assign, createMachine, type AnyStateMachine } from 'xstate';
import { ACTIONS } from './actions.ts';
import type { LaunchContext } from './context.ts';
import type { LaunchMachineConfig } from './configTypes.ts';
import { GUARDS } from './guards.ts';

type Params = Record<string, string>;
type Ev = { type: string; [key: string]: unknown };
type Args = { context: LaunchContext; event: Ev };

function buildImplementations() {
  const guards: Record<string, (args: Args, params: Params | undefined) => boolean> = {};
  for (const [name, spec] of Object.entries(GUARDS)) guards[name] = ({ context, event }, params) => spec.test(context, event, params ?? {});
  const actions: Record<string, unknown> = {};
  for (const [name, update] of Object.entries(ACTIONS)) {
    actions[name] = assign(({ context, event }: Args, params: Params | undefined) => update(context, event, params ?? {}));
  }
  return { guards, actions };
}

/** Guard and action implementations for every compiled launch machine. */
export const launchImplementations = buildImplementations();

/**
 * Attaches the launch guards and actions to a machine created from a compiled config (for
 * instance the generated `machines/<plan>.machine.ts`).
 *
 * @example
 * import { machine } from '../machines/mbayar-go-live.machine.ts';
 * const launch = provideLaunchImplementations(machine);
 */
export function provideLaunchImplementations<M extends AnyStateMachine>(machine: M): M {
  return machine.provide(launchImplementations as never) as M;
}

/**
 * Creates the XState machine of a compiled plan.
 *
 * @example
 * const machine = createLaunchMachine(compilePlan(plan));
 * const actor = createActor(machine).start();
 * actor.send(launchStarted({ at: '2025-03-01T08:00:00Z' }));
 */
export function createLaunchMachine(config: LaunchMachineConfig): AnyStateMachine {
  return provideLaunchImplementations(createMachine(config as never) as AnyStateMachine);
}
