/**
 * Reading untrusted JUnit reports under limits, in a worker (src/bounded/workerPool.ts): a 4 MiB
 * report can take fast-xml-parser seconds (thousands of attributes on one element grow worse than
 * linearly) and matching tens of thousands of test cases to a plan's tests tens of seconds
 * (docs/benchmarks.md, "Hostile plans"). The service maps every posted report this way.
 */
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import { createBoundedPool, type BoundedPool } from '../bounded/workerPool.ts';
import type { Plan } from '../plan/model.ts';
import { formatJunitError, type JunitError, type JunitMapping, type JunitOptions } from './junit.ts';
import type { JunitTask } from './junitWorker.ts';

export interface JunitLimits {
  /** Longest a report may take to read and match, in ms (default 30,000). */
  timeoutMs: number;
  /** Heap of the worker, in MiB (default 256). */
  maxHeapMb: number;
}

export const DEFAULT_JUNIT_LIMITS: JunitLimits = { timeoutMs: 30_000, maxHeapMb: 256 };

/** Why a report was not mapped: it is not a JUnit report, or it went past a limit. */
export type JunitRefusal =
  JunitError | { _tag: 'ReportTooSlow'; limitMs: number } | { _tag: 'ReportTooBig'; limitMb: number };

export function formatJunitRefusal(refusal: JunitRefusal): string {
  switch (refusal._tag) {
    case 'ReportTooSlow':
      return `the report took more than ${refusal.limitMs} ms to read and match, the limit: nothing was recorded`;
    case 'ReportTooBig':
      return `reading the report needed more than ${refusal.limitMb} MiB of memory, the limit: nothing was recorded`;
    default:
      return formatJunitError(refusal);
  }
}

export interface BoundedJunitReader {
  events(xml: string, plan: Plan, options?: JunitOptions): Promise<E.Either<JunitRefusal, JunitMapping>>;
  close(): Promise<void>;
}

/**
 * Creates a worker that maps JUnit reports to a plan's tests.
 *
 * @example
 * const junit = createBoundedJunitReader({ timeoutMs: 5_000 });
 * const mapped = await junit.events(xml, plan, { runId: 'ci-42' }); // Either<JunitRefusal, JunitMapping>
 */
export function createBoundedJunitReader(limits: Partial<JunitLimits> = {}): BoundedJunitReader {
  const resolved = { ...DEFAULT_JUNIT_LIMITS, ...limits };
  let pool: BoundedPool<JunitTask, E.Either<JunitError, JunitMapping>> | null = null;
  return {
    async events(xml, plan, options = {}) {
      // Started on first use: a service that never receives a report never starts the worker.
      pool ??= createBoundedPool(
        new URL(`./junitWorker${extname(fileURLToPath(import.meta.url))}`, import.meta.url),
        resolved,
        { xml: '<testsuites/>', plan, options: {} },
      );
      const outcome = await pool.run({ xml, plan, options });
      if (E.isRight(outcome)) return outcome.right;
      return E.left(
        outcome.left._tag === 'TooSlow'
          ? { _tag: 'ReportTooSlow', limitMs: outcome.left.limitMs }
          : { _tag: 'ReportTooBig', limitMb: outcome.left.limitMb },
      );
    },
    close: async () => {
      await pool?.close();
    },
  };
}
