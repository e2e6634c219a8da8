/**
 * The second half of the store conformance suite (see `storeConformance.ts`): appends that race
 * (one instance, two, eight, the retry helper), live tails, snapshots, listing, verification and
 * a large stream.
 */
import * as E from 'fp-ts/lib/Either.js';
import { GENESIS_HASH } from '../events/envelope.ts';
import type { EventStore } from '../store/EventStore.ts';
import { isVersionConflict, retryOnVersionConflict } from '../store/expectedVersion.ts';
import type { ConformanceOptions, ConformanceTestApi, StoreFixture } from './storeConformance.ts';
import { collect, newEvent, newEvents, readAll } from './storeEvents.ts';

/** What the suite's cases see: the framework, the store under test (once set up) and fresh stream names. */
export interface ConformanceContext {
  readonly test: ConformanceTestApi;
  readonly store: EventStore;
  readonly fixture: StoreFixture;
  readonly options: ConformanceOptions;
  freshStream(): string;
}

/** Registers the cases of races, tails, snapshots, listing, verification and large streams. */
export function describeRacesAndReads(ctx: ConformanceContext): void {
  const { it, expect } = ctx.test;
  it('should order concurrent appends gap-free, each event once', async () => {
    const stream = ctx.freshStream();
    const events = newEvents(40);
    const results = await Promise.all(
      events.map((event) => ctx.store.append(stream, [event], { expectedVersion: 'any' })),
    );
    expect(results.every(E.isRight)).toBe(true);
    const stored = await readAll(ctx.store, stream);
    expect(stored.map((e) => e.version)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(new Set(stored.map((e) => e.eventId))).toEqual(new Set(events.map((e) => e.eventId)));
  });

  it('should let exactly one of racing writers with the same expected version win', async () => {
    const stream = ctx.freshStream();
    await ctx.store.append(stream, [newEvent(0)]);
    const results = await Promise.all(
      newEvents(6, 1).map((event) => ctx.store.append(stream, [event], { expectedVersion: 1 })),
    );
    expect(results.filter(E.isRight)).toEqual([E.right({ version: 2, appended: 1 })]);
    for (const result of results.filter(E.isLeft)) {
      expect(isVersionConflict(result.left)).toBe(true);
      expect(result.left).toMatchObject({ expected: 1, actual: 2 });
    }
  });

  it('should stay gap-free and duplicate-free when two instances (hosts) append at once', async () => {
    const stream = ctx.freshStream();
    const other = await ctx.fixture.openAnother();
    const mine = newEvents(30);
    const theirs = newEvents(30, 100);
    const results = await Promise.all([
      ...mine.map((event) => ctx.store.append(stream, [event])),
      ...theirs.map((event) => other.append(stream, [event])),
      // A retry of one of them through the other instance.
      other.append(stream, [mine[0]!]),
    ]);
    await other.close();
    expect(results.every(E.isRight)).toBe(true);
    const stored = await readAll(ctx.store, stream);
    expect(stored.map((e) => e.version)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(new Set(stored.map((e) => e.eventId)).size).toBe(60);
  });

  it('should end every race as a value when eight instances append to one stream at once', async () => {
    const stream = ctx.freshStream();
    const writers = await Promise.all(
      Array.from({ length: 8 }, () => Promise.resolve(ctx.fixture.openAnother())),
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
    const stored = await readAll(ctx.store, stream);
    expect(stored.map((e) => e.version)).toEqual(Array.from({ length: stored.length }, (_, i) => i + 1));
    expect(stored.map((e) => e.eventId).sort()).toEqual([...written].sort());
  });

  it('should converge with the retry helper under contention', async () => {
    const stream = ctx.freshStream();
    const writers = Array.from({ length: 5 }, (_, w) =>
      (async () => {
        for (let i = 0; i < 4; i++) {
          const event = newEvent(w * 10 + i);
          let known = 0;
          const result = await retryOnVersionConflict(
            async (conflict) => {
              known = conflict?.actual ?? known;
              return ctx.store.append(stream, [event], { expectedVersion: known });
            },
            { maxAttempts: 100, delayMs: () => 0 },
          );
          expect(E.isRight(result)).toBe(true);
        }
      })(),
    );
    await Promise.all(writers);
    expect((await readAll(ctx.store, stream)).map((e) => e.version)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
  });

  it('should tail a stream: existing events, then live ones from this and another instance', async () => {
    const stream = ctx.freshStream();
    await ctx.store.append(stream, newEvents(3));
    const controller = new AbortController();
    const seen: number[] = [];
    const other = await ctx.fixture.openAnother();
    const done = (async () => {
      for await (const event of ctx.store.subscribe(stream, { from: 2, signal: controller.signal })) {
        seen.push(event.version);
        if (event.version === 3) await ctx.store.append(stream, [newEvent(4)]);
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
    const stream = ctx.freshStream();
    await ctx.store.append(stream, newEvents(1));
    const controller = new AbortController();
    const seen: number[] = [];
    for await (const event of ctx.store.subscribe(stream, { signal: controller.signal })) {
      seen.push(event.version);
      controller.abort();
    }
    expect(seen).toEqual([1]);
  });

  it('should save and load snapshots', async () => {
    const stream = ctx.freshStream();
    expect(await ctx.store.loadSnapshot(stream)).toEqual(E.right(undefined));
    await ctx.store.append(stream, newEvents(5));
    const state = { phase: 'rollout', items: { a: 'done', b: 'open' }, list: [1, 2, 3] };
    expect(E.isRight(await ctx.store.saveSnapshot(stream, { version: 3, state }))).toBe(true);
    expect(await ctx.store.loadSnapshot(stream)).toEqual(E.right({ version: 3, state }));
    await ctx.store.saveSnapshot(stream, { version: 5, state: { phase: 'done' } });
    expect(await ctx.store.loadSnapshot(stream)).toEqual(E.right({ version: 5, state: { phase: 'done' } }));
    const from = await collect(ctx.store.read(stream, { from: 4 }));
    expect(from.map((e) => e.version)).toEqual([4, 5]);
  });

  it('should list streams with events', async () => {
    const a = ctx.freshStream();
    const b = ctx.freshStream();
    await ctx.store.append(b, [newEvent(1)]);
    await ctx.store.append(a, [newEvent(2)]);
    const streams = (await ctx.store.listStreams()).filter((s) => s === a || s === b);
    expect(streams).toEqual([a, b].sort());
  });

  it('should verify an intact chain', async () => {
    const stream = ctx.freshStream();
    await ctx.store.append(stream, newEvents(7));
    const result = await ctx.store.verify(stream);
    expect(E.isRight(result) && result.right).toMatchObject({ ok: true, version: 7 });
    const empty = await ctx.store.verify(`${stream}-none`);
    expect(E.isRight(empty) && empty.right).toMatchObject({ ok: true, version: 0 });
  });

  it('should keep a large stream in order, streamed and verified', async () => {
    const stream = ctx.freshStream();
    const total = ctx.options.largeStreamEvents ?? 20_000;
    const batch = 500;
    for (let start = 0; start < total; start += batch) {
      const result = await ctx.store.append(stream, newEvents(Math.min(batch, total - start), start), {
        expectedVersion: start,
      });
      expect(E.isRight(result)).toBe(true);
    }
    let expected = 1;
    let previous = GENESIS_HASH;
    let outOfOrder = 0;
    for await (const event of ctx.store.read(stream)) {
      if (event.version !== expected || event.prevHash !== previous) outOfOrder++;
      previous = event.hash;
      expected++;
    }
    expect(outOfOrder).toBe(0);
    expect(expected - 1).toBe(total);
    const middle = await collect(ctx.store.read(stream, { from: total - 10, to: total - 5 }));
    expect(middle.map((e) => e.version)).toEqual([0, 1, 2, 3, 4, 5].map((i) => total - 10 + i));
    const result = await ctx.store.verify(stream);
    expect(E.isRight(result) && result.right).toMatchObject({ ok: true, version: total });
  });
}
