/**
 * Broken infrastructure the service can name, answered as such instead of a 500 with a stack in
 * the log: a store that cannot answer now (503 with Retry-After), storage that is full (507), a
 * log damaged at a version (503 `LogDamaged`). Issue 23: a full disk made every write a 500 and
 * wrote 398 stack traces; a damaged log made every post a 500. What the service cannot name is
 * still a 500, logged.
 */
import { EventLogError } from '../store/EventStore.ts';
import { unavailableOf } from '../store/storeError.ts';
import { fromStoreUnavailable, withoutServerPaths, type HttpError } from './reply.ts';

/** errno codes (file systems) and SQLSTATE (PostgreSQL `disk_full`) of storage with no room left. */
const STORAGE_FULL = new Set(['ENOSPC', 'EDQUOT', '53100']);

/** Whether an error says the storage under the log is full. */
const storageFull = (error: unknown): boolean => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && STORAGE_FULL.has(code);
};

/**
 * The answer for a failure of the service's infrastructure, or `undefined` when it has no name
 * (a bug: answered 500 and logged).
 *
 * @example
 * namedFailure(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' })) // { status: 507, kind: 'InsufficientStorage', … }
 */
export function namedFailure(error: unknown): HttpError | undefined {
  const unavailable = unavailableOf(error);
  if (unavailable) return fromStoreUnavailable(unavailable);
  if (storageFull(error))
    return {
      status: 507,
      kind: 'InsufficientStorage',
      message:
        'the launch log has no room left: nothing was written (what was acknowledged is kept); send again once space is freed',
      headers: { 'retry-after': '60' },
    };
  if (error instanceof EventLogError && error.issue._tag !== 'CorruptSnapshot') {
    const version = error.issue._tag === 'CorruptRecord' ? error.issue.version : null;
    return {
      status: 503,
      kind: 'LogDamaged',
      message: `the log of launch ${error.issue.stream} is damaged${version === null ? '' : ` at version ${version}`}: nothing can be written to it until it is repaired (launchplan verify names the damage): ${withoutServerPaths(error.message)}`,
      details: { stream: error.issue.stream, version },
    };
  }
  return undefined;
}
