/**
 * The append path of the NATS store: a batch of appends (group commit) goes out as one message
 * carrying the subject sequence this instance last resolved; on a cluster the ack is then
 * confirmed against the one rule every reader applies (chainResolver.ts), so a fork the server
 * accepted is never reported appended: a lost message is appended again at the new tail, under a
 * new message id. Publishes that time out are retried with the same message id. Lost races back
 * off per stream (contention.ts), watching the subject's publishes to wait for a quiet moment.
 */
import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import * as E from 'fp-ts/lib/Either.js';
import type { HeldLease } from '../../launch/owner/lease.ts';
import { sha256Hex, type SealedEvent } from '../../events/envelope.ts';
import type { WriteBatch } from '../appendBatcher.ts';
import { createContention, type ContentionOptions } from '../contention.ts';
import { EventLogError, type AppendError, type AppendResult } from '../EventStore.ts';
import { encodeEventLine } from '../lines/lineCodec.ts';
import {
  answersWithoutWriting,
  lostRaces,
  planBatch,
  writingAppends,
  type BatchAppend,
} from '../planAppend.ts';
import { FENCED_APPEND, retryWhileUnavailable, StoreError, storeUnavailable } from '../storeError.ts';
import type { NatsLayout } from './natsLayout.ts';
import { transientNatsError, type NatsSessions } from './natsSession.ts';
import { acceptInView, isAccepted, type StreamView } from './streamView.ts';
import type { SubjectReader } from './subjectMessages.ts';

/**
 * The outcome of a publish: stored at `seq` (`ours` unless the server says it holds a copy from
 * before this call; `exact` when the server is not clustered, so its check of the expected
 * sequence is atomic and the ack can be trusted; `fresh` when this is the first copy and no
 * earlier try of it timed out), or refused because the subject moved on (`uncertain` when an
 * earlier try of this publish timed out and may be what moved it).
 */
type Published =
  | {
      readonly _tag: 'Stored';
      readonly seq: number;
      readonly ours: boolean;
      readonly exact: boolean;
      readonly fresh: boolean;
    }
  | { readonly _tag: 'WrongLastSequence'; readonly uncertain: boolean };

/** What the append path shares with the rest of the store. */
export interface NatsAppendContext {
  readonly sessions: NatsSessions;
  readonly reader: SubjectReader;
  readonly layout: NatsLayout;
  /** The views of this instance, per launch stream (streamView.ts). */
  readonly views: ReadonlyMap<string, StreamView>;
  /** Brings the view of a stream up to what the stream leader holds. */
  readonly refresh: (stream: string) => Promise<StreamView>;
  readonly unavailableAfterMs: number;
  readonly maxRaceRetries: number;
  readonly backoff: ContentionOptions | undefined;
  /** This host's lease on a stream, while it holds one (NatsEventStoreOptions.lease). */
  readonly lease: ((stream: string) => HeldLease | undefined) | undefined;
}

/** Writes batches of appends; `close` drops the subscriptions it keeps. */
export interface NatsAppender {
  readonly write: WriteBatch;
  close(): void;
}

/**
 * Create the append path of one store instance.
 *
 * @example
 * const batcher = createAppendBatcher(createNatsAppender(context).write);
 */
export const createNatsAppender = (context: NatsAppendContext): NatsAppender => {
  const { sessions, reader, layout, views, refresh, unavailableAfterMs, maxRaceRetries } = context;
  const contention = createContention(context.backoff);
  /**
   * Publishes seen on the subjects of contended streams (a plain subscription: no request per
   * look), which is how an append waiting for its turn knows whether the stream is quiet.
   */
  const activity = new Map<
    string,
    { seen: number; readonly subscription: Promise<{ unsubscribe(): void } | undefined> }
  >();
  const publishesSeen = async (stream: string): Promise<number> => {
    let watched = activity.get(stream);
    if (!watched) {
      const entry = {
        seen: 0,
        subscription: sessions.session('append').then(
          ({ nc }) => nc.subscribe(layout.eventSubject(stream), { callback: () => void (entry.seen += 1) }),
          () => undefined,
        ),
      };
      activity.set(stream, (watched = entry));
    }
    await watched.subscription;
    return watched.seen;
  };

  /** The last message of each stream this host appended, and the token of the lease it held then. */
  const ownTails = new Map<string, { readonly seq: number; readonly token: number | undefined }>();
  const noteOwnTail = (stream: string, seq: number): void =>
    void ownTails.set(stream, { seq, token: context.lease?.(stream)?.token });

  /**
   * Whether a publish onto `tailSeq`, acknowledged now, can only be this host's: the lease still
   * excludes every other host of the cluster, and the tail is this host's own append under the same
   * lease (a host that held the lease before may have a publish still on its way, which names the
   * tail it read; this host's first append under a lease is confirmed). This host has one message
   * of a stream in flight at a time, so no second publish met the same expectation, and the stream
   * leader had applied the tail before it acknowledged it: its check was exact.
   */
  const soleWriter = (stream: string, tailSeq: number): boolean => {
    const lease = context.lease?.(stream);
    const own = ownTails.get(stream);
    return (
      lease !== undefined &&
      Date.now() < lease.validUntil &&
      own !== undefined &&
      own.seq === tailSeq &&
      own.token === lease.token
    );
  };

  /**
   * A host whose lease on the stream ran out by its own clock publishes nothing more to it (after
   * the tail is planned, so the publish names a tail read while the lease was live): the next
   * owner skips confirmations onto its own tail, which only this host's late publish could name.
   */
  const fenceExpiredLease = (stream: string): void => {
    const lease = context.lease?.(stream);
    if (lease !== undefined && Date.now() >= lease.validUntil)
      throw new StoreError(
        storeUnavailable(
          'nats',
          FENCED_APPEND,
          `this host's lease on launch ${stream} (token ${lease.token}) ran out: nothing was written; send again`,
          500,
        ),
      );
  };

  /** A store outage after a publish that may have been stored: say how to recover. */
  const outcomeUnknown = (error: unknown): unknown =>
    error instanceof StoreError
      ? new StoreError(
          storeUnavailable(
            'nats',
            'append',
            `${error.message}; the append may have been written: append the same event ids again (a retry is written once)`,
          ),
          { cause: error },
        )
      : error;

  /** Publish with the same message id while the servers cannot answer. */
  const publish = async (
    subject: string,
    payload: Uint8Array,
    msgID: string,
    lastSubjectSequence: number,
  ): Promise<Published> => {
    let uncertain = false;
    try {
      const ack = await sessions.retrying('append', async ({ js, clustered }) => {
        try {
          return {
            clustered,
            ...(await js.publish(subject, payload, { msgID, expect: { lastSubjectSequence } })),
          };
        } catch (error) {
          // A publish that timed out may have been stored: a later copy is then ours.
          if (transientNatsError(error) !== undefined) uncertain = true;
          throw error;
        }
      });
      return {
        _tag: 'Stored',
        seq: ack.seq,
        ours: !ack.duplicate || uncertain,
        exact: !ack.clustered && !ack.duplicate,
        fresh: !ack.duplicate && !uncertain,
      };
    } catch (error) {
      if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamWrongLastSequence)
        return { _tag: 'WrongLastSequence', uncertain };
      throw uncertain ? outcomeUnknown(error) : error;
    }
  };

  /**
   * Whether message `seq`, published at `tail`, is accepted in the log. On a cluster the usual
   * answer is one get: the subject's first message after `tail` is ours; a single server's ack
   * says so itself (`exact`). Otherwise the log is read up to ours.
   */
  const settle = async (
    stream: string,
    view: StreamView,
    tail: StreamView['position'],
    sealed: readonly SealedEvent[],
    seq: number,
    exact: boolean,
  ): Promise<boolean> => {
    const subject = layout.eventSubject(stream);
    if (view.position.seq === tail.seq) {
      const next = exact ? { seq } : await reader.nextAfter(subject, tail.seq);
      if (next?.seq === seq && view.position.seq === tail.seq) {
        acceptInView(view, seq, tail.hash, sealed);
        return true;
      }
    }
    await retryWhileUnavailable(
      async () => {
        await refresh(stream);
        if (view.position.seq < seq) throw new Error(`the stream leader does not hold message ${seq} yet`);
      },
      {
        store: 'nats',
        operation: 'append',
        budgetMs: unavailableAfterMs,
        transient: (error) =>
          error instanceof Error && !(error instanceof EventLogError) ? error.message : undefined,
      },
    );
    return isAccepted(view, seq);
  };

  /** Write a batch of appends to one stream as one message (group commit), confirmed. */
  const appendBatch = async (
    stream: string,
    batch: readonly BatchAppend[],
  ): Promise<readonly E.Either<AppendError, AppendResult>[]> => {
    const view = views.get(stream) ?? (await refresh(stream));
    const subject = layout.eventSubject(stream);
    const ids = batch.flatMap((append) => append.events.map((prepared) => prepared.event.eventId));
    // Appends of this batch that a publish which timed out may have written: found stored, they are its own.
    const maybeOurs = new Set<number>();
    let lost = 0;
    let fresh = false;
    for (let race = 1; ;) {
      // After a pause the view is older than the tail others have written meanwhile: read first.
      if (await contention.waitTurn(stream, () => publishesSeen(stream))) {
        await refresh(stream);
        fresh = true;
      }
      const plan = planBatch(stream, view.position, batch, (id) => view.ids.get(id));
      if (plan.conflicted && !fresh) {
        await refresh(stream);
        fresh = true;
        continue;
      }
      const sealed = plan.writes.flat();
      if (sealed.length === 0) return answersWithoutWriting(plan, batch, maybeOurs);
      const tail = view.position;
      fenceExpiredLease(stream);
      // After a lost race the same ids go out as a new message: the old id is taken by the loser.
      const msgID = sha256Hex([stream, ...ids, ...(lost > 0 ? [`after ${lost}`] : [])].join('\n'));
      const ack = await publish(
        subject,
        Buffer.from(sealed.map(encodeEventLine).join(''), 'utf8'),
        msgID,
        tail.seq,
      );
      if (ack._tag === 'Stored') {
        const sole = ack.fresh && soleWriter(stream, tail.seq);
        let accepted: boolean;
        try {
          accepted = await settle(stream, view, tail, sealed, ack.seq, ack.exact || sole);
        } catch (error) {
          throw outcomeUnknown(error);
        }
        if (accepted && ack.ours) {
          noteOwnTail(stream, ack.seq);
          contention.won(stream);
          return plan.results;
        }
        // Accepted but written by someone else (the same ids): the next plan says so.
        if (accepted) continue;
        lost = ack.seq;
      } else if (ack.uncertain) for (const index of writingAppends(plan)) maybeOurs.add(index);
      fresh = true;
      contention.lost(stream);
      if (race >= maxRaceRetries) return lostRaces(stream, batch, view.position.version);
      race += 1;
    }
  };

  return {
    write: appendBatch,
    close() {
      // Not waited for: a subscription still being set up dies with its connection.
      for (const { subscription } of activity.values()) void subscription.then((open) => open?.unsubscribe());
      activity.clear();
    },
  };
};
