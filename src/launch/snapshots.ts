/**
 * Taking a launch's snapshots: every `every` events, sealed (see `snapshotRecord.ts`) and
 * stored beside the log. A snapshot is an optimisation taken after an event is appended, so it
 * can never turn a written event into a failure: when storing it fails, the host is told
 * (`onError`) and the next event tries again.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { LaunchState } from './LaunchState.ts';
import { sealSnapshot } from './snapshotRecord.ts';
import type { EventStore } from '../store/EventStore.ts';

export interface SnapshotKeeper {
  /** Stores a snapshot when `every` events have passed since the last stored one; never throws. */
  maybeSave(state: LaunchState): Promise<void>;
  /** Stores a snapshot now; throws when the store fails (the caller asked for it). */
  save(state: LaunchState): Promise<void>;
}

export function createSnapshotKeeper(
  store: EventStore,
  every: number,
  lastSaved: number,
  key: string | null,
  onError: (error: unknown) => void = () => undefined,
): SnapshotKeeper {
  let last = lastSaved;
  const save = async (state: LaunchState): Promise<void> => {
    const { stream, version, planVersion, lastAt } = state;
    // The hash of the launch's last event: appends answer with versions, the log holds the hashes.
    let hash: string | undefined;
    for await (const envelope of store.read(stream, { from: version, to: version })) hash = envelope.hash;
    if (hash === undefined) return;
    const saved = await store.saveSnapshot(stream, {
      version,
      state: sealSnapshot(version, { planVersion, persisted: state.snapshot(), hash, lastAt }, key),
    });
    if (E.isLeft(saved))
      throw new Error(`snapshot of ${stream} at version ${version}: ${saved.left.message}`);
    last = version;
  };
  return {
    save,
    async maybeSave(state) {
      if (state.version - last < every) return;
      try {
        await save(state);
      } catch (error) {
        onError(error);
      }
    },
  };
}
