/**
 * A launch whose writes go to the launch's owner: `send` writes here when this host holds the
 * lease (ownership.ts) and is forwarded to the owner otherwise; everything else (status, views,
 * live events) is the local launch's, as on any host. After a forwarded write the local launch
 * catches up, so the answer shows the owner's write. An owner that cannot be reached, or that
 * says it no longer owns the launch, is looked up again once; then the caller gets a
 * `StoreUnavailable` (503 with Retry-After in the service) for the time the lease has left. The
 * event id set here makes the client's retry of that answer land once.
 */
import { randomUUID } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import type { Actor } from '../../events/envelope.ts';
import type { LaunchEvent } from '../../events/vocabulary.ts';
import { isFencedAppend, StoreError, storeUnavailable } from '../../store/storeError.ts';
import type { LaunchError } from '../errors.ts';
import type { Launch, SendOptions, Sent } from '../launchApi.ts';
import type { ForwardedSend } from './forwarding.ts';
import type { Ownership } from './ownership.ts';

/**
 * Send through the owner of the launch. `local` is this host's launch of the stream.
 *
 * @example
 * const sent = await routedSend(ownership, launch, itemChecked({ itemId }), { actor });
 */
export async function routedSend(
  ownership: Ownership,
  local: Launch,
  defaultActor: Actor,
  event: LaunchEvent,
  options: SendOptions = {},
): Promise<E.Either<LaunchError, Sent>> {
  const send: ForwardedSend = {
    stream: local.stream,
    event,
    eventId: options.eventId ?? randomUUID(),
    actor: options.actor ?? defaultActor,
  };
  for (let attempt = 1; ; attempt++) {
    const route = await ownership.route(local.stream);
    const last = attempt >= 2;
    if (route._tag === 'Local') {
      try {
        return await local.send(event, { actor: send.actor, eventId: send.eventId });
      } catch (error) {
        // Taken over while this host was writing: the new owner is found on the next attempt.
        if (!isFencedAppend(error) || last) throw error;
        ownership.forget(local.stream);
        continue;
      }
    }
    let answer;
    try {
      answer = await ownership.forward(route.owner, send);
    } catch (error) {
      ownership.forget(local.stream);
      if (!last) continue;
      throw new StoreError(
        storeUnavailable(
          'cluster',
          'forward',
          `the owner of launch ${local.stream} (${route.owner.id}) does not answer: another host takes the launch over when its lease runs out; send the same event again`,
          Math.max(500, Math.min(route.remainingMs, 10_000)),
        ),
        { cause: error },
      );
    }
    if (answer._tag === 'NotOwner') {
      ownership.forget(local.stream);
      if (!last) continue;
      throw new StoreError(
        storeUnavailable(
          'cluster',
          'forward',
          `launch ${local.stream} is changing owner: send the same event again`,
          500,
        ),
      );
    }
    if (E.isRight(answer.result)) await local.refresh();
    return answer.result;
  }
}

/**
 * The launch seen by a host of a cluster: the local launch, whose `send` goes through the owner.
 * A `Proxy`, so every other member (and the event emitter) is the local launch's own.
 */
export const routedLaunch = (ownership: Ownership, local: Launch, defaultActor: Actor): Launch => {
  const send = (event: LaunchEvent, options?: SendOptions) =>
    routedSend(ownership, local, defaultActor, event, options);
  return new Proxy(local, {
    get(target, property) {
      if (property === 'send') return send;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
};
