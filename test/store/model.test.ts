/**
 * Model-based property: random interleavings of appends, retries and conflicts (fired
 * concurrently, switching between store instances on the same storage) keep the log equal to a
 * simple model of the append rules.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NewEvent } from '../../src/events/envelope.ts';
import type { AppendError, AppendResult, EventStore } from '../../src/store/EventStore.ts';
import type { ExpectedVersion } from '../../src/store/expectedVersion.ts';
import { createFileEventStore } from '../../src/store/file/index.ts';
import { createMemoryEventStore } from '../../src/store/memory/index.ts';
import { newEvent, readAll } from './helpers.ts';

type ExpectedChoice = 'any' | 'no_stream' | 'current' | 'behind' | 'ahead';

type Op =
  | {
      readonly kind: 'append';
      readonly stream: string;
      readonly size: number;
      readonly expected: ExpectedChoice;
    }
  | { readonly kind: 'retry'; readonly pick: number }
  | { readonly kind: 'partialRetry'; readonly pick: number };

interface Sent {
  readonly stream: string;
  readonly events: readonly NewEvent[];
  readonly expected: ExpectedVersion;
}

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('append' as const),
      stream: fc.constantFrom('a', 'b'),
      size: fc.integer({ min: 1, max: 3 }),
      expected: fc.constantFrom<ExpectedChoice>('any', 'no_stream', 'current', 'behind', 'ahead'),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('retry' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('partialRetry' as const), pick: fc.nat() }) },
);

/** The append rules, on plain arrays of event ids. */
const modelAppend = (log: Map<string, string[]>, sent: Sent): E.Either<AppendError['_tag'], AppendResult> => {
  const ids = log.get(sent.stream) ?? [];
  const found = sent.events.map((e) => ids.indexOf(e.eventId)).filter((i) => i >= 0);
  if (found.length === sent.events.length) return E.right({ version: Math.max(...found) + 1, appended: 0 });
  if (found.length > 0) return E.left('DuplicateEventIds');
  const expected = sent.expected === 'no_stream' ? 0 : sent.expected;
  if (expected !== 'any' && expected !== ids.length) return E.left('VersionConflict');
  ids.push(...sent.events.map((e) => e.eventId));
  log.set(sent.stream, ids);
  return E.right({ version: ids.length, appended: sent.events.length });
};

const runModel = async (
  ops: readonly Op[],
  chunkSizes: readonly number[],
  open: () => EventStore,
): Promise<void> => {
  const model = new Map<string, string[]>();
  const sentSoFar: Sent[] = [];
  let store = open();
  let cursor = 0;
  let n = 0;
  for (const chunkSize of chunkSizes) {
    const chunk = ops.slice(cursor, cursor + chunkSize);
    cursor += chunkSize;
    if (chunk.length === 0) break;
    const calls: { sent: Sent; expected: E.Either<AppendError['_tag'], AppendResult> }[] = [];
    for (const op of chunk) {
      let sent: Sent;
      if (op.kind === 'append' || sentSoFar.length === 0) {
        const stream = op.kind === 'append' ? op.stream : 'a';
        const size = op.kind === 'append' ? op.size : 1;
        const choice = op.kind === 'append' ? op.expected : 'any';
        const current = model.get(stream)?.length ?? 0;
        const expected: ExpectedVersion =
          choice === 'current'
            ? current
            : choice === 'behind'
              ? Math.max(0, current - 1)
              : choice === 'ahead'
                ? current + 1
                : choice;
        sent = { stream, events: Array.from({ length: size }, () => newEvent(n++)), expected };
      } else {
        const earlier = sentSoFar[op.pick % sentSoFar.length]!;
        sent = op.kind === 'retry' ? earlier : { ...earlier, events: [...earlier.events, newEvent(n++)] };
      }
      sentSoFar.push(sent);
      calls.push({ sent, expected: modelAppend(model, sent) });
    }
    // Fired together: the store must decide them in call order, sharing writes where it can.
    const results = await Promise.all(
      calls.map(({ sent }) => store.append(sent.stream, sent.events, { expectedVersion: sent.expected })),
    );
    results.forEach((result, i) => {
      const want = calls[i]!.expected;
      expect(E.isRight(result) ? result : E.left(result.left._tag)).toEqual(want);
    });
    // Sometimes continue through a fresh instance, which must catch up from storage.
    if (chunkSize % 2 === 1) {
      await store.close();
      store = open();
    }
  }
  for (const stream of ['a', 'b']) {
    const stored = await readAll(store, stream);
    expect(stored.map((e) => e.eventId)).toEqual(model.get(stream) ?? []);
    const verified = await store.verify(stream);
    expect(E.isRight(verified) && verified.right.ok).toBe(true);
  }
  await store.close();
};

interface ModelSetup {
  open: () => EventStore;
  cleanup: () => Promise<void>;
}

const property = (open: () => ModelSetup | Promise<ModelSetup>) =>
  fc.asyncProperty(
    fc.array(opArb, { minLength: 1, maxLength: 40 }),
    fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 40, maxLength: 40 }),
    async (ops, chunks) => {
      const setup = await open();
      try {
        await runModel(ops, chunks, setup.open);
      } finally {
        await setup.cleanup();
      }
    },
  );

describe('event log model', () => {
  it('should keep the memory store equal to the model', async () => {
    await fc.assert(
      property(() => {
        // One memory store seen through several handles: reopening keeps the data.
        const shared = createMemoryEventStore();
        return { open: () => ({ ...shared, close: async () => {} }), cleanup: () => shared.close() };
      }),
      { numRuns: 100 },
    );
  });

  it('should keep the file store equal to the model', async () => {
    await fc.assert(
      property(async () => {
        const directory = await mkdtemp(join(tmpdir(), 'launchplan-model-'));
        return {
          open: () => createFileEventStore(directory),
          cleanup: () => rm(directory, { recursive: true, force: true }),
        };
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
