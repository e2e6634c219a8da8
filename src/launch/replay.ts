/**
 * Rebuilding a launch from its log, on any host: the plan from `launch.created`, then a fold of
 * every later event (from the latest snapshot when there is one), moving to edited plans at
 * `plan.revised`. Stops early for point-in-time views (`to` a version, `at` a time).
 */
import * as E from 'fp-ts/lib/Either.js';
import { EventLogError, type EventStore } from '../store/EventStore.ts';
import type { ReplayError } from './errors.ts';
import { LaunchState } from './LaunchState.ts';
import { formatPlanRecordError, LAUNCH_CREATED, readPlanRecord, type PlanRecord } from './planRecord.ts';
import { formatUntrustedSnapshot, openSnapshot } from './snapshotRecord.ts';
import type { LaunchView } from './view.ts';

export interface ReplayOptions {
  /** Stop after this version. */
  to?: number;
  /** Stop before the first event recorded later than this ISO time (record times never go backwards). */
  at?: string;
  /** Start from the stream's latest snapshot when it is usable (default true): sealed with this key. */
  useSnapshot?: boolean;
  /** The key snapshots are sealed with (`LAUNCHPLAN_SNAPSHOT_KEY`); without one no snapshot is used. */
  snapshotKey?: string | null;
}

async function planAt(
  store: EventStore,
  stream: string,
  version: number,
): Promise<E.Either<ReplayError, PlanRecord>> {
  for await (const envelope of store.read(stream, { from: version, to: version })) {
    const record = readPlanRecord(envelope.data);
    if (E.isLeft(record))
      return E.left({
        _tag: 'NotALaunchLog',
        stream,
        message: `version ${version} (${envelope.type}) does not hold a valid plan: ${formatPlanRecordError(record.left)}`,
      });
    return E.right(record.right);
  }
  return E.left({ _tag: 'NoSuchLaunch', stream });
}

/**
 * Where a replay starts: a state restored from the stored snapshot, with the chain hash the log's
 * next event must name; or the reason a stored snapshot was not used; or nothing (from version 1).
 */
type SnapshotStart =
  { readonly state: LaunchState; readonly hash: string } | { readonly ignored: string } | null;

/**
 * Starts a replay from the stored snapshot, when there is one within the requested range and it
 * is intact (its digest).
 */
async function fromSnapshot(
  store: EventStore,
  stream: string,
  options: ReplayOptions,
): Promise<E.Either<ReplayError, SnapshotStart>> {
  if (options.useSnapshot === false || options.at !== undefined) return E.right(null);
  const loaded = await store.loadSnapshot(stream);
  if (E.isLeft(loaded) || !loaded.right) return E.right(null);
  const { version } = loaded.right;
  if (options.to !== undefined && version > options.to) return E.right(null);
  const key = options.snapshotKey ?? null;
  const opened = openSnapshot(version, loaded.right.state, key);
  // Without a key no snapshot is used: that is the rule, not news.
  if (E.isLeft(opened) && key === null && opened.left.reason === 'unkeyed') return E.right(null);
  if (E.isLeft(opened))
    return E.right({
      ignored: `the snapshot at version ${version} was not used: ${formatUntrustedSnapshot(opened.left)}`,
    });
  const { planVersion, persisted, hash, lastAt } = opened.right;
  const planned = await planAt(store, stream, planVersion);
  if (E.isLeft(planned)) return planned;
  if (persisted.context?.plan?.hash !== planned.right.plan.hash)
    return E.right({
      ignored: `the snapshot at version ${version} runs another plan than version ${planVersion} records`,
    });
  return E.right({
    state: new LaunchState(stream, planned.right, { planVersion, version, lastAt, persisted }),
    hash,
  });
}

/**
 * Replays a launch stream into a plain, frozen view of the launch at its last version (or at the
 * version or time asked). Corrupt or foreign logs are errors with the version named, never a
 * partial state passed off as the launch.
 *
 * @example
 * const replayed = await replayLaunch(store, 'go-live');
 * if (E.isRight(replayed)) console.log(replayed.right.checklist().progress);
 */
export async function replayLaunch(
  store: EventStore,
  stream: string,
  options: ReplayOptions = {},
): Promise<E.Either<ReplayError, LaunchView>> {
  const state = await replayState(store, stream, options);
  return E.isRight(state) ? E.right(state.right.view()) : state;
}

/** The private state of a replayed launch, for the live launch to go on from. */
export async function replayState(
  store: EventStore,
  stream: string,
  options: ReplayOptions = {},
): Promise<E.Either<ReplayError, LaunchState>> {
  try {
    const start = await fromSnapshot(store, stream, options);
    if (E.isLeft(start)) return start;
    const restored = start.right !== null && 'state' in start.right ? start.right : null;
    let state: LaunchState | null = restored?.state ?? null;
    let link = restored?.hash;
    for await (const envelope of store.read(stream, {
      from: (state?.version ?? 0) + 1,
      ...(options.to !== undefined ? { to: options.to } : {}),
    })) {
      if (link !== undefined) {
        // The snapshot must be of this log: its version's hash is what the next event chains to.
        if (envelope.prevHash !== link) {
          const replayed = await replayState(store, stream, { ...options, useSnapshot: false });
          if (E.isRight(replayed))
            replayed.right.ignoredSnapshot = `the snapshot at version ${envelope.version - 1} does not chain to version ${envelope.version} of the log`;
          return replayed;
        }
        link = undefined;
      }
      if (
        options.at !== undefined &&
        envelope.at > options.at &&
        Date.parse(envelope.at) > Date.parse(options.at)
      )
        break;
      if (state === null) {
        if (envelope.type !== LAUNCH_CREATED)
          return E.left({
            _tag: 'NotALaunchLog',
            stream,
            message: `version 1 is a ${envelope.type} event, not launch.created`,
          });
        const record = readPlanRecord(envelope.data);
        if (E.isLeft(record))
          return E.left({
            _tag: 'NotALaunchLog',
            stream,
            message: `version 1 does not hold a valid plan: ${formatPlanRecordError(record.left)}`,
          });
        state = new LaunchState(stream, record.right, { planVersion: 1, version: 1, lastAt: envelope.at });
        state.advance(envelope);
        continue;
      }
      const next = state.apply(envelope);
      if (E.isLeft(next)) return next;
    }
    if (state && start.right !== null && 'ignored' in start.right)
      state.ignoredSnapshot = start.right.ignored;
    return state ? E.right(state) : E.left({ _tag: 'NoSuchLaunch', stream });
  } catch (error) {
    if (error instanceof EventLogError)
      return E.left({ _tag: 'NotALaunchLog', stream, message: error.message });
    throw error;
  }
}
