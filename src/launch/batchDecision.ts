/**
 * Deciding a batch of sends (group commit, LiveLaunch.send): each is decoded, authorised and
 * checked against the state as the sends before it leave it, on a copy of the state, so the
 * accepted ones can be appended as one write. A send this does not accept (the state refuses it,
 * its id is a retry or repeated) is left undecided: the launch sends it alone afterwards, with the
 * lone send's catch-up and answers. No I/O here.
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { Actor, NewEvent } from '../events/envelope.ts';
import type { LaunchEvent } from '../events/vocabulary.ts';
import { decodeSent } from './decodeInput.ts';
import type { LaunchError, NotAllowed } from './errors.ts';
import type { SendOptions, Sent } from './launchApi.ts';
import type { LaunchState } from './LaunchState.ts';

/** Gate decisions and approvals answer to the gate's approval policy (approvals.ts): always sent alone. */
const SENT_ALONE: ReadonlySet<string> = new Set(['gate.approved', 'gate.decided']);

/** A send of a batch; its event id is set. */
export interface BatchedSend {
  readonly event: LaunchEvent;
  readonly options: SendOptions & { readonly eventId: string };
}

/** What the launch gives the decision. */
export interface BatchContext {
  /** The record time of the batch. */
  readonly recordedAt: string;
  readonly defaultActor: Actor;
  readonly allows: (event: LaunchEvent, actor: Actor) => E.Either<NotAllowed, void>;
}

/** Answers decided now (refusals), by index, and the events to append, with the index of their send. */
export interface BatchDecision {
  readonly answers: (E.Either<LaunchError, Sent> | undefined)[];
  readonly events: { readonly index: number; readonly event: NewEvent }[];
}

/**
 * Decide a batch of sends on a copy of `state`.
 *
 * @example
 * const { answers, events } = decideBatch(state, sends, { recordedAt, defaultActor, allows });
 */
export function decideBatch(
  state: LaunchState,
  batch: readonly BatchedSend[],
  context: BatchContext,
): BatchDecision {
  const answers: (E.Either<LaunchError, Sent> | undefined)[] = batch.map(() => undefined);
  const ahead = state.fork();
  const events: { index: number; event: NewEvent }[] = [];
  const recordedAt = context.recordedAt;
  const ids = new Set<string>();
  for (const [index, { event: input, options }] of batch.entries()) {
    const actor = options.actor ?? context.defaultActor;
    const checked = pipe(
      decodeSent(input),
      E.chainFirstW(({ event }) => context.allows(event, actor)),
    );
    if (E.isLeft(checked)) {
      answers[index] = checked;
      continue;
    }
    const eventId = options.eventId;
    if (ids.has(eventId) || state.recentIds.versions.has(eventId)) continue;
    const { event, data } = checked.right;
    if (SENT_ALONE.has(event.type)) continue;
    const at =
      ahead.lastAt !== null && Date.parse(recordedAt) < Date.parse(ahead.lastAt) ? ahead.lastAt : recordedAt;
    const explanation = ahead.explain({ ...(data as object), type: event.type, at, by: actor.id });
    if (explanation._tag !== 'Accepted') continue;
    const newEvent: NewEvent = {
      eventId,
      type: event.type,
      data,
      at,
      actor,
      planHash: state.plan.hash,
    };
    const applied = ahead.apply({
      ...newEvent,
      stream: state.stream,
      version: ahead.version + 1,
      prevHash: '',
      hash: '',
    });
    if (E.isLeft(applied)) continue;
    ids.add(eventId);
    events.push({ index, event: newEvent });
  }
  return { answers, events };
}
