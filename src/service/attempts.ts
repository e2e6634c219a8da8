/**
 * Failed credentials per client address: a sign-in with an unknown token, a request with an
 * unknown bearer token. An address that failed `max` times within the last `windowMs` is turned
 * away, whatever credential it sends next (a right guess among refusals would still be told
 * apart), until its oldest failure is a window old: `429` with `Retry-After`. Issue 23: 20,000
 * wrong guesses went through at 1,337/s.
 */
import type { HttpError } from './reply.ts';

export interface AttemptOptions {
  /** Failures an address may have in a window (default 50). */
  max?: number;
  /** The window, in ms (default 60,000). */
  windowMs?: number;
  /** Addresses remembered at most (default 10,000): the one that failed least recently is forgotten first. */
  addresses?: number;
  now?: () => number;
}

/** Counts failed credentials by client address and says who must wait. */
export interface AttemptLimiter {
  /** How long the address must wait before it may present a credential again (0: it may now). */
  waitMs(address: string): number;
  /** Records a failed credential of the address. */
  failed(address: string): void;
}

/**
 * A limiter that keeps, per address, the times of its last `max` failures.
 *
 * @example
 * const attempts = createAttemptLimiter();
 * if (attempts.waitMs(address) > 0) return sendError(res, tooManyAttempts(attempts.waitMs(address)));
 */
export function createAttemptLimiter(options: AttemptOptions = {}): AttemptLimiter {
  const max = options.max ?? 50;
  const windowMs = options.windowMs ?? 60_000;
  const addresses = options.addresses ?? 10_000;
  const now = options.now ?? Date.now;
  const failures = new Map<string, number[]>();
  const recent = (address: string): number[] => {
    const times = failures.get(address) ?? [];
    const since = now() - windowMs;
    while (times.length > 0 && (times[0] as number) <= since) times.shift();
    if (times.length === 0) failures.delete(address);
    return times;
  };
  return {
    waitMs(address) {
      const times = recent(address);
      return times.length < max ? 0 : (times[0] as number) + windowMs - now();
    },
    failed(address) {
      const times = recent(address);
      times.push(now());
      if (times.length > max) times.shift();
      // A Map keeps insertion order: re-inserting on each failure puts the stalest address first.
      failures.delete(address);
      failures.set(address, times);
      if (failures.size > addresses) failures.delete(failures.keys().next().value as string);
    },
  };
}

/** The answer to an address that must wait: 429 and when to come back. */
export function tooManyAttempts(waitMs: number): HttpError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return {
    status: 429,
    kind: 'TooManyAttempts',
    message: `too many failed sign-ins or unknown tokens from this address: try again in ${seconds} s`,
    headers: { 'retry-after': String(seconds) },
  };
}
