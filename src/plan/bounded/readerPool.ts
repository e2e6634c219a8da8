/**
 * Reading untrusted plans under limits: in a pool of worker threads (src/bounded/workerPool.ts),
 * so a pathological plan never blocks the host's event loop, with a time budget per plan and a
 * heap cap per worker. Past either the caller gets a tagged error naming the limit. The service reads
 * every posted plan this way, and the CLI every plan file (docs/service.md, "Limits").
 */
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import { createBoundedPool } from '../../bounded/workerPool.ts';
import type { PlanDocument, ReadOptions } from '../markdown/readPlan.ts';
import { DEFAULT_READER_LIMITS, MIN_READER_HEAP_MB, type ReaderLimits } from './defaults.ts';
import type { ReadOutcome, ReadTask } from './readerWorker.ts';

export { DEFAULT_READER_LIMITS, MIN_READER_HEAP_MB, type ReaderLimits } from './defaults.ts';

/** Why a plan was not read: which limit it went past. */
export type BoundedReadError =
  | { _tag: 'PlanTooLarge'; bytes: number; limit: number }
  | { _tag: 'PlanTooSlow'; limitMs: number }
  | { _tag: 'PlanTooBig'; limitMb: number }
  | { _tag: 'PlanTooDeep' };

export function formatBoundedReadError(error: BoundedReadError): string {
  switch (error._tag) {
    case 'PlanTooLarge':
      return `the plan is ${error.bytes} bytes, over the limit of ${error.limit} bytes`;
    case 'PlanTooSlow':
      return `the plan took more than ${error.limitMs} ms to read, the limit: it is not read`;
    case 'PlanTooBig':
      return `reading the plan needed more than ${error.limitMb} MiB of memory, the limit: it is not read`;
    case 'PlanTooDeep':
      return 'the plan nests block quotes or lists deeper than the reader follows: it is not read';
  }
}

export interface BoundedReader {
  readonly limits: ReaderLimits;
  read(bytes: Uint8Array, options?: ReadOptions): Promise<E.Either<BoundedReadError, PlanDocument>>;
  /** Stops the workers (waits for none: a plan being read is abandoned). */
  close(): Promise<void>;
}

/**
 * Creates a pool of plan-reading workers.
 *
 * @example
 * const reader = createBoundedReader({ timeoutMs: 2_000 });
 * const read = await reader.read(bytes, { id: 'go-live' }); // Either<BoundedReadError, PlanDocument>
 */
export function createBoundedReader(limits: Partial<ReaderLimits> = {}, threads = 1): BoundedReader {
  const resolved = { ...DEFAULT_READER_LIMITS, ...limits };
  if (!(resolved.maxHeapMb >= MIN_READER_HEAP_MB))
    throw new RangeError(
      `plan reader heap of ${resolved.maxHeapMb} MiB: the reader needs at least ${MIN_READER_HEAP_MB} MiB`,
    );
  const pool = createBoundedPool<ReadTask, ReadOutcome>(
    new URL(`./readerWorker${extname(fileURLToPath(import.meta.url))}`, import.meta.url),
    resolved,
    { bytes: new Uint8Array(), options: {} },
    threads,
  );
  return {
    limits: resolved,
    async read(bytes, options = {}) {
      if (bytes.length > resolved.maxBytes)
        return E.left({ _tag: 'PlanTooLarge', bytes: bytes.length, limit: resolved.maxBytes });
      const outcome = await pool.run({ bytes, options });
      if (E.isLeft(outcome))
        return E.left(
          outcome.left._tag === 'TooSlow'
            ? { _tag: 'PlanTooSlow', limitMs: outcome.left.limitMs }
            : { _tag: 'PlanTooBig', limitMb: outcome.left.limitMb },
        );
      return 'read' in outcome.right ? E.right(outcome.right.read) : E.left({ _tag: 'PlanTooDeep' });
    },
    close: () => pool.close(),
  };
}
