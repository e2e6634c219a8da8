/**
 * Work on untrusted input in a pool of worker threads (Piscina), so a pathological input never
 * blocks the host's event loop: a time budget per task and a heap cap per worker. Past the time
 * budget the worker is terminated and replaced; past the heap cap the worker dies and is replaced.
 * Either way the caller gets a Left naming the limit. The plan reader (src/plan/bounded) and the
 * JUnit reader (src/ingest/junitPool.ts) run on it.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import { Piscina } from 'piscina';

export interface WorkerLimits {
  /** Longest one task may take, in ms. */
  timeoutMs: number;
  /** Heap of each worker, in MiB. */
  maxHeapMb: number;
}

/** Which limit a task went past. */
export type PastLimit = { _tag: 'TooSlow'; limitMs: number } | { _tag: 'TooBig'; limitMb: number };

export interface BoundedPool<Task, Result> {
  run(task: Task): Promise<E.Either<PastLimit, Result>>;
  /** Stops the workers (waits for none: a task being run is abandoned). */
  close(): Promise<void>;
}

/**
 * The worker module for a worker written as `worker` (a `.ts` or `.js` URL beside its pool): the
 * built JavaScript when the pool runs built; when it runs as TypeScript (tests, tsx), the built
 * worker in dist/ if there is one (the test run builds dist/ first; a worker through tsx takes a
 * second to start), else the TypeScript one through tsx.
 */
function workerModule(worker: URL): { filename: string; execArgv: string[] } {
  const path = fileURLToPath(worker);
  if (path.endsWith('.js')) return { filename: path, execArgv: [] };
  const built = path.replace(/\/src\/(?!.*\/src\/)/, '/dist/').replace(/\.ts$/, '.js');
  return existsSync(built)
    ? { filename: built, execArgv: [] }
    : { filename: path, execArgv: ['--import', 'tsx'] };
}

/**
 * Creates a pool running `worker`'s default export, one task at a time per thread.
 *
 * @example
 * const pool = createBoundedPool<ReadTask, ReadOutcome>(new URL('./readerWorker.ts', import.meta.url), { timeoutMs: 2_000, maxHeapMb: 64 }, empty);
 */
export function createBoundedPool<Task, Result>(
  worker: URL,
  limits: WorkerLimits,
  warmUpTask: Task,
  threads = 1,
): BoundedPool<Task, Result> {
  const { filename, execArgv } = workerModule(worker);
  const pool = new Piscina<Task, Result>({
    filename,
    execArgv,
    minThreads: 0,
    maxThreads: threads,
    idleTimeout: 30_000,
    resourceLimits: { maxOldGenerationSizeMb: limits.maxHeapMb },
  });
  // A worker that dies after its task was given up (a time budget passed, then its heap ran out)
  // is reported on the pool; the pool replaces it, and nobody waits for that task any more.
  pool.on('error', () => undefined);
  // The time budget is the task's, not the worker's start (loading the code takes a while, more
  // so through tsx): a worker is started with a trivial task before a timed one is given to it.
  let warm: Promise<unknown> | null = null;
  const warmUp = (): Promise<unknown> => (warm ??= pool.run(warmUpTask).catch(() => undefined));
  return {
    async run(task) {
      await warmUp();
      try {
        return E.right(await pool.run(task, { signal: AbortSignal.timeout(limits.timeoutMs) }));
      } catch (error) {
        const { name, code } = error as { name?: string; code?: string };
        const tooSlow = name === 'AbortError' || name === 'TimeoutError';
        if (!tooSlow && code !== 'ERR_WORKER_OUT_OF_MEMORY') throw error;
        warm = null; // the worker was terminated: its replacement starts cold
        return E.left(
          tooSlow
            ? { _tag: 'TooSlow', limitMs: limits.timeoutMs }
            : { _tag: 'TooBig', limitMb: limits.maxHeapMb },
        );
      }
    },
    close: () => pool.destroy(),
  };
}
