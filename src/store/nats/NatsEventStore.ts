/**
 * The NATS JetStream store. One subject per launch stream (`<prefix>.events.<stream>`), one message
 * per append (or group-committed batch of appends) holding its events as log lines
 * (src/store/lines: the hash covers the stored bytes, and an append is atomic), in a stream
 * replicated over the cluster. Every host reads a subject with the same rule (chainResolver.ts:
 * the first message at a version wins; a fork the server accepted is skipped and reported), keeps
 * what it resolved (streamView.ts) so that catch-up reads only what is new, and appends through
 * natsAppend.ts, which never reports a fork as appended. docs/event-log.md, "Running on a
 * cluster", says why this design.
 */
import type { NatsConnection } from '@nats-io/transport-node';
import * as E from 'fp-ts/lib/Either.js';
import type { EventEnvelope } from '../../events/envelope.ts';
import { EventLogError, type EventStore, type ReadOptions, type SubscribeOptions } from '../EventStore.ts';
import type { ContentionOptions } from '../contention.ts';
import { createChangeNotifier, liveTail } from '../liveTail.ts';
import { validatingAppend } from '../planAppend.ts';
import { appendWithin, streamIdOrThrow } from '../storeError.ts';
import { createAppendBatcher } from '../appendBatcher.ts';
import { guardOutages } from '../outage.ts';
import { withValidStream, type InvalidStreamId } from '../streamId.ts';
import { chainBroken, type SkippedAppend, type VerifyResult } from '../verifyChain.ts';
import { natsLayout } from './natsLayout.ts';
import type { HeldLease } from '../../launch/owner/lease.ts';
import { createNatsAppender } from './natsAppend.ts';
import { createNatsSessions } from './natsSession.ts';
import { parseNatsUrl } from './natsUrl.ts';
import { emitProcessWarning, type NatsStoreWarning } from './natsWarnings.ts';
import { feedView, resolveSubject } from './resolvedLog.ts';
import { createStreamView, readStart, type StreamView } from './streamView.ts';
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
  /**
   * In a cluster of hosts with leases (createNatsLeases) through which every write of a launch
   * goes: the last lease this host held on a stream (`Ownership.leaseOf`). Once its `validUntil`
   * has passed, appends to the stream fail with a `StoreUnavailable` of operation `fenced-append`
   * (nothing is published). An append onto this host's own last append under the same lease,
   * acknowledged before `validUntil`, is taken as the ack says, without the confirmation get
   * (docs/event-log.md, "An owner's appends on NATS"). Leave it out when writers outside the
   * cluster (the CLI, a service without `cluster`) write the same launches.
   */
  readonly lease?: (stream: string) => HeldLease | undefined;
}

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
  const aborts = new Set<AbortController>();
  const location = (seq: number): string => `message ${seq} of ${layout.eventsStream}`;
  const viewOf = (stream: string): StreamView => {
    let view = views.get(stream);
    if (!view) views.set(stream, (view = createStreamView()));
    return view;
  };

  const report =
    (stream: string) =>
    (skipped: SkippedAppend): void => {
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
    for await (const resolved of resolveSubject(
      reader,
      stream,
      subject,
      readStart(view, from),
      new Set(view.losers),
      lastSeq,
      location,
    )) {
      if ('broken' in resolved)
        throw new EventLogError({
          _tag: 'CorruptRecord',
          stream,
          version: resolved.broken.version,
          message: resolved.broken.message,
        });
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

  const appender = createNatsAppender({
    sessions,
    reader,
    layout,
    views,
    refresh,
    unavailableAfterMs,
    maxRaceRetries,
    backoff: options.backoff,
    lease: options.lease,
  });
  const append = appendWithin(
    validatingAppend(createAppendBatcher(appender.write)),
    'nats',
    unavailableAfterMs,
  );

  async function* read(stream: string, readOptions: ReadOptions = {}): AsyncGenerator<EventEnvelope> {
    streamIdOrThrow(stream);
    yield* readLog(stream, Math.max(1, readOptions.from ?? 1), readOptions.to ?? Number.MAX_SAFE_INTEGER);
  }

  async function* subscribe(
    stream: string,
    subscribeOptions: SubscribeOptions = {},
  ): AsyncGenerator<EventEnvelope> {
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
      yield* liveTail((from) => readLog(stream, from, Number.MAX_SAFE_INTEGER), notifier, {
        from: subscribeOptions.from,
        signal: controller.signal,
      });
    } catch (error) {
      if (!controller.signal.aborted) throw error;
    } finally {
      subscribeOptions.signal?.removeEventListener('abort', stop);
      controller.abort();
      aborts.delete(controller);
    }
  }

  const store: EventStore = {
    append,
    read,
    version: (stream) => withValidStream(stream, async () => (await refresh(stream)).position.version),
    subscribe,
    listStreams: () =>
      sessions.retrying('listStreams', async ({ jsm }) => {
        const info = await jsm.streams.info(layout.eventsStream, { subjects_filter: layout.eventWildcard });
        return Object.keys(info.state.subjects ?? {})
          .map(layout.streamOfSubject)
          .sort();
      }),
    saveSnapshot: (stream, snapshot) =>
      withValidStream(stream, async () => {
        const body = JSON.stringify({ stream, version: snapshot.version, state: snapshot.state ?? null });
        await sessions.retrying('saveSnapshot', ({ js }) => js.publish(layout.snapshotSubject(stream), body));
      }),
    loadSnapshot: (stream) =>
      withValidStream(stream, async () => {
        const message = await sessions.retrying('loadSnapshot', ({ jsm }) =>
          jsm.streams.getMessage(layout.snapshotsStream, { last_by_subj: layout.snapshotSubject(stream) }),
        );
        if (!message) return undefined;
        try {
          const parsed = message.json<{ version: number; state: unknown }>();
          return { version: parsed.version, state: parsed.state };
        } catch {
          throw new EventLogError({
            _tag: 'CorruptSnapshot',
            stream,
            location: layout.snapshotSubject(stream),
            message: 'not valid JSON',
          });
        }
      }),
    verify: (stream): Promise<E.Either<InvalidStreamId, VerifyResult>> =>
      withValidStream(stream, async () => {
        const subject = layout.eventSubject(stream);
        const skipped: SkippedAppend[] = [];
        let position = createStreamView().position;
        const lastSeq = await reader.lastSeq(subject);
        for await (const resolved of resolveSubject(
          reader,
          stream,
          subject,
          position,
          new Set(),
          lastSeq,
          location,
        )) {
          if ('broken' in resolved) return chainBroken(stream, position.version, resolved.broken);
          if (resolved.verdict._tag === 'Forked') skipped.push(resolved.verdict.skipped);
          else position = resolved.verdict.position;
        }
        return {
          ok: true,
          stream,
          version: position.version,
          hash: position.hash,
          ...(skipped.length > 0 ? { skipped } : {}),
        };
      }),
    async close() {
      for (const controller of aborts) controller.abort();
      appender.close();
      await sessions.close();
    },
  };
  // While the servers do not answer, calls fail at once and one request checks them every second.
  return guardOutages(store, {
    store: 'nats',
    probe: async () => void (await (await sessions.session('probe')).jsm.getAccountInfo()),
    probeDeadlineMs: 2 * requestTimeoutMs,
  });
};
