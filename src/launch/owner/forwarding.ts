/**
 * A write forwarded from a host that does not own a launch to the one that does: the command as
 * the host received it (its events in order with their ids, the authenticated actor; an
 * Alertmanager post or a JUnit report is one hop, not one per event), and the owner's answer. A
 * transport carries it: HTTP between `serve` hosts (httpTransport.ts) or NATS request–reply
 * (store/nats/natsTransport.ts). Forwarded writes are never forwarded again: a host that is
 * asked but no longer owns the launch answers `NotOwner`, and the sender looks the owner up anew.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Actor } from '../../events/envelope.ts';
import type { LaunchError } from '../errors.ts';
import type { Launch, Sending, Sent, SharedTail } from '../launchApi.ts';
import type { EventEnvelope } from '../../events/envelope.ts';
import type { Holder } from './lease.ts';

/** One event of a forwarded write. Its id is always set, so a retried hop writes it once. */
export type ForwardedEvent = Readonly<Required<Sending>>;

/** Sends to a launch, as forwarded: one or more events, in order, by one actor. */
export interface ForwardedSend {
  readonly stream: string;
  readonly sends: readonly ForwardedEvent[];
  readonly actor: Actor;
  /** The forwarding host's version of the launch: the owner answers with the events after it. */
  readonly since?: number;
}

/** The owner's answer: the result of each send, in order, or that it does not own the launch (any more). */
export type ForwardAnswer =
  | {
      readonly _tag: 'Sent';
      readonly results: readonly E.Either<LaunchError, Sent>[];
      /** The events after `since` the owner applied, when it still holds them all. */
      readonly events?: readonly EventEnvelope[];
    }
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
    Array.isArray(value.sends) &&
    value.sends.every(
      (one: Partial<ForwardedEvent> | null) =>
        typeof one?.eventId === 'string' && typeof one.event === 'object' && one.event !== null,
    ) &&
    typeof value.actor?.id === 'string' &&
    Array.isArray(value.actor.roles)
  );
};

/** Whether a launch shares its tail (`LiveLaunch` does; a wrapper or a stand-in may not). */
export const sharesTail = (launch: Launch): launch is Launch & SharedTail =>
  typeof (launch as Partial<SharedTail>).absorb === 'function' &&
  typeof (launch as Partial<SharedTail>).eventsSince === 'function';

/** Whether a decoded JSON value has the shape of a {@link ForwardAnswer} to `sent` sends. */
export const isForwardAnswer = (u: unknown, sent: number): u is ForwardAnswer => {
  const value = u as { _tag?: unknown; results?: unknown; events?: unknown } | null;
  return (
    (value?._tag === 'Sent' &&
      (value.events === undefined ||
        (Array.isArray(value.events) &&
          value.events.every((event: { version?: unknown } | null) => typeof event?.version === 'number'))) &&
      Array.isArray(value.results) &&
      value.results.length === sent &&
      value.results.every(
        (result: { _tag?: unknown } | null) => result?._tag === 'Left' || result?._tag === 'Right',
      )) ||
    value?._tag === 'NotOwner'
  );
};
