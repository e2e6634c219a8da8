/**
 * Reading untrusted plans under limits: in a pool of worker threads (Piscina), so a pathological
 * plan never blocks the host's event loop, with a time budget per plan and a heap cap per worker.
 * Past the time budget the worker is terminated and replaced; past the heap cap the worker dies
 * and is replaced. Either way the caller gets a tagged error naming the limit. The service reads
 * every posted plan this way, and the CLI every plan file (docs/service.md, "Limits").
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import { Piscina } from 'piscina';
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
 * The worker module: the built JavaScript beside this file. When this file runs as TypeScript
 * (tests, tsx), the built worker in dist/ if there is one (the test run builds dist/ first; a
 * worker through tsx takes a second to start), else the TypeScript one through tsx.
 */
function workerModule(): { filename: string; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.js'))
    return { filename: here.replace(/readerPool\.js$/, 'readerWorker.js'), execArgv: [] };
  const built = fileURLToPath(new URL('../../../dist/plan/bounded/readerWorker.js', import.meta.url));
  return existsSync(built)
    ? { filename: built, execArgv: [] }
    : { filename: here.replace(/readerPool\.ts$/, 'readerWorker.ts'), execArgv: ['--import', 'tsx'] };
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
  const { filename, execArgv } = workerModule();
  const pool = new Piscina<ReadTask, ReadOutcome>({
    filename,
    execArgv,
    minThreads: 0,
    maxThreads: threads,
    idleTimeout: 30_000,
    resourceLimits: { maxOldGenerationSizeMb: resolved.maxHeapMb },
  });
  // A worker that dies after its task was given up (a time budget passed, then its heap ran out)
  // is reported on the pool; the pool replaces it, and nobody waits for that task any more.
  pool.on('error', () => undefined);
  // The time budget is the plan's, not the worker's start (loading the reader takes a while, more
  // so through tsx): a worker is started with an empty plan before a timed one is given to it.
  let warm: Promise<unknown> | null = null;
  const warmUp = (): Promise<unknown> =>
    (warm ??= pool.run({ bytes: new Uint8Array(), options: {} }).catch(() => undefined));
  return {
    limits: resolved,
    async read(bytes, options = {}) {
      if (bytes.length > resolved.maxBytes)
        return E.left({ _tag: 'PlanTooLarge', bytes: bytes.length, limit: resolved.maxBytes });
      await warmUp();
      try {
        const outcome = await pool.run(
          { bytes, options },
          { signal: AbortSignal.timeout(resolved.timeoutMs) },
        );
        return 'read' in outcome ? E.right(outcome.read) : E.left({ _tag: 'PlanTooDeep' });
      } catch (error) {
        const { name, code } = error as { name?: string; code?: string };
        const tooSlow = name === 'AbortError' || name === 'TimeoutError';
        if (!tooSlow && code !== 'ERR_WORKER_OUT_OF_MEMORY') throw error;
        warm = null; // the worker was terminated: its replacement starts cold
        return E.left(
          tooSlow
            ? { _tag: 'PlanTooSlow', limitMs: resolved.timeoutMs }
            : { _tag: 'PlanTooBig', limitMb: resolved.maxHeapMb },
        );
      }
    },
    close: () => pool.destroy(),
  };
}
