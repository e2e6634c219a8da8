/**
 * From config to machine: `setup({ types, guards, actions }).createMachine(config)`, typed by
 * the launch's context and its events (`LaunchEvent`, the io-ts codecs' types). The same
 * implementations serve a machine built in memory, one loaded from the exported JSON and the
 * generated `machines/<plan>.machine.ts` literal.
 */
import { assign, setup, type AnyStateMachine } from 'xstate';
import type { LaunchEvent } from '../events/vocabulary.ts';
import {
  ACTIONS,
  createImmutableDraft,
  type ActionName,
  type ActionParams,
  type ActionSpec,
} from './actions.ts';
import type { LaunchContext } from './context.ts';
import type { LaunchMachineConfig } from './configTypes.ts';
import { GUARDS, type GuardName, type GuardParams, type GuardSpec } from './guards.ts';

type Args = { context: LaunchContext; event: LaunchEvent };

/** A record with the same keys, each value mapped. */
function mapRecord<K extends string, A, B>(record: Record<K, A>, map: (value: A) => B): Record<K, B> {
  const out = {} as Record<K, B>;
  for (const key of Object.keys(record) as K[]) out[key] = map(record[key]);
  return out;
}

const guards = mapRecord<GuardName, GuardSpec, (args: Args, params: GuardParams | undefined) => boolean>(
  GUARDS,
  (spec) =>
    ({ context, event }, params) =>
      spec.test(context, event, params ?? {}),
);

const actions = mapRecord<ActionName, ActionSpec, ReturnType<typeof assignWithDraft>>(
  ACTIONS,
  assignWithDraft,
);

/** XState's `assign` around an action written against a draft: it returns the fields the action changed. */
function assignWithDraft(spec: ActionSpec) {
  return assign<LaunchContext, LaunchEvent, ActionParams | undefined, LaunchEvent, never>(
    ({ context, event }, params) => {
      const draft = createImmutableDraft(context);
      spec.run(draft, event, params ?? {});
      return draft.changes();
    },
  );
}

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
export function createLaunchMachine(config: LaunchMachineConfig) {
  return launchSetup.createMachine(config);
}

/**
 * A compiled launch machine: its context and events are typed; its states come from the plan.
 * (Taken from a call with a `LaunchMachineConfig`: `ReturnType` of the generic
 * `launchSetup.createMachine` itself is `any`.)
 */
export type LaunchMachine = ReturnType<typeof createLaunchMachine>;
