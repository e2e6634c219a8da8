/**
 * The one conformance suite every EventStore runs: append, conflict, idempotence, read ranges,
 * ordering, tail, snapshots, verification, large streams. The project's stores run it under
 * Vitest (test/store/); a store for another database runs it the same way, given the test
 * framework's functions (as Emmett's stores share one suite).
 */
import * as E from 'fp-ts/lib/Either.js';
import { GENESIS_HASH, computeHash } from '../events/envelope.ts';
import type { EventStore } from '../store/EventStore.ts';
import { StoreError } from '../store/storeError.ts';
import { describeRacesAndReads } from './storeConformanceRaces.ts';
import { collect, newEvent, newEvents, readAll, runId } from './storeEvents.ts';

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
 * What the suite needs of the test framework: Vitest's or Jest's `describe`, `it`, `beforeAll`,
 * `afterAll` and `expect` (with `toBe`, `toEqual` and `toMatchObject`).
 */
export interface ConformanceTestApi {
  readonly describe: (name: string, body: () => void) => unknown;
  readonly it: (name: string, body: () => Promise<void> | void) => unknown;
  readonly beforeAll: (body: () => Promise<void> | void) => unknown;
  readonly afterAll: (body: () => Promise<void> | void) => unknown;
  readonly expect: (
    actual: unknown,
    message?: string,
  ) => {
    toBe(expected: unknown): void;
    toEqual(expected: unknown): void;
    toMatchObject(expected: object): void;
  };
}

/**
 * Registers the conformance suite for one store: the same suite the memory, file, PostgreSQL and
 * NATS stores run, for a store written against `EventStore` for another database.
 *
 * @example
 * import { afterAll, beforeAll, describe, expect, it } from 'vitest';
 * import { describeEventStoreConformance } from 'launchplan/testing';
 *
 * describeEventStoreConformance({ describe, it, beforeAll, afterAll, expect }, 'my store', () => {
 *   const store = createMyEventStore(url);
 *   return { store, openAnother: () => createMyEventStore(url), cleanup: () => store.close() };
 * });
 */
export const describeEventStoreConformance = (
  test: ConformanceTestApi,
  name: string,
  makeFixture: () => StoreFixture | Promise<StoreFixture>,
  options: ConformanceOptions = {},
): void => {
  const { describe, it, beforeAll, afterAll, expect } = test;
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

    describeRacesAndReads({
      test,
      get store() {
        return store;
      },
      get fixture() {
        return fixture;
      },
      options,
      freshStream,
    });
  });
};
