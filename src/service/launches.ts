/**
 * The launches a service holds open: one `Launch` per stream, opened on first use and shared by
 * every request (a `Launch` serialises its own sends, so concurrent posts to one stream are
 * appended one after the other with the right expected version). At most `maxOpen` are kept
 * (the least recently used is let go). Before answering with a status the launch is refreshed,
 * so events appended by other hosts show; concurrent refreshes of a stream share one read, and
 * a listing accepts a refresh a moment old.
 */
import { withApprovalPolicies, type ApprovalPolicies } from '../plan/approvals.ts';
import * as E from 'fp-ts/lib/Either.js';
import type { Actor } from '../events/envelope.ts';
import { launchStarted } from '../events/factories.ts';
import {
  createLaunch,
  openLaunch,
  type AuthorizationPolicy,
  type Launch,
  type LaunchError,
  type PlanInput,
} from '../launch/index.ts';
import type { Ownership } from '../launch/owner/ownership.ts';
import { routedLaunch } from '../launch/owner/routedLaunch.ts';
import type { EventStore } from '../store/EventStore.ts';
import { validateStreamId } from '../store/streamId.ts';
import { createDamageWatch, type DamageWatch } from './damage.ts';

export interface LaunchRegistry {
  /** The open launch of a stream (opening it on first use); in a cluster, its writes go to the launch's owner. */
  get(stream: string): Promise<E.Either<LaunchError, Launch>>;
  /** This host's own launch of a stream, whose writes are written here (an owner answering forwarded writes). */
  local(stream: string): Promise<E.Either<LaunchError, Launch>>;
  /** The launch of a stream, caught up with the log (for status answers); `maxAgeMs` accepts a refresh that recent. */
  fresh(stream: string, maxAgeMs?: number): Promise<E.Either<LaunchError, Launch>>;
  /** Records a plan in a new stream and sends `launch.started` when `start` is set. */
  create(
    stream: string,
    plan: PlanInput,
    actor: Actor,
    start: { goLiveAt?: string } | null,
  ): Promise<E.Either<LaunchError, Launch>>;
  list(): Promise<readonly string[]>;
  /** Damage known in the launches' logs (each launch opened from a snapshot is verified once). */
  readonly damage: DamageWatch;
  close(): void;
}

export interface RegistryOptions {
  store: EventStore;
  /** The actor a launch uses when a send names none (never used by the service's own sends). */
  serviceActor: Actor;
  authorization?: AuthorizationPolicy;
  clock?: () => Date;
  snapshotEvery?: number;
  /** Launches kept open at most (default 256). */
  maxOpen?: number;
  /** The key snapshots are sealed with; without one launches open from their whole log. */
  snapshotKey?: string | null;
  /** In a cluster of hosts: which host writes which launch (writes of the others are forwarded to it). */
  ownership?: Ownership;
  /** Approval policies given to the gates of new launches' plans that have none of their own. */
  approvals?: ApprovalPolicies;
}

/**
 * A registry of open launches over one store.
 *
 * @example
 * const launches = createLaunchRegistry({ store, serviceActor: { id: 'launchplan-service', roles: [] } });
 * const launch = await launches.fresh('go-live');
 */
export function createLaunchRegistry(options: RegistryOptions): LaunchRegistry {
  const policies = options.approvals;
  /** The plan with the service's approval policies, recorded (and hashed) with it. */
  const governed = (input: PlanInput): PlanInput => {
    if (!policies) return input;
    return 'format' in input
      ? { ...input, plan: withApprovalPolicies(input.plan, policies) }
      : withApprovalPolicies(input, policies);
  };
  const open = new Map<string, Promise<E.Either<LaunchError, Launch>>>();
  const maxOpen = options.maxOpen ?? 256;
  const damage = createDamageWatch(options.store);
  /** When each stream was last caught up, and the catch-up under way. */
  const refreshes = new Map<string, { at: number; pending: Promise<E.Either<LaunchError, number>> | null }>();
  const remember = (stream: string, launch: Promise<E.Either<LaunchError, Launch>>): void => {
    // A Map keeps insertion order: re-inserting on use makes the first entry the least recently used.
    open.delete(stream);
    open.set(stream, launch);
    if (open.size <= maxOpen) return;
    const [oldest, evicted] = open.entries().next().value as [string, Promise<E.Either<LaunchError, Launch>>];
    open.delete(oldest);
    refreshes.delete(oldest);
    void evicted.then(
      (launch) => E.isRight(launch) && launch.right.removeAllListeners(),
      () => undefined,
    );
  };
  const launchOptions = (stream: string) => ({
    store: options.store,
    stream,
    actor: options.serviceActor,
    ...(options.authorization ? { authorization: options.authorization } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.snapshotEvery ? { snapshotEvery: options.snapshotEvery } : {}),
    snapshotKey: options.snapshotKey ?? null,
  });
  const checked = (stream: string): E.Either<LaunchError, string> => {
    const valid = validateStreamId(stream);
    return E.isLeft(valid)
      ? E.left({ _tag: 'InvalidStream', stream, message: valid.left.message })
      : E.right(stream);
  };

  const local = (stream: string): Promise<E.Either<LaunchError, Launch>> => {
    const valid = checked(stream);
    if (E.isLeft(valid)) return Promise.resolve(valid);
    const known = open.get(stream);
    if (known) {
      remember(stream, known);
      return known;
    }
    const opening = openLaunch(launchOptions(stream)).then(
      (result) => {
        // A stream with no launch yet may be created later: do not remember the failure.
        if (E.isLeft(result)) open.delete(stream);
        // Only a keyed snapshot lets a launch open without reading its whole log.
        else if (options.snapshotKey) damage.check(stream);
        return result;
      },
      (error: unknown) => {
        open.delete(stream);
        throw error;
      },
    );
    remember(stream, opening);
    return opening;
  };

  const { ownership } = options;
  const routed = (launch: Launch): Launch =>
    ownership ? routedLaunch(ownership, launch, options.serviceActor) : launch;
  const get = async (stream: string): Promise<E.Either<LaunchError, Launch>> => {
    const launch = await local(stream);
    return E.isLeft(launch) ? launch : E.right(routed(launch.right));
  };

  /** Catches a launch up with the log, unless it was less than `maxAgeMs` ago; one catch-up at a time per stream. */
  const refresh = (
    stream: string,
    launch: Launch,
    maxAgeMs: number,
  ): Promise<E.Either<LaunchError, number>> => {
    const last = refreshes.get(stream);
    if (last?.pending) return last.pending;
    if (last && Date.now() - last.at < maxAgeMs) return Promise.resolve(E.right(0));
    const pending = launch.refresh().finally(() => refreshes.set(stream, { at: Date.now(), pending: null }));
    refreshes.set(stream, { at: last?.at ?? 0, pending });
    return pending;
  };

  return {
    get,
    local,
    async fresh(stream, maxAgeMs = 0) {
      const launch = await get(stream);
      if (E.isLeft(launch)) return launch;
      const refreshed = await refresh(stream, launch.right, maxAgeMs);
      return E.isLeft(refreshed) ? refreshed : launch;
    },
    async create(stream, plan, actor, start) {
      const valid = checked(stream);
      if (E.isLeft(valid)) return valid;
      const created = await createLaunch({ ...launchOptions(stream), actor, plan: governed(plan) });
      if (E.isLeft(created)) return created;
      remember(stream, Promise.resolve(E.right(created.right)));
      const launch = routed(created.right);
      if (start) {
        const sent = await launch.send(launchStarted(start.goLiveAt ? { goLiveAt: start.goLiveAt } : {}), {
          actor,
        });
        if (E.isLeft(sent)) return sent;
      }
      return E.right(launch);
    },
    list: () => options.store.listStreams(),
    damage,
    close() {
      for (const pending of open.values())
        void pending.then(
          (launch) => E.isRight(launch) && launch.right.removeAllListeners(),
          () => undefined,
        );
      open.clear();
      refreshes.clear();
    },
  };
}
