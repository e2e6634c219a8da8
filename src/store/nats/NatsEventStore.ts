/**
 * The NATS JetStream store. One subject per launch stream (`<prefix>.events.<stream>`), one message
 * per append holding its events as log lines (src/store/lines: the hash covers the stored bytes,
 * and a multi-event append is atomic), in a stream replicated over the cluster.
 *
 * Forks are never acknowledged. Every publish carries the subject sequence this instance last
 * resolved (`Nats-Expected-Last-Subject-Sequence`), but a clustered server can accept two
 * publishes with the same expectation (nats-io/nats-server#4320), so the header is not trusted
 * alone: after the ack, one get from the stream leader confirms that no other message of the
 * subject sits between the expected sequence and ours; otherwise the log is read up to ours and
 * decided by the rule every reader applies (the first message at a version wins, later ones are
 * skipped and reported: chainResolver.ts). Only a message that rule accepts is reported appended;
 * a lost one is appended again at the new tail, under a new message id. A single server (not
 * clustered) checks the expectation atomically, so its ack is taken as is. docs/event-log.md,
 * "Running on a cluster", says why this design.
 *
 * Publishes that time out are retried with the same message id (the server suppresses the copy
 * within its duplicate window; beyond it, the event ids this instance has resolved decide).
 */
import type { NatsConnection } from '@nats-io/transport-node';
import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import * as E from 'fp-ts/lib/Either.js';
import { sha256Hex, type EventEnvelope, type NewEvent, type SealedEvent } from '../../events/envelope.ts';
import { EventLogError, type AppendError, type AppendOptions, type AppendResult, type EventStore, type ReadOptions, type Snapshot, type SubscribeOptions } from '../EventStore.ts';
import { createContention, type ContentionOptions } from '../contention.ts';
import { versionConflict } from '../expectedVersion.ts';
import { encodeEventLine } from '../lines/lineCodec.ts';
import { createChangeNotifier, liveTail } from '../liveTail.ts';
import { planBatch, validateAppend, type BatchAppend } from '../planAppend.ts';
import { retryWhileUnavailable, StoreError, storeUnavailable, streamIdOrThrow } from '../storeError.ts';
import { createAppendBatcher } from '../appendBatcher.ts';
import { withValidStream, type InvalidStreamId } from '../streamId.ts';
import { chainBroken, type SkippedAppend, type VerifyResult } from '../verifyChain.ts';
import { natsLayout } from './natsLayout.ts';
import { createNatsSessions, transientNatsError } from './natsSession.ts';
import { parseNatsUrl } from './natsUrl.ts';
import { emitProcessWarning, type NatsStoreWarning } from './natsWarnings.ts';
import { feedView, resolveSubject } from './resolvedLog.ts';
import { acceptInView, createStreamView, isAccepted, readStart, type StreamView } from './streamView.ts';
import { createSubjectReader } from './subjectMessages.ts';

/** Options of {@link createNatsEventStore}. */
export interface NatsEventStoreOptions {
  /**
   * Server URL(s), or a store URL `nats://h1,h2,h3?replicas=3&upgradeReplicas=true&prefix=x`
   * whose query sets the options below (options given here win). Or give `connection`.
   */
  readonly servers?: string | string[];
  /** A connection to use (not closed by `close()`). */
  readonly connection?: NatsConnection;
  /** Prefix of subjects and JetStream stream names. Default `launchplan`. */
  readonly prefix?: string;
  /** Replicas of the JetStream streams when they are created. Default: min(3, size of the cluster). */
  readonly replicas?: number;
  /** Raise the replicas of existing streams that have fewer (else they are reported). Default false. */
  readonly upgradeReplicas?: boolean;
  /** Duplicate window of the events stream, in ms. Default 2 minutes. */
  readonly duplicateWindowMs?: number;
  /** Races lost in a row before an append with expected version `any` gives up with a VersionConflict. Default 50. */
  readonly maxRaceRetries?: number;
  /** The backoff window after lost races (contention.ts). Default 1 to 50 ms. */
  readonly backoff?: ContentionOptions;
  /** How long an operation retries while the servers cannot answer, before a StoreUnavailable. Default 10 s. */
  readonly unavailableAfterMs?: number;
  /** Timeout of one request to the servers. Default 2 s. */
  readonly requestTimeoutMs?: number;
  /** Subscriptions also look for new messages this often, in case a notification was lost. Default 1 s. */
  readonly pollIntervalMs?: number;
  /** Where warnings go (a server with a known defect, too few replicas, a skipped fork). Default: process warnings. */
  readonly onWarning?: (warning: NatsStoreWarning) => void;
}

/**
 * The outcome of a publish: stored at `seq` (`ours` unless the server says it holds a copy from
 * before this call; `exact` when the server is not clustered, so its check of the expected
 * sequence is atomic and the ack can be trusted), or refused because the subject moved on
 * (`uncertain` when an earlier try of this publish timed out and may be what moved it).
 */
type Published =
  | { readonly _tag: 'Stored'; readonly seq: number; readonly ours: boolean; readonly exact: boolean }
  | { readonly _tag: 'WrongLastSequence'; readonly uncertain: boolean };

/**
 * Create a NATS JetStream event store; the JetStream streams are created on first use.
 *
 * @example
 * const store = createNatsEventStore({ servers: 'nats://10.0.0.1,10.0.0.2,10.0.0.3?replicas=3' });
 */
export const createNatsEventStore = (options: NatsEventStoreOptions): EventStore => {
  const fromUrl = parseNatsUrl(options.servers ?? 'nats://127.0.0.1:4222');
  const layout = natsLayout(options.prefix ?? fromUrl.prefix ?? 'launchplan');
  const maxRaceRetries = options.maxRaceRetries ?? 50;
  const requestTimeoutMs = options.requestTimeoutMs ?? 2000;
  const unavailableAfterMs = options.unavailableAfterMs ?? 10_000;
  const warn = options.onWarning ?? emitProcessWarning;
  const sessions = createNatsSessions({
    servers: fromUrl.servers,
    connection: options.connection,
    layout,
    replicas: options.replicas ?? fromUrl.replicas,
    upgradeReplicas: options.upgradeReplicas ?? fromUrl.upgradeReplicas ?? false,
    duplicateWindowMs: options.duplicateWindowMs ?? 120_000,
    unavailableAfterMs,
    requestTimeoutMs,
    warn,
  });
  const reader = createSubjectReader(sessions, layout.eventsStream, requestTimeoutMs);
  const views = new Map<string, StreamView>();
  const reported = new Set<string>();
  const contention = createContention(options.backoff);
  const aborts = new Set<AbortController>();
  const location = (seq: number): string => `message ${seq} of ${layout.eventsStream}`;
  /**
   * Publishes seen on the subjects of contended streams (a plain subscription: no request per
   * look), which is how an append waiting for its turn knows whether the stream is quiet.
   */
  const activity = new Map<string, { seen: number; readonly subscription: Promise<{ unsubscribe(): void } | undefined> }>();
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

  const viewOf = (stream: string): StreamView => {
    let view = views.get(stream);
    if (!view) views.set(stream, (view = createStreamView()));
    return view;
  };

  const report = (stream: string) => (skipped: SkippedAppend): void => {
    const key = `${stream}\n${skipped.location}`;
    if (reported.has(key)) return;
    reported.add(key);
    warn({ _tag: 'SkippedAppend', stream, skipped, message: skipped.message });
  };

  /** The log of a stream from version `from` to `to`, bringing the view up to date on the way. */
  async function* readLog(stream: string, from: number, to: number): AsyncGenerator<EventEnvelope> {
    const view = viewOf(stream);
    const subject = layout.eventSubject(stream);
    const lastSeq = await reader.lastSeq(subject);
    for await (const resolved of resolveSubject(reader, stream, subject, readStart(view, from), new Set(view.losers), lastSeq, location)) {
      if ('broken' in resolved) throw new EventLogError({ _tag: 'CorruptRecord', stream, version: resolved.broken.version, message: resolved.broken.message });
      feedView(view, resolved, report(stream));
      if (resolved.verdict._tag !== 'Accepted') continue;
      for (const event of resolved.verdict.events) {
        if (event.version > to) return;
        if (event.version >= from) yield event;
      }
    }
  }

  /** Bring the view of a stream up to what the leader holds now. */
  const refresh = async (stream: string): Promise<StreamView> => {
    const view = viewOf(stream);
    for await (const _ of readLog(stream, view.position.version + 1, Number.MAX_SAFE_INTEGER));
    return view;
  };

  /** A store outage after a publish that may have been stored: say how to recover. */
  const outcomeUnknown = (error: unknown): unknown =>
    error instanceof StoreError
      ? new StoreError(storeUnavailable('nats', 'append', `${error.message}; the append may have been written: append the same event ids again (a retry is written once)`), { cause: error })
      : error;

  /** Publish with the same message id while the servers cannot answer. */
  const publish = async (subject: string, payload: Uint8Array, msgID: string, lastSubjectSequence: number): Promise<Published> => {
    let uncertain = false;
    try {
      const ack = await sessions.retrying('append', async ({ js, clustered }) => {
        try {
          return { clustered, ...(await js.publish(subject, payload, { msgID, expect: { lastSubjectSequence } })) };
        } catch (error) {
          // A publish that timed out may have been stored: a later copy is then ours.
          if (transientNatsError(error) !== undefined) uncertain = true;
          throw error;
        }
      });
      return { _tag: 'Stored', seq: ack.seq, ours: !ack.duplicate || uncertain, exact: !ack.clustered && !ack.duplicate };
    } catch (error) {
      if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamWrongLastSequence) return { _tag: 'WrongLastSequence', uncertain };
      throw uncertain ? outcomeUnknown(error) : error;
    }
  };

  /**
   * Whether message `seq`, published at `tail`, is accepted in the log. On a cluster the usual
   * answer is one get: the subject's first message after `tail` is ours; a single server's ack
   * says so itself (`exact`). Otherwise the log is read up to ours.
   */
  const settle = async (stream: string, view: StreamView, tail: StreamView['position'], sealed: readonly SealedEvent[], seq: number, exact: boolean): Promise<boolean> => {
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
      { store: 'nats', operation: 'append', budgetMs: unavailableAfterMs, transient: (error) => (error instanceof Error && !(error instanceof EventLogError) ? error.message : undefined) },
    );
    return isAccepted(view, seq);
  };

  /** Write a batch of appends to one stream as one message (group commit), confirmed. */
  const appendBatch = async (stream: string, batch: readonly BatchAppend[]): Promise<readonly E.Either<AppendError, AppendResult>[]> => {
    const view = views.get(stream) ?? (await refresh(stream));
    const subject = layout.eventSubject(stream);
    const ids = batch.flatMap((append) => append.events.map((prepared) => prepared.event.eventId));
    // Appends of this batch that a publish which timed out may have written: found stored, they are its own.
    const maybeOurs = new Set<number>();
    let lost = 0;
    let fresh = false;
    for (let race = 1; ; ) {
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
      if (sealed.length === 0) return plan.results.map((result, index) => (maybeOurs.has(index) && E.isRight(result) ? E.right({ ...result.right, appended: batch[index]!.events.length }) : result));
      const tail = view.position;
      // After a lost race the same ids go out as a new message: the old id is taken by the loser.
      const msgID = sha256Hex([stream, ...ids, ...(lost > 0 ? [`after ${lost}`] : [])].join('\n'));
      const ack = await publish(subject, Buffer.from(sealed.map(encodeEventLine).join(''), 'utf8'), msgID, tail.seq);
      if (ack._tag === 'Stored') {
        const accepted = await settle(stream, view, tail, sealed, ack.seq, ack.exact).catch((error: unknown) => Promise.reject(outcomeUnknown(error)));
        if (accepted && ack.ours) {
          contention.won(stream);
          return plan.results;
        }
        // Accepted but written by someone else (the same ids): the next plan says so.
        if (accepted) continue;
        lost = ack.seq;
      } else if (ack.uncertain) plan.writes.forEach((written, index) => written.length > 0 && maybeOurs.add(index));
      fresh = true;
      contention.lost(stream);
      if (race >= maxRaceRetries) return batch.map((append) => E.left(versionConflict(stream, append.expectedVersion, view.position.version)));
      race += 1;
    }
  };
  const batcher = createAppendBatcher(appendBatch);

  const append = (stream: string, events: readonly NewEvent[], appendOptions: AppendOptions = {}): Promise<E.Either<AppendError, AppendResult>> => {
    const expectedVersion = appendOptions.expectedVersion ?? 'any';
    const valid = validateAppend(stream, events, expectedVersion);
    return E.isLeft(valid) ? Promise.resolve(valid) : batcher(stream, { events: valid.right, expectedVersion });
  };

  async function* read(stream: string, readOptions: ReadOptions = {}): AsyncGenerator<EventEnvelope> {
    streamIdOrThrow(stream);
    yield* readLog(stream, Math.max(1, readOptions.from ?? 1), readOptions.to ?? Number.MAX_SAFE_INTEGER);
  }

  async function* subscribe(stream: string, subscribeOptions: SubscribeOptions = {}): AsyncGenerator<EventEnvelope> {
    streamIdOrThrow(stream);
    const controller = new AbortController();
    aborts.add(controller);
    const stop = (): void => controller.abort();
    subscribeOptions.signal?.addEventListener('abort', stop, { once: true });
    if (subscribeOptions.signal?.aborted) stop();
    let subscription: { unsubscribe(): void } | undefined;
    const timer = setInterval(() => notifier.notify(), options.pollIntervalMs ?? 1000);
    timer.unref();
    const notifier = createChangeNotifier(() => {
      clearInterval(timer);
      subscription?.unsubscribe();
    });
    // Every publish to the subject also reaches plain subscribers: the signal to read again.
    void sessions.session('subscribe').then(
      ({ nc }) => {
        if (controller.signal.aborted) return;
        subscription = nc.subscribe(layout.eventSubject(stream), { callback: () => notifier.notify() });
      },
      () => undefined,
    );
    try {
      yield* liveTail((from) => readLog(stream, from, Number.MAX_SAFE_INTEGER), notifier, Math.max(1, subscribeOptions.from ?? 1), controller.signal);
    } catch (error) {
      if (!controller.signal.aborted) throw error;
    } finally {
      subscribeOptions.signal?.removeEventListener('abort', stop);
      controller.abort();
      aborts.delete(controller);
    }
  }

  return {
    append,
    read,
    version: (stream) => withValidStream(stream, async () => (await refresh(stream)).position.version),
    subscribe,
    listStreams: () =>
      sessions.retrying('listStreams', async ({ jsm }) => {
        const info = await jsm.streams.info(layout.eventsStream, { subjects_filter: layout.eventWildcard });
        return Object.keys(info.state.subjects ?? {}).map(layout.streamOfSubject).sort();
      }),
    saveSnapshot: (stream, snapshot: Snapshot) =>
      withValidStream(stream, async () => {
        const body = JSON.stringify({ stream, version: snapshot.version, state: snapshot.state ?? null });
        await sessions.retrying('saveSnapshot', ({ js }) => js.publish(layout.snapshotSubject(stream), body));
      }),
    loadSnapshot: (stream) =>
      withValidStream(stream, async () => {
        const message = await sessions.retrying('loadSnapshot', ({ jsm }) => jsm.streams.getMessage(layout.snapshotsStream, { last_by_subj: layout.snapshotSubject(stream) }));
        if (!message) return undefined;
        try {
          const parsed = message.json<{ version: number; state: unknown }>();
          return { version: parsed.version, state: parsed.state };
        } catch {
          throw new EventLogError({ _tag: 'CorruptSnapshot', stream, location: layout.snapshotSubject(stream), message: 'not valid JSON' });
        }
      }),
    verify: (stream): Promise<E.Either<InvalidStreamId, VerifyResult>> =>
      withValidStream(stream, async () => {
        const subject = layout.eventSubject(stream);
        const skipped: SkippedAppend[] = [];
        let position = createStreamView().position;
        const lastSeq = await reader.lastSeq(subject);
        for await (const resolved of resolveSubject(reader, stream, subject, position, new Set(), lastSeq, location)) {
          if ('broken' in resolved) return chainBroken(stream, position.version, resolved.broken);
          if (resolved.verdict._tag === 'Forked') skipped.push(resolved.verdict.skipped);
          else position = resolved.verdict.position;
        }
        return { ok: true, stream, version: position.version, hash: position.hash, ...(skipped.length > 0 ? { skipped } : {}) };
      }),
    async close() {
      for (const controller of aborts) controller.abort();
      // Not waited for: a subscription still being set up dies with its connection.
      for (const { subscription } of activity.values()) void subscription.then((open) => open?.unsubscribe());
      activity.clear();
      await sessions.close();
    },
  };
};
