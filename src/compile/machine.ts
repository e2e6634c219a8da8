/**
 * From config to machine: `setup({ types, guards, actions }).createMachine(config)`, typed by
 * the launch's context and its events (`LaunchEvent`, the io-ts codecs' types). The same
 * implementations serve a machine built in memory, one loaded from the exported JSON and the
 * generated `machines/<plan>.machine.ts` literal.
 */
import { assign, setup, type ActionFunction, type AnyStateMachine } from 'xstate';
import type { LaunchEvent } from '../events/vocabulary.ts';
import {
  ACTIONS,
  createImmutableDraft,
  type ActionName,
  type ActionParamsByName,
  type ActionSpec,
} from './actions.ts';
import type { LaunchContext } from './context.ts';
import type { LaunchMachineConfig } from './configTypes.ts';
import { GUARDS, type GuardName, type GuardParamsByName, type GuardSpec } from './guards.ts';

type Args = { context: LaunchContext; event: LaunchEvent };

/** A record of one entry per name, each made by `make` and typed per name. */
function byName<K extends string, F extends Record<K, unknown>>(
  names: readonly K[],
  make: (name: K) => F[K],
): F {
  const out: Partial<F> = {};
  for (const name of names) out[name] = make(name);
  return out as F;
}

/** The guards XState is given: each takes the params the config gives it, typed per guard. */
type Guards = { [K in GuardName]: (args: Args, params: GuardParamsByName[K]) => boolean };

/** The actions XState is given: XState's `assign` around each action, params typed per action. */
type Actions = {
  [K in ActionName]: ActionFunction<
    LaunchContext,
    LaunchEvent,
    LaunchEvent,
    ActionParamsByName[K],
    never,
    never,
    never,
    never,
    never
  >;
};

/** XState's guard for a guard spec: its test, given the event and the params the config gives it. */
const guardOf = <K extends GuardName>(type: K) => {
  const spec: GuardSpec<GuardParamsByName[K]> = GUARDS[type];
  return ({ context, event }: Args, params: GuardParamsByName[K]): boolean =>
    spec.test(context, event, params);
};

/** XState's `assign` around an action written against a draft: it returns the fields the action changed. */
const actionOf = <K extends ActionName>(type: K) => {
  const spec: ActionSpec<ActionParamsByName[K]> = ACTIONS[type];
  return assign<LaunchContext, LaunchEvent, ActionParamsByName[K], LaunchEvent, never>(
    ({ context, event }, params) => {
      const draft = createImmutableDraft(context);
      spec.run(draft, event, params);
      return draft.changes();
    },
  );
};

const guards = byName<GuardName, Guards>(Object.keys(GUARDS) as GuardName[], guardOf);
const actions = byName<ActionName, Actions>(Object.keys(ACTIONS) as ActionName[], actionOf);

/** The typed setup every launch machine is created from. */
export const launchSetup = setup({
  types: { context: {} as LaunchContext, events: {} as LaunchEvent },
  guards,
  actions,
});

/**
 * Attaches the launch guards and actions to a machine created from a compiled config elsewhere
 * (for instance the generated `machines/<plan>.machine.ts`, which calls `createMachine`).
 *
 * @example
 * import { machine } from '../machines/mbayar-go-live.machine.ts';
 * const launch = provideLaunchImplementations(machine);
 */
export function provideLaunchImplementations(machine: AnyStateMachine): LaunchMachine {
  return machine.provide({ guards, actions }) as LaunchMachine;
}

/**
 * Creates the XState machine of a compiled plan.
 *
 * @example
 * const machine = createLaunchMachine(compilePlan(plan).config);
 * const actor = createActor(machine).start();
 * actor.send(launchStarted({ at: '2025-03-01T08:00:00Z' }));
 */
export function createLaunchMachine(config: LaunchMachineConfig): LaunchMachine {
  return launchSetup.createMachine(config);
}

/**
 * A compiled launch machine: its context and events are typed; its states come from the plan.
 * (Named as an instantiation of the generic `launchSetup.createMachine`, so the declarations keep
 * this expression and a consumer's compiler works the type out under its own options: written
 * out by ours, its state schema held `states?: {} | undefined`, which does not compile under
 * `exactOptionalPropertyTypes`.)
 */
export type LaunchMachine = ReturnType<typeof launchSetup.createMachine<LaunchMachineConfig>>;
