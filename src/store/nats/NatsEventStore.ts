/**
 * The NATS JetStream store. One subject per launch stream (`<prefix>.events.<stream>`), one message
 * per append holding its events as JSON lines (the file store's line format, so the hash covers the
 * stored bytes), which makes multi-event appends atomic. Concurrency: every publish carries the
 * subject sequence this instance last saw (`Nats-Expected-Last-Subject-Sequence`); when another
 * host got there first the server refuses, this instance catches up and decides again. Retries
 * carry the same message id (`Nats-Msg-Id`), which the server suppresses within its duplicate
 * window; beyond it, the event ids this instance has read decide.
 */
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import {
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type JetStreamClient,
  type JetStreamManager,
} from '@nats-io/jetstream';
import * as E from 'fp-ts/lib/Either.js';
import { GENESIS_HASH, sha256Hex, type EventEnvelope, type NewEvent, type PreparedEvent } from '../../events/envelope.ts';
import { EventLogError, type AppendError, type AppendOptions, type AppendResult, type EventStore, type ReadOptions, type Snapshot, type SubscribeOptions } from '../EventStore.ts';
import type { ExpectedVersion } from '../expectedVersion.ts';
import { planAppend, validateAppend } from '../planAppend.ts';
import { createStreamQueue } from '../streamQueue.ts';
import { streamIdOrThrow } from '../storeError.ts';
import { withValidStream, type InvalidStreamId } from '../streamId.ts';
import { chainBroken, type VerifyResult } from '../verifyChain.ts';
import { encodeEventLine } from '../lines/lineCodec.ts';
import { createLogScanner, FILE_START, type LogScanner } from '../lines/logScanner.ts';
import { natsLayout } from './natsLayout.ts';

/** Options of {@link createNatsEventStore}. */
export interface NatsEventStoreOptions {
  /** Server URL(s); or give `connection`. */
  readonly servers?: string | string[];
  /** A connection to use (not closed by `close()`). */
  readonly connection?: NatsConnection;
  /** Prefix of subjects and JetStream stream names. Default `launchplan`. */
  readonly prefix?: string;
  /** Duplicate window of the events stream, in ms. Default 2 minutes. */
  readonly duplicateWindowMs?: number;
  /** Attempts of one append when other hosts keep winning. Default 50. */
  readonly maxRaceRetries?: number;
}

interface StreamCache {
  seq: number;
  version: number;
  hash: string;
  readonly ids: Map<string, number>;
}

interface RawMessage {
  readonly seq: number;
  readonly data: Uint8Array;
}

/**
 * Create a NATS JetStream event store; the JetStream streams are created on first use.
 *
 * @example
 * const store = createNatsEventStore({ servers: 'nats://127.0.0.1:4222' });
 */
export const createNatsEventStore = (options: NatsEventStoreOptions): EventStore => {
  const layout = natsLayout(options.prefix ?? 'launchplan');
  const maxRaceRetries = options.maxRaceRetries ?? 50;
  const caches = new Map<string, StreamCache>();
  const inOrder = createStreamQueue();
  const aborts = new Set<AbortController>();
  let ready: Promise<{ nc: NatsConnection; js: JetStreamClient; jsm: JetStreamManager }> | undefined;

  const setup = () =>
    (ready ??= (async () => {
      const nc = options.connection ?? (await connect({ servers: options.servers ?? 'nats://127.0.0.1:4222' }));
      const jsm = await jetstreamManager(nc);
      const ensure = async (name: string, subjects: string[], extra: Record<string, unknown>): Promise<void> => {
        try {
          await jsm.streams.info(name);
        } catch {
          try {
            await jsm.streams.add({ name, subjects, storage: StorageType.File, retention: RetentionPolicy.Limits, ...extra });
          } catch (error) {
            // Another host created it in between.
            await jsm.streams.info(name).catch(() => Promise.reject(error));
          }
        }
      };
      await ensure(layout.eventsStream, [layout.eventWildcard], { duplicate_window: nanos(options.duplicateWindowMs ?? 120_000) });
      await ensure(layout.snapshotsStream, [layout.snapshotSubject('>')], { max_msgs_per_subject: 1 });
      return { nc, js: jetstream(nc), jsm };
    })());

  /** Messages of a subject after `afterSeq`, up to the last one at call time (or forever if `live`). */
  async function* messages(stream: string, afterSeq: number, live: false | AbortSignal): AsyncGenerator<RawMessage> {
    const { js, jsm } = await setup();
    const subject = layout.eventSubject(stream);
    let lastSeq = Number.MAX_SAFE_INTEGER;
    if (live === false) {
      const last = await jsm.streams.getMessage(layout.eventsStream, { last_by_subj: subject }).catch(() => null);
      if (!last || last.seq <= afterSeq) return;
      lastSeq = last.seq;
    }
    const consumer = await js.consumers.get(layout.eventsStream, {
      filter_subjects: subject,
      ...(afterSeq > 0 ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: afterSeq + 1 } : { deliver_policy: DeliverPolicy.All }),
    });
    const iterator = await consumer.consume();
    const stop = (): void => void iterator.close();
    if (live !== false) live.addEventListener('abort', stop, { once: true });
    try {
      for await (const message of iterator) {
        yield { seq: message.seq, data: message.data };
        if (message.seq >= lastSeq) return;
      }
    } finally {
      if (live !== false) live.removeEventListener('abort', stop);
      await iterator.close();
    }
  }

  /** Feed a message's lines to a scanner; the events it commits. */
  const scanMessage = (scanner: LogScanner, stream: string, message: RawMessage): readonly EventEnvelope[] => {
    const buf = Buffer.from(message.data.buffer, message.data.byteOffset, message.data.byteLength);
    const out: EventEnvelope[] = [];
    let start = 0;
    for (;;) {
      const newline = buf.indexOf(0x0a, start);
      if (newline < 0) break;
      const result = scanner.line(buf, start, newline, newline + 1);
      if (E.isLeft(result)) {
        throw new EventLogError({ _tag: 'CorruptRecord', stream, version: result.left.version, message: `${result.left.message} (message ${message.seq})` });
      }
      out.push(...result.right);
      start = newline + 1;
    }
    if (start !== buf.length) {
      throw new EventLogError({ _tag: 'CorruptRecord', stream, version: scanner.committed.version + 1, message: `message ${message.seq} does not end with a newline` });
    }
    return out;
  };

  /** Bring the cache of a stream up to date with what the server holds. */
  const catchUp = async (stream: string): Promise<StreamCache> => {
    const cache = caches.get(stream) ?? { seq: 0, version: 0, hash: GENESIS_HASH, ids: new Map<string, number>() };
    caches.set(stream, cache);
    const scanner = createLogScanner(stream, { offset: 1, version: cache.version, hash: cache.hash });
    for await (const message of messages(stream, cache.seq, false)) {
      for (const event of scanMessage(scanner, stream, message)) cache.ids.set(event.eventId, event.version);
      cache.seq = message.seq;
      cache.version = scanner.committed.version;
      cache.hash = scanner.committed.hash;
    }
    return cache;
  };

  const appendNow = async (stream: string, events: readonly PreparedEvent[], expectedVersion: ExpectedVersion): Promise<E.Either<AppendError, AppendResult>> => {
    const { js } = await setup();
    let cache = caches.get(stream) ?? (await catchUp(stream));
    let fresh = false;
    const msgID = sha256Hex(`${stream}\n${events.map((prepared) => prepared.event.eventId).join('\n')}`);
    for (let attempt = 1; ; attempt++) {
      const plan = planAppend(stream, cache, events, expectedVersion, (id) => cache.ids.get(id));
      if (E.isLeft(plan) && plan.left._tag === 'VersionConflict' && !fresh) {
        cache = await catchUp(stream);
        fresh = true;
        continue;
      }
      if (E.isLeft(plan)) return plan;
      if (plan.right._tag === 'AlreadyWritten') return E.right({ version: plan.right.version, appended: 0 });
      const sealed = plan.right.events;
      if (sealed.length === 0) return E.right({ version: cache.version, appended: 0 });
      const payload = Buffer.from(sealed.map(encodeEventLine).join(''), 'utf8');
      try {
        const ack = await js.publish(layout.eventSubject(stream), payload, { msgID, expect: { lastSubjectSequence: cache.seq } });
        if (ack.duplicate) {
          cache = await catchUp(stream);
          fresh = true;
          if (attempt >= maxRaceRetries) throw new Error(`NATS reported message ${msgID} as a duplicate but it is not in stream ${stream}`);
          continue;
        }
        const last = sealed[sealed.length - 1]!;
        cache.seq = ack.seq;
        cache.version = last.version;
        cache.hash = last.hash;
        for (const event of sealed) cache.ids.set(event.eventId, event.version);
        return E.right({ version: last.version, appended: sealed.length });
      } catch (error) {
        const wrongLast = error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamWrongLastSequence;
        if (!wrongLast || attempt >= maxRaceRetries) throw error;
        cache = await catchUp(stream);
        fresh = true;
      }
    }
  };

  const append = (stream: string, events: readonly NewEvent[], appendOptions: AppendOptions = {}): Promise<E.Either<AppendError, AppendResult>> => {
    const expectedVersion = appendOptions.expectedVersion ?? 'any';
    const valid = validateAppend(stream, events, expectedVersion);
    if (E.isLeft(valid)) return Promise.resolve(valid);
    return inOrder(stream, () => appendNow(stream, valid.right, expectedVersion));
  };

  async function* readEvents(stream: string, from: number, to: number, live: false | AbortSignal): AsyncGenerator<EventEnvelope> {
    streamIdOrThrow(stream);
    const scanner = createLogScanner(stream, FILE_START, from);
    for await (const message of messages(stream, 0, live)) {
      for (const event of scanMessage(scanner, stream, message)) {
        if (event.version > to) return;
        if (event.version >= from) yield event;
      }
    }
  }

  return {
    append,
    read: (stream: string, readOptions: ReadOptions = {}) =>
      readEvents(stream, Math.max(1, readOptions.from ?? 1), readOptions.to ?? Number.MAX_SAFE_INTEGER, false),
    version: (stream) => withValidStream(stream, async () => (await catchUp(stream)).version),
    subscribe(stream: string, subscribeOptions: SubscribeOptions = {}) {
      const controller = new AbortController();
      aborts.add(controller);
      subscribeOptions.signal?.addEventListener('abort', () => controller.abort(), { once: true });
      if (subscribeOptions.signal?.aborted) controller.abort();
      const events = readEvents(stream, Math.max(1, subscribeOptions.from ?? 1), Number.MAX_SAFE_INTEGER, controller.signal);
      return (async function* () {
        try {
          for await (const event of events) {
            if (controller.signal.aborted) return;
            yield event;
          }
        } finally {
          controller.abort();
          aborts.delete(controller);
        }
      })();
    },
    async listStreams() {
      const { jsm } = await setup();
      const info = await jsm.streams.info(layout.eventsStream, { subjects_filter: layout.eventWildcard });
      return Object.keys(info.state.subjects ?? {}).map(layout.streamOfSubject).sort();
    },
    saveSnapshot: (stream, snapshot: Snapshot) =>
      withValidStream(stream, async () => {
        const { js } = await setup();
        await js.publish(layout.snapshotSubject(stream), JSON.stringify({ stream, version: snapshot.version, state: snapshot.state ?? null }));
      }),
    loadSnapshot: (stream) =>
      withValidStream(stream, async () => {
        const { jsm } = await setup();
        const message = await jsm.streams.getMessage(layout.snapshotsStream, { last_by_subj: layout.snapshotSubject(stream) }).catch(() => null);
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
        const scanner = createLogScanner(stream);
        try {
          for await (const message of messages(stream, 0, false)) scanMessage(scanner, stream, message);
        } catch (error) {
          if (!(error instanceof EventLogError) || error.issue._tag !== 'CorruptRecord') throw error;
          const version = error.issue.version;
          return chainBroken(stream, version - 1, { reason: 'Undecodable', version, message: error.message });
        }
        return { ok: true, stream, version: scanner.committed.version, hash: scanner.committed.hash };
      }),
    async close() {
      for (const controller of aborts) controller.abort();
      if (ready && !options.connection) {
        const { nc } = await ready;
        await nc.drain().catch(() => undefined);
      }
      ready = undefined;
    },
  };
};
