/**
 * A launch whose writes go to the launch's owner: `send` and `sendAll` write here when this host
 * holds the lease (ownership.ts) and are forwarded to the owner otherwise, one hop per call;
 * everything else (status, views, live events) is the local launch's, as on any host. After a
 * forwarded write the local launch catches up, so the answer shows the owner's write: with the
 * events the owner sends along with its answer, or from the log when it did not send them all.
 * An owner that cannot be reached, or that says it no longer owns the launch, is looked up again
 * once; then the caller gets a `StoreUnavailable` (503 with Retry-After in the service) for the
 * time the lease has left. The event ids set here make the client's retry of that answer land
 * once.
 */
import { randomUUID } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import type { Actor } from '../../events/envelope.ts';
import type { LaunchEvent } from '../../events/vocabulary.ts';
import { isFencedAppend, StoreError, storeUnavailable } from '../../store/storeError.ts';
import type { LaunchError } from '../errors.ts';
import type { Launch, SendOptions, Sending, Sent } from '../launchApi.ts';
import { sharesTail, type ForwardedSend } from './forwarding.ts';
import type { Ownership } from './ownership.ts';

/**
 * Send events, in order, through the owner of the launch: one write here, or one hop to the
 * owner. `local` is this host's launch of the stream.
 *
 * @example
 * const [sent] = await routedSendAll(ownership, launch, actor, [{ event: itemChecked({ itemId }) }]);
 */
export async function routedSendAll(
  ownership: Ownership,
  local: Launch,
  defaultActor: Actor,
  sending: readonly Sending[],
  options: Pick<SendOptions, 'actor'> = {},
): Promise<E.Either<LaunchError, Sent>[]> {
  const send: ForwardedSend = {
    stream: local.stream,
    sends: sending.map(({ event, eventId }) => ({ event, eventId: eventId ?? randomUUID() })),
    actor: options.actor ?? defaultActor,
    ...(sharesTail(local) ? { since: local.version } : {}),
  };
  for (let attempt = 1; ; attempt++) {
    const route = await ownership.route(local.stream);
    const last = attempt >= 2;
    if (route._tag === 'Local') {
      try {
        return await local.sendAll(send.sends, { actor: send.actor });
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
    // The answer shows the owner's write: with the events it sent along, else from the log.
    if (answer.results.some(E.isRight)) {
      if (answer.events && sharesTail(local)) await local.absorb(answer.events);
      else await local.refresh();
    }
    return [...answer.results];
  }
}

/**
 * The launch seen by a host of a cluster: the local launch, whose `send` goes through the owner.
 * A `Proxy`, so every other member (and the event emitter) is the local launch's own.
 */
export const routedLaunch = (ownership: Ownership, local: Launch, defaultActor: Actor): Launch => {
  const sendAll = (sending: readonly Sending[], options?: Pick<SendOptions, 'actor'>) =>
    routedSendAll(ownership, local, defaultActor, sending, options);
  const send = async (event: LaunchEvent, options: SendOptions = {}) =>
    (
      await sendAll(
        [{ event, ...(options.eventId !== undefined ? { eventId: options.eventId } : {}) }],
        options.actor ? { actor: options.actor } : {},
      )
    )[0]!;
  return new Proxy(local, {
    get(target, property) {
      if (property === 'send') return send;
      if (property === 'sendAll') return sendAll;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
};
