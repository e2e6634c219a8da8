/**
 * The one conformance suite every EventStore runs: append, conflict, idempotence, read ranges,
 * ordering, tail, snapshots, verification, large streams.
 */
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { GENESIS_HASH, computeHash } from '../../src/events/envelope.ts';
import type { EventStore } from '../../src/store/EventStore.ts';
import { isVersionConflict, retryOnVersionConflict } from '../../src/store/expectedVersion.ts';
import { StoreError } from '../../src/store/storeError.ts';
import { collect, newEvent, newEvents, readAll, runId } from './helpers.ts';

/** What a backend test file gives the suite. */
export interface StoreFixture {
  readonly store: EventStore;
  /** A second, independent store on the same storage: another process or host. */
  readonly openAnother: () => EventStore | Promise<EventStore>;
  /** Remove everything the run created. */
  readonly cleanup: () => Promise<void>;
}

/** Options of {@link describeEventStoreConformance}. */
export interface ConformanceOptions {
  /** Events in the large-stream test. Default 20 000. */
  readonly largeStreamEvents?: number;
}

/**
 * Register the conformance suite for one store.
 *
 * @example
 * describeEventStoreConformance('memory', () => ({ store: createMemoryEventStore(), ... }));
 */
export const describeEventStoreConformance = (
  name: string,
  makeFixture: () => StoreFixture | Promise<StoreFixture>,
  options: ConformanceOptions = {},
): void => {
  describe(`EventStore conformance: ${name}`, () => {
    let fixture: StoreFixture;
    let store: EventStore;
    const prefix = runId();
    let counter = 0;
    const freshStream = (): string => `${prefix}-s${++counter}`;

    beforeAll(async () => {
      fixture = await makeFixture();
      store = fixture.store;
    });
    afterAll(async () => {
      await fixture?.cleanup();
    });

    it('should append to a new stream and read back a hash-chained envelope', async () => {
      const stream = freshStream();
      const events = newEvents(3);
      const result = await store.append(stream, events, { expectedVersion: 'no_stream' });
      expect(result).toEqual(E.right({ version: 3, appended: 3 }));
      const stored = await readAll(store, stream);
      expect(stored.map((e) => e.version)).toEqual([1, 2, 3]);
      expect(stored.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
      expect(stored[0]?.prevHash).toBe(GENESIS_HASH);
      for (let i = 0; i < stored.length; i++) {
        const event = stored[i]!;
        expect(event.stream).toBe(stream);
        expect(event.data).toEqual(events[i]!.data);
        expect(event.actor).toEqual(events[i]!.actor);
        expect(event.at).toBe(events[i]!.at);
        expect(event.hash).toBe(computeHash(event));
        if (i > 0) expect(event.prevHash).toBe(stored[i - 1]!.hash);
      }
      expect(await store.version(stream)).toEqual(E.right(3));
    });

    it('should append with a matching expected version and with any', async () => {
      const stream = freshStream();
      expect(await store.append(stream, [newEvent(1)], { expectedVersion: 0 })).toEqual(
        E.right({ version: 1, appended: 1 }),
      );
      expect(await store.append(stream, [newEvent(2)], { expectedVersion: 1 })).toEqual(
        E.right({ version: 2, appended: 1 }),
      );
      expect(await store.append(stream, [newEvent(3)], { expectedVersion: 'any' })).toEqual(
        E.right({ version: 3, appended: 1 }),
      );
      expect(await store.append(stream, [newEvent(4)])).toEqual(E.right({ version: 4, appended: 1 }));
    });

    it('should refuse a stale expected version with expected and actual, writing nothing', async () => {
      const stream = freshStream();
      await store.append(stream, newEvents(2), { expectedVersion: 'no_stream' });
      const stale = await store.append(stream, [newEvent(3)], { expectedVersion: 1 });
      expect(stale).toEqual(E.left({ _tag: 'VersionConflict', stream, expected: 1, actual: 2 }));
      const noStream = await store.append(stream, [newEvent(4)], { expectedVersion: 'no_stream' });
      expect(noStream).toEqual(E.left({ _tag: 'VersionConflict', stream, expected: 'no_stream', actual: 2 }));
      const ahead = await store.append(`${stream}-empty`, [newEvent(5)], { expectedVersion: 3 });
      expect(ahead).toEqual(
        E.left({ _tag: 'VersionConflict', stream: `${stream}-empty`, expected: 3, actual: 0 }),
      );
      expect((await readAll(store, stream)).length).toBe(2);
    });

    it('should write a retried append once', async () => {
      const stream = freshStream();
      const events = newEvents(2);
      expect(await store.append(stream, events, { expectedVersion: 'no_stream' })).toEqual(
        E.right({ version: 2, appended: 2 }),
      );
      await store.append(stream, [newEvent(3)]);
      expect(await store.append(stream, events, { expectedVersion: 'no_stream' })).toEqual(
        E.right({ version: 2, appended: 0 }),
      );
      expect(await store.append(stream, events)).toEqual(E.right({ version: 2, appended: 0 }));
      const stored = await readAll(store, stream);
      expect(stored.map((e) => e.version)).toEqual([1, 2, 3]);
      expect(new Set(stored.map((e) => e.eventId)).size).toBe(3);
    });

    it('should write once the same append sent twice at the same moment', async () => {
      const stream = freshStream();
      const events = newEvents(2);
      const answers = (await Promise.all([store.append(stream, events), store.append(stream, events)])).map(
        (result) => (E.isRight(result) ? result.right : result.left),
      );
      expect(answers.map((answer) => ('appended' in answer ? answer.appended : answer._tag)).sort()).toEqual([
        0, 2,
      ]);
      expect(answers.map((answer) => ('version' in answer ? answer.version : answer._tag))).toEqual([2, 2]);
      expect((await readAll(store, stream)).map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
    });

    it('should refuse an append that repeats only some stored ids, or repeats an id', async () => {
      const stream = freshStream();
      const first = newEvent(1);
      await store.append(stream, [first]);
      const partial = await store.append(stream, [first, newEvent(2)]);
      expect(partial).toEqual(E.left({ _tag: 'DuplicateEventIds', stream, eventIds: [first.eventId] }));
      const twice = newEvent(3);
      const repeated = await store.append(stream, [twice, twice]);
      expect(repeated).toEqual(E.left({ _tag: 'DuplicateEventIds', stream, eventIds: [twice.eventId] }));
      expect((await readAll(store, stream)).length).toBe(1);
    });

    it('should refuse invalid stream ids and invalid events as values', async () => {
      const badStream = await store.append('../etc/passwd', [newEvent(1)]);
      expect(E.isLeft(badStream) && badStream.left._tag).toBe('InvalidStreamId');
      const stream = freshStream();
      const badEvent = await store.append(stream, [{ ...newEvent(1), at: 'yesterday' }]);
      expect(E.isLeft(badEvent) && badEvent.left._tag).toBe('InvalidEvent');
      expect(await store.version(stream)).toEqual(E.right(0));
      expect(E.isLeft(await store.version('no/slashes'))).toBe(true);
    });

    it('should refuse ids that are not NATS subjects nor file names (a., a..b, .a), on every method', async () => {
      for (const bad of ['a.', 'a..b', '.a', 'a b', 'a*', 'a>', 'x'.repeat(129)]) {
        const appended = await store.append(bad, [newEvent(1)]);
        expect(E.isLeft(appended) && appended.left._tag).toBe('InvalidStreamId');
        for (const answer of [
          await store.version(bad),
          await store.verify(bad),
          await store.loadSnapshot(bad),
          await store.saveSnapshot(bad, { version: 1, state: {} }),
        ]) {
          expect(E.isLeft(answer) && answer.left._tag).toBe('InvalidStreamId');
        }
        const failureOf = async (iterate: () => AsyncIterable<unknown>): Promise<unknown> => {
          try {
            for await (const _ of iterate()) return 'an event';
            return 'nothing';
          } catch (error) {
            return error instanceof StoreError ? error.failure : error;
          }
        };
        expect(await failureOf(() => store.read(bad))).toMatchObject({
          _tag: 'InvalidStreamId',
          stream: bad,
        });
        expect(await failureOf(() => store.subscribe(bad))).toMatchObject({
          _tag: 'InvalidStreamId',
          stream: bad,
        });
      }
      const dotted = freshStream() + '.phase-1.a_b';
      expect(await store.append(dotted, [newEvent(1)])).toEqual(E.right({ version: 1, appended: 1 }));
      expect((await readAll(store, dotted)).map((e) => e.stream)).toEqual([dotted]);
    });

    it('should read ranges', async () => {
      const stream = freshStream();
      await store.append(stream, newEvents(10));
      const versions = async (from?: number, to?: number): Promise<number[]> =>
        (await collect(store.read(stream, { from, to }))).map((e) => e.version);
      expect(await versions(4, 6)).toEqual([4, 5, 6]);
      expect(await versions(9)).toEqual([9, 10]);
      expect(await versions(undefined, 2)).toEqual([1, 2]);
      expect(await versions(11)).toEqual([]);
      expect(await versions(6, 5)).toEqual([]);
      expect(await versions(10, 99)).toEqual([10]);
      expect(await collect(store.read(`${stream}-none`))).toEqual([]);
    });

    it('should end a read where the stream ended when the read started', async () => {
      const stream = freshStream();
      await store.append(stream, newEvents(3));
      const seen: number[] = [];
      for await (const event of store.read(stream)) {
        seen.push(event.version);
        if (event.version === 1) expect(E.isRight(await store.append(stream, [newEvent(9)]))).toBe(true);
      }
      expect(seen).toEqual([1, 2, 3]);
      expect((await readAll(store, stream)).length).toBe(4);
    });

    it('should order concurrent appends gap-free, each event once', async () => {
      const stream = freshStream();
      const events = newEvents(40);
      const results = await Promise.all(
        events.map((event) => store.append(stream, [event], { expectedVersion: 'any' })),
      );
      expect(results.every(E.isRight)).toBe(true);
      const stored = await readAll(store, stream);
      expect(stored.map((e) => e.version)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      expect(new Set(stored.map((e) => e.eventId))).toEqual(new Set(events.map((e) => e.eventId)));
    });

    it('should let exactly one of racing writers with the same expected version win', async () => {
      const stream = freshStream();
      await store.append(stream, [newEvent(0)]);
      const results = await Promise.all(
        newEvents(6, 1).map((event) => store.append(stream, [event], { expectedVersion: 1 })),
      );
      expect(results.filter(E.isRight)).toEqual([E.right({ version: 2, appended: 1 })]);
      for (const result of results.filter(E.isLeft)) {
        expect(isVersionConflict(result.left)).toBe(true);
        expect(result.left).toMatchObject({ expected: 1, actual: 2 });
      }
    });

    it('should stay gap-free and duplicate-free when two instances (hosts) append at once', async () => {
      const stream = freshStream();
      const other = await fixture.openAnother();
      const mine = newEvents(30);
      const theirs = newEvents(30, 100);
      const results = await Promise.all([
        ...mine.map((event) => store.append(stream, [event])),
        ...theirs.map((event) => other.append(stream, [event])),
        // A retry of one of them through the other instance.
        other.append(stream, [mine[0]!]),
      ]);
      await other.close();
      expect(results.every(E.isRight)).toBe(true);
      const stored = await readAll(store, stream);
      expect(stored.map((e) => e.version)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
      expect(new Set(stored.map((e) => e.eventId)).size).toBe(60);
    });

    it('should end every race as a value when eight instances append to one stream at once', async () => {
      const stream = freshStream();
      const writers = await Promise.all(
        Array.from({ length: 8 }, () => Promise.resolve(fixture.openAnother())),
      );
      const written: string[] = [];
      const outcomes = await Promise.all(
        writers.map(async (writer, w) => {
          const tags: string[] = [];
          for (let i = 0; i < 12; i++) {
            const event = newEvent(w * 100 + i);
            // No expected version: each append goes at the end, whoever wins the race.
            const result = await writer
              .append(stream, [event])
              .catch((error: unknown) => E.left({ _tag: `threw ${String(error)}` }));
            tags.push(E.isRight(result) ? 'Right' : result.left._tag);
            if (E.isRight(result)) written.push(event.eventId);
          }
          await writer.close();
          return tags;
        }),
      );
      expect(outcomes.flat().filter((tag) => tag !== 'Right' && tag !== 'VersionConflict')).toEqual([]);
      const stored = await readAll(store, stream);
      expect(stored.map((e) => e.version)).toEqual(Array.from({ length: stored.length }, (_, i) => i + 1));
      expect(stored.map((e) => e.eventId).sort()).toEqual([...written].sort());
    });

    it('should converge with the retry helper under contention', async () => {
      const stream = freshStream();
      const writers = Array.from({ length: 5 }, (_, w) =>
        (async () => {
          for (let i = 0; i < 4; i++) {
            const event = newEvent(w * 10 + i);
            let known = 0;
            const result = await retryOnVersionConflict(
              async (conflict) => {
                known = conflict?.actual ?? known;
                return store.append(stream, [event], { expectedVersion: known });
              },
              { maxAttempts: 100, delayMs: () => 0 },
            );
            expect(E.isRight(result)).toBe(true);
          }
        })(),
      );
      await Promise.all(writers);
      expect((await readAll(store, stream)).map((e) => e.version)).toEqual(
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
    });

    it('should tail a stream: existing events, then live ones from this and another instance', async () => {
      const stream = freshStream();
      await store.append(stream, newEvents(3));
      const controller = new AbortController();
      const seen: number[] = [];
      const other = await fixture.openAnother();
      const done = (async () => {
        for await (const event of store.subscribe(stream, { from: 2, signal: controller.signal })) {
          seen.push(event.version);
          if (event.version === 3) await store.append(stream, [newEvent(4)]);
          if (event.version === 4) await other.append(stream, [newEvent(5)]);
          if (event.version === 5) break;
        }
      })();
      await done;
      controller.abort();
      await other.close();
      expect(seen).toEqual([2, 3, 4, 5]);
    });

    it('should end a subscription when aborted', async () => {
      const stream = freshStream();
      await store.append(stream, newEvents(1));
      const controller = new AbortController();
      const seen: number[] = [];
      for await (const event of store.subscribe(stream, { signal: controller.signal })) {
        seen.push(event.version);
        controller.abort();
      }
      expect(seen).toEqual([1]);
    });

    it('should save and load snapshots', async () => {
      const stream = freshStream();
      expect(await store.loadSnapshot(stream)).toEqual(E.right(undefined));
      await store.append(stream, newEvents(5));
      const state = { phase: 'rollout', items: { a: 'done', b: 'open' }, list: [1, 2, 3] };
      expect(E.isRight(await store.saveSnapshot(stream, { version: 3, state }))).toBe(true);
      expect(await store.loadSnapshot(stream)).toEqual(E.right({ version: 3, state }));
      await store.saveSnapshot(stream, { version: 5, state: { phase: 'done' } });
      expect(await store.loadSnapshot(stream)).toEqual(E.right({ version: 5, state: { phase: 'done' } }));
      const from = await collect(store.read(stream, { from: 4 }));
      expect(from.map((e) => e.version)).toEqual([4, 5]);
    });

    it('should list streams with events', async () => {
      const a = freshStream();
      const b = freshStream();
      await store.append(b, [newEvent(1)]);
      await store.append(a, [newEvent(2)]);
      const streams = (await store.listStreams()).filter((s) => s === a || s === b);
      expect(streams).toEqual([a, b].sort());
    });

    it('should verify an intact chain', async () => {
      const stream = freshStream();
      await store.append(stream, newEvents(7));
      const result = await store.verify(stream);
      expect(E.isRight(result) && result.right).toMatchObject({ ok: true, version: 7 });
      const empty = await store.verify(`${stream}-none`);
      expect(E.isRight(empty) && empty.right).toMatchObject({ ok: true, version: 0 });
    });

    it('should keep a large stream in order, streamed and verified', async () => {
      const stream = freshStream();
      const total = options.largeStreamEvents ?? 20_000;
      const batch = 500;
      for (let start = 0; start < total; start += batch) {
        const result = await store.append(stream, newEvents(Math.min(batch, total - start), start), {
          expectedVersion: start,
        });
        expect(E.isRight(result)).toBe(true);
      }
      let expected = 1;
      let previous = GENESIS_HASH;
      let outOfOrder = 0;
      for await (const event of store.read(stream)) {
        if (event.version !== expected || event.prevHash !== previous) outOfOrder++;
        previous = event.hash;
        expected++;
      }
      expect(outOfOrder).toBe(0);
      expect(expected - 1).toBe(total);
      const middle = await collect(store.read(stream, { from: total - 10, to: total - 5 }));
      expect(middle.map((e) => e.version)).toEqual([0, 1, 2, 3, 4, 5].map((i) => total - 10 + i));
      const result = await store.verify(stream);
      expect(E.isRight(result) && result.right).toMatchObject({ ok: true, version: total });
    });
  });
};
