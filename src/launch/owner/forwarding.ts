/**
 * A write forwarded from a host that does not own a launch to the one that does: the command as
 * the host received it (the event, its id, the authenticated actor), and the owner's answer. A
 * transport carries it: HTTP between `serve` hosts (httpTransport.ts) or NATS request–reply
 * (store/nats/natsTransport.ts). Forwarded writes are never forwarded again: a host that is
 * asked but no longer owns the launch answers `NotOwner`, and the sender looks the owner up anew.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Actor } from '../../events/envelope.ts';
import type { LaunchEvent } from '../../events/vocabulary.ts';
import type { LaunchError } from '../errors.ts';
import type { Sent } from '../launchApi.ts';
import type { Holder } from './lease.ts';

/** A `send` to a launch, as forwarded. The event id is always set, so a retried hop is written once. */
export interface ForwardedSend {
  readonly stream: string;
  readonly event: LaunchEvent;
  readonly eventId: string;
  readonly actor: Actor;
}

/** The owner's answer: the result of its `send`, or that it does not own the launch (any more). */
export type ForwardAnswer =
  | { readonly _tag: 'Sent'; readonly result: E.Either<LaunchError, Sent> }
  | { readonly _tag: 'NotOwner'; readonly stream: string };

/** Answers forwarded sends on the owner's side. */
export type ReceiveForwarded = (send: ForwardedSend) => Promise<ForwardAnswer>;

/** How forwarded writes travel between hosts. */
export interface Transport {
  /** Send to the owner and wait for its answer; throws when the owner cannot be reached. */
  forward(owner: Holder, send: ForwardedSend): Promise<ForwardAnswer>;
  /** Start answering forwarded sends addressed to `holder` (transports whose server is the service itself need not). */
  listen?(holder: Holder, receive: ReceiveForwarded): Promise<void>;
  close(): Promise<void>;
}

/** Whether a decoded JSON value has the shape of a {@link ForwardedSend} (the owner decodes the event again). */
export const isForwardedSend = (u: unknown): u is ForwardedSend => {
  const value = u as Partial<ForwardedSend> | null;
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof value.stream === 'string' &&
    typeof value.eventId === 'string' &&
    typeof value.event === 'object' &&
    value.event !== null &&
    typeof value.actor?.id === 'string' &&
    Array.isArray(value.actor.roles)
  );
};

/** Whether a decoded JSON value has the shape of a {@link ForwardAnswer}. */
export const isForwardAnswer = (u: unknown): u is ForwardAnswer => {
  const value = u as { _tag?: unknown; result?: { _tag?: unknown } } | null;
  return (
    (value?._tag === 'Sent' && (value.result?._tag === 'Left' || value.result?._tag === 'Right')) ||
    value?._tag === 'NotOwner'
  );
};
