/**
 * Failures a store reports where its API has no `Left` to carry them: an async iterator (`read`,
 * `subscribe`) can only reject, and `listStreams` answers a plain list. They travel in one error
 * class, `StoreError`, whose `failure` is a tagged value, so callers switch on data, never on text.
 *
 * `StoreUnavailable` is the store's word for "the server cannot answer now" (unreachable, timed
 * out, no JetStream, no stream leader during a failover): the operation was retried while that
 * was safe, and gave up after its time budget. It is thrown by every method, appends included,
 * because it is broken infrastructure rather than a refusal: an HTTP service answers 503 with
 * `Retry-After`, a CLI exits with one line. An append that fails this way may or may not have
 * been written; appending the same event ids again is safe (a retry is written once). Every call
 * that retries, and every append, answers within its budget (`beforeDeadline`).
 */
import type { EventStore } from './EventStore.ts';
import type { InvalidStreamId } from './streamId.ts';
import { validateStreamId } from './streamId.ts';
import * as E from 'fp-ts/lib/Either.js';

/** The store's server cannot answer now; try again after `retryAfterMs`. */
export interface StoreUnavailable {
  readonly _tag: 'StoreUnavailable';
  /** Which backend: `nats`, `postgres`. */
  readonly store: string;
  /** The store operation that gave up (`append`, `read`, `version` …). */
  readonly operation: string;
  readonly message: string;
  /** A sensible wait before trying again. */
  readonly retryAfterMs: number;
}

/** What a store iterator or list can fail with, besides a broken log (`EventLogError`). */
export type StoreFailure = InvalidStreamId | StoreUnavailable;

/** The error that carries a {@link StoreFailure}. */
export class StoreError extends Error {
  readonly failure: StoreFailure;
  constructor(failure: StoreFailure, options?: { cause?: unknown }) {
    super(failure.message, options);
    this.name = 'StoreError';
    this.failure = failure;
  }
}

/** Build a {@link StoreUnavailable}. */
export const storeUnavailable = (
  store: string,
  operation: string,
  message: string,
  retryAfterMs = 1000,
): StoreUnavailable => ({
  _tag: 'StoreUnavailable',
  store,
  operation,
  message,
  retryAfterMs,
});

/**
 * The operation of the `StoreUnavailable` an append fails with when the store refused this host's
 * fencing token (another host took the launch's lease over): the store is up, the host is not
 * the writer any more (launch/owner/).
 */
export const FENCED_APPEND = 'fenced-append';

/** Whether an error is an append refused for a lease taken over ({@link FENCED_APPEND}). */
export const isFencedAppend = (error: unknown): boolean => unavailableOf(error)?.operation === FENCED_APPEND;

/** The {@link StoreUnavailable} an error carries, if it is one. */
export const unavailableOf = (error: unknown): StoreUnavailable | undefined =>
  error instanceof StoreError && error.failure._tag === 'StoreUnavailable' ? error.failure : undefined;

/** The stream id, or a `StoreError` carrying its `InvalidStreamId` (for `read` and `subscribe`). */
export const streamIdOrThrow = (stream: string): string => {
  const valid = validateStreamId(stream);
  if (E.isLeft(valid)) throw new StoreError(valid.left);
  return stream;
};

/** Options of {@link retryWhileUnavailable}. */
export interface UnavailableRetry {
  /** Which backend, for the message. */
  readonly store: string;
  /** The operation, for the message. */
  readonly operation: string;
  /** How long to keep trying, in ms. */
  readonly budgetMs: number;
  /** The text of a transient failure, `undefined` for any other error (which is rethrown at once). */
  readonly transient: (error: unknown) => string | undefined;
}

/**
 * How long a store that has never reached its server keeps trying, at most: a wrong address or
 * a server that is not running is likelier then than a failover, so a command says so in seconds.
 * The next operation tries again, so a host started during an outage recovers with its server.
 */
export const FIRST_CONTACT_MS = 2000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `work`'s outcome, or a `StoreError` carrying `late()` once `deadline` (ms since the epoch) has
 * passed without it. The work is not stopped: it goes on within its own deadlines and whatever it
 * ends with is dropped. So a store call answers by its deadline however its retries nest, and a
 * network that stops answering is an error, never a wait (issue 23).
 */
export const beforeDeadline = <A>(
  work: Promise<A>,
  deadline: number,
  late: () => StoreUnavailable,
): Promise<A> =>
  new Promise<A>((resolve, reject) => {
    const timer = setTimeout(() => reject(new StoreError(late())), Math.max(0, deadline - Date.now()));
    void work.then(resolve, reject).finally(() => clearTimeout(timer));
  });

/**
 * An append that answers within `budgetMs`: past it, a StoreUnavailable that says the append may
 * have been written (sending the same event ids again writes them once).
 */
export const appendWithin =
  (append: EventStore['append'], store: string, budgetMs: number): EventStore['append'] =>
  (stream, events, options) =>
    beforeDeadline(append(stream, events, options), Date.now() + budgetMs, () =>
      storeUnavailable(
        store,
        'append',
        `${store} did not confirm the append within ${budgetMs} ms: it may have been written: append the same event ids again (a retry is written once)`,
      ),
    );

/**
 * Run `work` again while it fails with a transient error, waiting 50 ms, 100 ms … (at most 1 s,
 * with jitter) in between, until `budgetMs` has passed; then throw a `StoreError` carrying a
 * {@link StoreUnavailable}. Only for work that is safe to repeat (a read, or a publish with the same
 * message id).
 */
export const retryWhileUnavailable = async <A>(
  work: () => Promise<A>,
  options: UnavailableRetry,
): Promise<A> => {
  const deadline = Date.now() + options.budgetMs;
  const late = (): StoreUnavailable =>
    storeUnavailable(
      options.store,
      options.operation,
      `${options.store} is unavailable (${options.operation}): no answer within ${options.budgetMs} ms`,
    );
  for (let attempt = 1; ; attempt++) {
    try {
      // An attempt that outlives the budget (a connection that stopped answering) is not waited for.
      return await beforeDeadline(work(), deadline, late);
    } catch (error) {
      if (error instanceof StoreError) throw error;
      const transient = options.transient(error);
      if (transient === undefined) throw error;
      const wait = Math.min(1000, 50 * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
      if (Date.now() + wait > deadline) {
        throw new StoreError(
          storeUnavailable(
            options.store,
            options.operation,
            `${options.store} is unavailable (${options.operation}): ${transient}`,
          ),
          { cause: error },
        );
      }
      await sleep(wait);
    }
  }
};
