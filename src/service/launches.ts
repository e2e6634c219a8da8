/**
 * The launches a service holds open: one `Launch` per stream, opened on first use and shared by
 * every request (a `Launch` serialises its own sends, so concurrent posts to one stream are
 * appended one after the other with the right expected version). Before answering with a status
 * the launch is refreshed, so events appended by other hosts show.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Actor } from '../events/envelope.ts';
import { launchStarted } from '../events/factories.ts';
import { createLaunch, openLaunch, type AuthorizationPolicy, type Launch, type LaunchError, type PlanInput } from '../runtime/index.ts';
import type { EventStore } from '../store/EventStore.ts';
import { validateStreamId } from '../store/streamId.ts';

export interface LaunchRegistry {
  /** The open launch of a stream (opening it on first use). */
  get(stream: string): Promise<E.Either<LaunchError, Launch>>;
  /** The launch of a stream, caught up with the log (for status answers). */
  fresh(stream: string): Promise<E.Either<LaunchError, Launch>>;
  /** Records a plan in a new stream and sends `launch.started` when `start` is set. */
  create(stream: string, plan: PlanInput, actor: Actor, start: { goLiveAt?: string } | null): Promise<E.Either<LaunchError, Launch>>;
  list(): Promise<readonly string[]>;
  close(): void;
}

export interface RegistryOptions {
  store: EventStore;
  /** The actor a launch uses when a send names none (never used by the service's own sends). */
  serviceActor: Actor;
  authorization?: AuthorizationPolicy;
  clock?: () => Date;
  snapshotEvery?: number;
}

/**
 * A registry of open launches over one store.
 *
 * @example
 * const launches = createLaunchRegistry({ store, serviceActor: { id: 'launchplan-service', roles: [] } });
 * const launch = await launches.fresh('go-live');
 */
export function createLaunchRegistry(options: RegistryOptions): LaunchRegistry {
  const open = new Map<string, Promise<E.Either<LaunchError, Launch>>>();
  const launchOptions = (stream: string) => ({
    store: options.store,
    stream,
    actor: options.serviceActor,
    ...(options.authorization ? { authorization: options.authorization } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.snapshotEvery ? { snapshotEvery: options.snapshotEvery } : {}),
  });
  const checked = (stream: string): E.Either<LaunchError, string> => {
    const valid = validateStreamId(stream);
    return E.isLeft(valid) ? E.left({ _tag: 'InvalidStream', stream, message: valid.left.message }) : E.right(stream);
  };

  const get = (stream: string): Promise<E.Either<LaunchError, Launch>> => {
    const valid = checked(stream);
    if (E.isLeft(valid)) return Promise.resolve(valid);
    const known = open.get(stream);
    if (known) return known;
    const opening = openLaunch(launchOptions(stream)).then(
      (result) => {
        // A stream with no launch yet may be created later: do not remember the failure.
        if (E.isLeft(result)) open.delete(stream);
        return result;
      },
      (error: unknown) => {
        open.delete(stream);
        throw error;
      },
    );
    open.set(stream, opening);
    return opening;
  };

  return {
    get,
    async fresh(stream) {
      const launch = await get(stream);
      if (E.isLeft(launch)) return launch;
      const refreshed = await launch.right.refresh();
      return E.isLeft(refreshed) ? refreshed : launch;
    },
    async create(stream, plan, actor, start) {
      const valid = checked(stream);
      if (E.isLeft(valid)) return valid;
      const created = await createLaunch({ ...launchOptions(stream), actor, plan });
      if (E.isLeft(created)) return created;
      const launch = created.right;
      open.set(stream, Promise.resolve(E.right(launch)));
      if (start) {
        const sent = await launch.send(launchStarted(start.goLiveAt ? { goLiveAt: start.goLiveAt } : {}), { actor });
        if (E.isLeft(sent)) return sent;
      }
      return E.right(launch);
    },
    list: () => options.store.listStreams(),
    close() {
      for (const pending of open.values()) void pending.then((launch) => E.isRight(launch) && launch.right.removeAllListeners(), () => undefined);
      open.clear();
    },
  };
}
