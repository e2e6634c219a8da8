/**
 * Optimistic concurrency, in one place: the expected-version type, the check, the conflict error
 * (carrying expected AND actual versions), its type guard and the retry rule built on it.
 */
import * as E from 'fp-ts/lib/Either.js';

/**
 * What the caller believes about a stream before appending:
 * - a number `n`: the stream is exactly at version `n` (0 means empty);
 * - `'no_stream'`: the stream has no events yet (same as `0`);
 * - `'any'`: no check; the append goes at the end, whatever the version.
 */
export type ExpectedVersion = number | 'no_stream' | 'any';

/** An append was refused because the stream is not at the expected version. */
export interface VersionConflict {
  readonly _tag: 'VersionConflict';
  readonly stream: string;
  readonly expected: ExpectedVersion;
  readonly actual: number;
}

/** Build a {@link VersionConflict}. */
export const versionConflict = (
  stream: string,
  expected: ExpectedVersion,
  actual: number,
): VersionConflict => ({
  _tag: 'VersionConflict',
  stream,
  expected,
  actual,
});

/** Type guard for {@link VersionConflict}, for use on any `Left`. */
export const isVersionConflict = (u: unknown): u is VersionConflict =>
  typeof u === 'object' && u !== null && (u as { _tag?: unknown })._tag === 'VersionConflict';

/** Whether a value is a valid {@link ExpectedVersion}. */
export const isExpectedVersion = (u: unknown): u is ExpectedVersion =>
  u === 'any' || u === 'no_stream' || (typeof u === 'number' && Number.isSafeInteger(u) && u >= 0);

/**
 * Check an expected version against the actual version of a stream.
 *
 * @example
 * checkExpectedVersion('s', 3, 3) // undefined: go ahead
 * checkExpectedVersion('s', 'no_stream', 2) // { _tag: 'VersionConflict', expected: 'no_stream', actual: 2, ... }
 */
export const checkExpectedVersion = (
  stream: string,
  expected: ExpectedVersion,
  actual: number,
): VersionConflict | undefined => {
  if (expected === 'any') return undefined;
  const wanted = expected === 'no_stream' ? 0 : expected;
  return wanted === actual ? undefined : versionConflict(stream, expected, actual);
};

/** Options of {@link retryOnVersionConflict}. */
export interface RetryOptions {
  /** How many attempts in all, the first included. Default 10. */
  readonly maxAttempts?: number;
  /**
   * Milliseconds to wait before attempt `n` (2, 3, …). Default {@link contentionDelayMs}. Return 0
   * for no wait.
   */
  readonly delayMs?: (attempt: number) => number;
}

/**
 * The wait before attempt `n` (2, 3, …) of a caller that conflicted: a random jitter of up to
 * `min(2^n, 50)` ms, which spreads writers that keep colliding (the stores' own retries use the
 * per-stream window of contention.ts).
 */
export const contentionDelayMs = (attempt: number): number => Math.random() * Math.min(2 ** attempt, 50);

/**
 * The default retry rule: run `attempt` again while it fails with a {@link VersionConflict}, up to
 * `maxAttempts` times. Each new attempt receives the last conflict, whose `actual` version is the
 * natural next expected version (after the caller has re-read and re-decided).
 * Any other failure, and the last conflict, is returned as is.
 *
 * @example
 * const result = await retryOnVersionConflict((conflict) =>
 *   store.append('launch-1', [event], { expectedVersion: conflict?.actual ?? known }),
 * );
 */
export const retryOnVersionConflict = async <L, A>(
  attempt: (lastConflict: VersionConflict | undefined, attemptNumber: number) => Promise<E.Either<L, A>>,
  options: RetryOptions = {},
): Promise<E.Either<L, A>> => {
  const maxAttempts = options.maxAttempts ?? 10;
  if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1) {
    throw new Error(
      `retryOnVersionConflict: maxAttempts should be an integer >= 1, got ${String(maxAttempts)}`,
    );
  }
  const delayMs = options.delayMs ?? contentionDelayMs;
  let lastConflict: VersionConflict | undefined;
  for (let n = 1; ; n++) {
    if (n > 1) {
      const wait = delayMs(n);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    const result = await attempt(lastConflict, n);
    if (E.isRight(result) || !isVersionConflict(result.left) || n >= maxAttempts) return result;
    lastConflict = result.left;
  }
};
