/**
 * The in-memory store: for tests and for embedding where durability is not wanted. It keeps the
 * same guarantees as the others (atomic appends, expected version, idempotence by event id, chain).
 */
import * as E from 'fp-ts/lib/Either.js';
import { envelopeOf, GENESIS_HASH, type EventEnvelope } from '../../events/envelope.ts';
import type { EventStore, ReadOptions, Snapshot, SubscribeOptions } from '../EventStore.ts';
import { createStreamWatchers, liveTail } from '../liveTail.ts';
import { planAppend, validatingAppend } from '../planAppend.ts';
import { streamIdOrThrow } from '../storeError.ts';
import { withValidStream, type InvalidStreamId } from '../streamId.ts';
import { verifyChain, type VerifyResult } from '../verifyChain.ts';

interface MemoryStream {
  readonly events: EventEnvelope[];
  readonly ids: Map<string, number>;
  snapshot: Snapshot | undefined;
}

/**
 * Create an in-memory event store.
 *
 * @example
 * const store = createMemoryEventStore();
 * await store.append('launch-1', [event], { expectedVersion: 'no_stream' });
 */
export const createMemoryEventStore = (): EventStore => {
  const streams = new Map<string, MemoryStream>();
  const watchers = createStreamWatchers();
  const streamOf = (stream: string): MemoryStream => {
    let state = streams.get(stream);
    if (!state) {
      state = { events: [], ids: new Map(), snapshot: undefined };
      streams.set(stream, state);
    }
    return state;
  };

  const append = validatingAppend((stream, { events, expectedVersion }) => {
    const state = streamOf(stream);
    const last = state.events[state.events.length - 1];
    const tail = { version: state.events.length, hash: last?.hash ?? GENESIS_HASH };
    const plan = planAppend(stream, tail, events, expectedVersion, (id) => state.ids.get(id));
    if (E.isLeft(plan)) return plan;
    if (plan.right._tag === 'AlreadyWritten') return E.right({ version: plan.right.version, appended: 0 });
    for (const sealed of plan.right.events) {
      state.events.push(deepFreeze(envelopeOf(sealed)));
      state.ids.set(sealed.eventId, sealed.version);
    }
    watchers.notify(stream);
    return E.right({ version: plan.right.version, appended: plan.right.events.length });
  });

  // eslint-disable-next-line @typescript-eslint/require-await -- the store interface reads through an async iterator; memory has nothing to wait for
  async function* read(stream: string, options: ReadOptions = {}): AsyncGenerator<EventEnvelope> {
    streamIdOrThrow(stream);
    const state = streams.get(stream);
    if (!state) return;
    const from = Math.max(1, options.from ?? 1);
    const to = Math.min(options.to ?? state.events.length, state.events.length);
    for (let version = from; version <= to; version++) {
      const event = state.events[version - 1];
      if (event) yield event;
    }
  }

  return {
    append,
    read,
    version: (stream) => withValidStream(stream, () => streams.get(stream)?.events.length ?? 0),
    subscribe(stream: string, options: SubscribeOptions = {}) {
      const notifier = watchers.watch(streamIdOrThrow(stream));
      return liveTail((from) => read(stream, { from }), notifier, options);
    },
    listStreams: () =>
      Promise.resolve(
        [...streams.entries()]
          .filter(([, s]) => s.events.length > 0)
          .map(([id]) => id)
          .sort(),
      ),
    saveSnapshot: (stream, snapshot) =>
      withValidStream(stream, () => {
        streamOf(stream).snapshot = structuredClone({ version: snapshot.version, state: snapshot.state });
      }),
    loadSnapshot: (stream) => withValidStream(stream, () => structuredClone(streams.get(stream)?.snapshot)),
    verify: (stream): Promise<E.Either<InvalidStreamId, VerifyResult>> =>
      withValidStream(stream, () => verifyChain(stream, streams.get(stream)?.events ?? [])),
    close: () => {
      watchers.closeAll();
      return Promise.resolve();
    },
  };
};

/** Stored envelopes are shared with readers, so they are frozen rather than copied on every read. */
const deepFreeze = <A>(value: A): A => {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
};
