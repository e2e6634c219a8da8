/**
 * Rebuilding a launch from its log, on any host: the plan from `launch.created`, then a fold of
 * every later event (from the latest snapshot when there is one), moving to edited plans at
 * `plan.revised`. Stops early for point-in-time views (`to` a version, `at` a time).
 */
import * as E from 'fp-ts/lib/Either.js';
import type { AnyStateMachine } from 'xstate';
import { compilePlan } from '../compile/config.ts';
import type { LaunchMachineConfig } from '../compile/configTypes.ts';
import { createLaunchMachine } from '../compile/machine.ts';
import type { EventEnvelope } from '../events/envelope.ts';
import type { Plan } from '../plan/model.ts';
import { createFold, machineEventOf, type Fold } from '../replay/fold.ts';
import { migrateSnapshot } from '../replay/revise.ts';
import { EventLogError, type EventStore } from '../store/EventStore.ts';
import type { LaunchError } from './errors.ts';
import { LAUNCH_CREATED, PLAN_REVISED, readPlanRecord, type PlanSource } from './planRecord.ts';
import { openSnapshot } from './snapshotRecord.ts';

/** A launch rebuilt from its log up to `version`. */
export interface LaunchState {
  stream: string;
  plan: Plan;
  source: PlanSource | null;
  /** Version of the event that recorded the current plan (1, or the last `plan.revised`). */
  planVersion: number;
  config: LaunchMachineConfig;
  machine: AnyStateMachine;
  fold: Fold;
  version: number;
  /** `at` of the last applied event. */
  lastAt: string | null;
  /** Ids of the latest events (up to {@link RECENT_IDS}) and their versions, to answer retries. */
  recentIds: RecentIds;
  /** Why the stream's stored snapshot was not used (damaged, or not of this log), if it was not. */
  ignoredSnapshot?: string;
}

/**
 * The last ids seen and their versions. A ring of ids decides which to forget: evicting with
 * `map.keys().next()` instead is quadratic, as a Map's iterator walks past its deleted slots.
 */
export interface RecentIds {
  readonly versions: Map<string, number>;
  readonly ring: string[];
  next: number;
}

export function createRecentIds(): RecentIds {
  return { versions: new Map(), ring: [], next: 0 };
}

/**
 * How many recent event ids a launch remembers. A retry of an older event still writes nothing
 * (the store knows every id), but it is checked against the current state first.
 */
export const RECENT_IDS = 10_000;

function remember(state: LaunchState, envelope: EventEnvelope): void {
  const recent = state.recentIds;
  const evicted = recent.ring[recent.next];
  if (evicted !== undefined && recent.versions.get(evicted) !== undefined) recent.versions.delete(evicted);
  recent.ring[recent.next] = envelope.eventId;
  recent.next = (recent.next + 1) % RECENT_IDS;
  recent.versions.set(envelope.eventId, envelope.version);
}

export interface ReplayOptions {
  /** Stop after this version. */
  to?: number;
  /** Stop before the first event recorded later than this ISO time (record times never go backwards). */
  at?: string;
  /** Start from the stream's latest snapshot when it is usable (default true). */
  useSnapshot?: boolean;
}

interface Compiled {
  config: LaunchMachineConfig;
  machine: AnyStateMachine;
}

const compiledCache = new Map<string, Compiled>();

/** Compiles a plan once per process: replays of the same plan share machine and config. */
export function compiledPlan(plan: Plan): Compiled {
  // The hash is the plan's content; the id (not hashed) names the machine, so both key it.
  const key = `${plan.id}\n${plan.hash}`;
  let compiled = compiledCache.get(key);
  if (!compiled) {
    const config = compilePlan(plan);
    compiled = { config, machine: createLaunchMachine(config) };
    compiledCache.set(key, compiled);
  }
  return compiled;
}

async function planAt(store: EventStore, stream: string, version: number): Promise<E.Either<LaunchError, { plan: Plan; source: PlanSource | null }>> {
  for await (const envelope of store.read(stream, { from: version, to: version })) {
    const record = readPlanRecord(envelope.data);
    if (E.isLeft(record)) return E.left({ _tag: 'NotALaunchLog', stream, message: `version ${version} (${envelope.type}) does not hold a valid plan: ${record.left}` });
    return E.right(record.right);
  }
  return E.left({ _tag: 'NoSuchLaunch', stream });
}

/**
 * Where a replay starts: a state restored from the stored snapshot, with the chain hash the log's
 * next event must name; or the reason a stored snapshot was not used; or nothing (from version 1).
 */
type SnapshotStart = { readonly state: LaunchState; readonly hash: string } | { readonly ignored: string } | null;

/**
 * Starts a replay from the stored snapshot, when there is one within the requested range and it
 * is intact (its digest).
 */
async function fromSnapshot(store: EventStore, stream: string, options: ReplayOptions): Promise<E.Either<LaunchError, SnapshotStart>> {
  if (options.useSnapshot === false || options.at !== undefined) return E.right(null);
  const loaded = await store.loadSnapshot(stream);
  if (E.isLeft(loaded) || !loaded.right) return E.right(null);
  const { version } = loaded.right;
  if (options.to !== undefined && version > options.to) return E.right(null);
  const opened = openSnapshot(version, loaded.right.state);
  if (E.isLeft(opened)) return E.right({ ignored: `the snapshot at version ${version} was not used: ${opened.left}` });
  const { planVersion, persisted, hash, lastAt } = opened.right;
  const planned = await planAt(store, stream, planVersion);
  if (E.isLeft(planned)) return planned;
  const { config, machine } = compiledPlan(planned.right.plan);
  if (persisted.context?.plan?.hash !== planned.right.plan.hash) return E.right({ ignored: `the snapshot at version ${version} runs another plan than version ${planVersion} records` });
  const state: LaunchState = { stream, ...planned.right, planVersion, config, machine, fold: createFold(machine, config, persisted), version, lastAt, recentIds: createRecentIds() };
  return E.right({ state, hash });
}

/** Applies one logged event to a launch state (plan revisions included), updating it in place. */
export function applyEnvelope(state: LaunchState, envelope: EventEnvelope): E.Either<LaunchError, LaunchState> {
  if (envelope.type === PLAN_REVISED) {
    const record = readPlanRecord(envelope.data);
    if (E.isLeft(record)) return E.left({ _tag: 'NotALaunchLog', stream: state.stream, message: `version ${envelope.version} (plan.revised) does not hold a valid plan: ${record.left}` });
    const { config, machine } = compiledPlan(record.right.plan);
    const migrated = migrateSnapshot(state.fold.snapshot(), record.right.plan, config, machine);
    if (E.isLeft(migrated)) {
      return E.left({ _tag: 'PlanMismatch', logPlanHash: state.plan.hash, planHash: record.right.plan.hash, message: `version ${envelope.version} moves to a plan without the active state(s) ${migrated.left.statesMissing.join(', ')}` });
    }
    const fold = createFold(machine, config, migrated.right);
    const { plan: _plan, source: _source, ...event } = machineEventOf(envelope);
    fold.apply(event);
    remember(state, envelope);
    return E.right(Object.assign(state, record.right, { planVersion: envelope.version, config, machine, fold, version: envelope.version, lastAt: envelope.at }));
  }
  if (envelope.planHash !== state.plan.hash) {
    return E.left({ _tag: 'PlanMismatch', logPlanHash: envelope.planHash, planHash: state.plan.hash, message: `version ${envelope.version} was written under plan ${envelope.planHash.slice(0, 12)}, the launch runs plan ${state.plan.hash.slice(0, 12)}` });
  }
  state.fold.apply(machineEventOf(envelope));
  remember(state, envelope);
  // In place: replay applies a million of these, and a copy of the state per event dominated it.
  state.version = envelope.version;
  state.lastAt = envelope.at;
  return E.right(state);
}

/**
 * Replays a launch stream. Corrupt or foreign logs are errors with the version named, never a
 * partial state passed off as the launch.
 */
export async function replayLaunch(store: EventStore, stream: string, options: ReplayOptions = {}): Promise<E.Either<LaunchError, LaunchState>> {
  try {
    const start = await fromSnapshot(store, stream, options);
    if (E.isLeft(start)) return start;
    const restored = start.right !== null && 'state' in start.right ? start.right : null;
    let state: LaunchState | null = restored?.state ?? null;
    let link = restored?.hash;
    for await (const envelope of store.read(stream, { from: (state?.version ?? 0) + 1, ...(options.to !== undefined ? { to: options.to } : {}) })) {
      if (link !== undefined) {
        // The snapshot must be of this log: its version's hash is what the next event chains to.
        if (envelope.prevHash !== link) {
          const replayed = await replayLaunch(store, stream, { ...options, useSnapshot: false });
          if (E.isRight(replayed)) replayed.right.ignoredSnapshot = `the snapshot at version ${envelope.version - 1} does not chain to version ${envelope.version} of the log`;
          return replayed;
        }
        link = undefined;
      }
      if (options.at !== undefined && envelope.at > options.at && Date.parse(envelope.at) > Date.parse(options.at)) break;
      if (state === null) {
        if (envelope.type !== LAUNCH_CREATED) return E.left({ _tag: 'NotALaunchLog', stream, message: `version 1 is a ${envelope.type} event, not launch.created` });
        const record = readPlanRecord(envelope.data);
        if (E.isLeft(record)) return E.left({ _tag: 'NotALaunchLog', stream, message: `version 1 does not hold a valid plan: ${record.left}` });
        const { config, machine } = compiledPlan(record.right.plan);
        state = { stream, ...record.right, planVersion: 1, config, machine, fold: createFold(machine, config), version: 1, lastAt: envelope.at, recentIds: createRecentIds() };
        remember(state, envelope);
        continue;
      }
      const next = applyEnvelope(state, envelope);
      if (E.isLeft(next)) return next;
      state = next.right;
    }
    if (state && start.right !== null && 'ignored' in start.right) state.ignoredSnapshot = start.right.ignored;
    return state ? E.right(state) : E.left({ _tag: 'NoSuchLaunch', stream });
  } catch (error) {
    if (error instanceof EventLogError) return E.left({ _tag: 'NotALaunchLog', stream, message: error.message });
    throw error;
  }
}
