/**
 * Group commit for the server stores: appends from one store instance to one stream never race
 * each other; while one write is on its way, the appends that arrive wait, and all of them go out
 * in the next single write (one INSERT, one JetStream message), decided one after the other
 * (planBatch). So writers sharing a host go at least at the pace of one writer, and faster when
 * they are many: measured in `npm run bench -- cluster` (contention).
 */
import type * as E from 'fp-ts/lib/Either.js';
import type { AppendError, AppendResult } from './EventStore.ts';
import type { BatchAppend } from './planAppend.ts';

/** Writes a batch of appends to one stream; answers each, in order. */
export type WriteBatch = (
  stream: string,
  batch: readonly BatchAppend[],
) => Promise<readonly E.Either<AppendError, AppendResult>[]>;

/** Queues an append of one stream into the next batch. */
export type AppendBatcher = (
  stream: string,
  append: BatchAppend,
) => Promise<E.Either<AppendError, AppendResult>>;

interface Waiting {
  readonly append: BatchAppend;
  readonly resolve: (result: E.Either<AppendError, AppendResult>) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Create the batcher of one store instance. A failure of a write (a thrown error) fails every
 * append of its batch, and only those.
 *
 * @example
 * const batcher = createAppendBatcher((stream, batch) => writeAll(stream, batch));
 * const result = await batcher('launch-1', { events, expectedVersion: 'any' });
 */
export const createAppendBatcher = (write: WriteBatch, maxAppends = 256): AppendBatcher => {
  const queues = new Map<string, Waiting[]>();

  const drain = async (stream: string, queue: Waiting[]): Promise<void> => {
    while (queue.length > 0) {
      const batch = queue.splice(0, maxAppends);
      try {
        const results = await write(
          stream,
          batch.map((waiting) => waiting.append),
        );
        batch.forEach((waiting, index) => waiting.resolve(results[index]!));
      } catch (error) {
        for (const waiting of batch) waiting.reject(error);
      }
    }
    queues.delete(stream);
  };

  return (stream, append) =>
    new Promise((resolve, reject) => {
      const queue = queues.get(stream);
      if (queue) {
        queue.push({ append, resolve, reject });
        return;
      }
      const started: Waiting[] = [{ append, resolve, reject }];
      queues.set(stream, started);
      void drain(stream, started);
    });
};
