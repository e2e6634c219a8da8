/**
 * A launch machine's snapshots, typed from the machine: the live one (`LaunchSnapshot`, XState's
 * `SnapshotFrom` of the launch machine) and the persisted one (`PersistedLaunch`: the JSON that
 * replay folds, stores keep beside the log and `createActor` restores).
 */
import type {
  ContextFrom,
  EventFrom,
  MachineSnapshot,
  MetaObject,
  Snapshot,
  StateSchema,
  StateValue,
} from 'xstate';
import type { LaunchMachine } from './machine.ts';

/**
 * A live snapshot of a launch machine: its context and events as `launchSetup` types them. Its
 * state value is a `StateValue`: on a machine whose config is built at run time XState types it
 * `any`, and `matches` as taking `never`. (It and `SnapshotFrom<LaunchMachine>` are assignable
 * to each other.)
 */
export type LaunchSnapshot = MachineSnapshot<
  ContextFrom<LaunchMachine>,
  EventFrom<LaunchMachine>,
  Record<string, never>,
  StateValue,
  string,
  unknown,
  MetaObject,
  StateSchema
>;

/**
 * What XState persists of a launch machine. Its state value is a `StateValue`: XState types it
 * `any` on a machine whose config is built at run time. A launch spawns no actor: no children.
 */
export type PersistedLaunch = Snapshot<unknown> & {
  value: StateValue;
  context: LaunchSnapshot['context'];
  /** Each history state's id → the states it re-enters (`{ id }` of each). */
  historyValue: Record<string, { id: string }[]>;
  children: Record<string, never>;
};

const isPersistedLaunch = (snapshot: Snapshot<unknown>): snapshot is PersistedLaunch =>
  'value' in snapshot && 'context' in snapshot && 'historyValue' in snapshot;

/**
 * A persisted snapshot of a launch machine (XState returns `Snapshot<unknown>` for any machine),
 * with its history entries in id order. XState records deep history in the order states were
 * entered, which differs between a live actor and one restored from a snapshot; re-entry does not
 * depend on it (states are entered in document order), so sorting makes the snapshot the same
 * however the replay got there.
 *
 * @example
 * const persisted = persistedLaunch(actor.getPersistedSnapshot());
 */
export function persistedLaunch(snapshot: Snapshot<unknown>): PersistedLaunch {
  if (!isPersistedLaunch(snapshot))
    throw new Error(
      'launchplan: not the persisted snapshot of a launch machine (no value, context or history)',
    );
  return normalizeSnapshot(snapshot);
}

/** The same persisted snapshot with its history entries in id order (see `persistedLaunch`). */
export function normalizeSnapshot(persisted: PersistedLaunch): PersistedLaunch {
  const history = persisted.historyValue;
  if (Object.keys(history).length === 0) return persisted;
  const sorted: Record<string, { id: string }[]> = {};
  for (const [key, entries] of Object.entries(history))
    sorted[key] = [...entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { ...persisted, historyValue: sorted };
}
