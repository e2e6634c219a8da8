/**
 * A server store that knows its server is down says so at once. When an operation gives up with
 * `StoreUnavailable` (its budget spent on a server that did not answer), the store is marked down:
 * calls fail at once with the same failure, and the store asks its server (`probe`) every second
 * in the background; the first answer marks it up again. Without this, callers that take turns
 * (one launch's sends are sequential) each waited out their own budget: eight posts to one launch
 * behind a silent network were answered after 10, 20 … 80 s (issue 23).
 */
import type { EventEnvelope } from '../events/envelope.ts';
import type { EventStore } from './EventStore.ts';
import { beforeDeadline, FENCED_APPEND, StoreError, storeUnavailable, unavailableOf } from './storeError.ts';

export interface OutageOptions {
  /** Which backend, for messages. */
  readonly store: string;
  /** One cheap round trip to the server; resolves when it answers. */
  readonly probe: () => Promise<void>;
  /** The longest a probe may take (its own deadlines should end it first). */
  readonly probeDeadlineMs: number;
  /** The pause between probes while the server does not answer (default 1 s). */
  readonly probeEveryMs?: number;
}

/**
 * The store, failing fast while its server is known to be down.
 *
 * @example
 * return guardOutages(store, { store: 'postgres', probe: async () => void (await pool.query('SELECT 1')), probeDeadlineMs: 5000 });
 */
export function guardOutages(inner: EventStore, options: OutageOptions): EventStore {
  let down: { since: number; message: string } | undefined;
  let closed = false;
  const probeEveryMs = options.probeEveryMs ?? 1000;

  const probeUntilUp = async (): Promise<void> => {
    while (down && !closed) {
      await new Promise((resolve) => setTimeout(resolve, probeEveryMs).unref());
      try {
        await beforeDeadline(options.probe(), Date.now() + options.probeDeadlineMs, () =>
          storeUnavailable(options.store, 'probe', 'no answer'),
        );
        down = undefined;
      } catch {
        // Still down: the next probe comes after a pause.
      }
    }
  };
  const noteFailure = (error: unknown): void => {
    const unavailable = unavailableOf(error);
    // A lease taken over is no outage: the server answered, and refused this host's token.
    if (!unavailable || down || closed || unavailable.operation === FENCED_APPEND) return;
    down = { since: Date.now(), message: unavailable.message };
    void probeUntilUp();
  };
  const refuseWhileDown = (operation: string): void => {
    if (!down) return;
    const seconds = Math.round((Date.now() - down.since) / 1000);
    throw new StoreError(
      storeUnavailable(
        options.store,
        operation,
        `${options.store} has not answered for ${seconds} s (${down.message}); checking every ${probeEveryMs} ms`,
      ),
    );
  };
  const guarded =
    <Args extends unknown[], A>(operation: string, call: (...args: Args) => Promise<A>) =>
    async (...args: Args): Promise<A> => {
      refuseWhileDown(operation);
      try {
        return await call(...args);
      } catch (error) {
        noteFailure(error);
        throw error;
      }
    };
  const guardedIterable = (operation: string, open: () => AsyncIterable<EventEnvelope>) =>
    (async function* () {
      refuseWhileDown(operation);
      try {
        yield* open();
      } catch (error) {
        noteFailure(error);
        throw error;
      }
    })();

  return {
    append: guarded('append', inner.append.bind(inner)),
    read: (stream, readOptions) => guardedIterable('read', () => inner.read(stream, readOptions)),
    version: guarded('version', inner.version.bind(inner)),
    subscribe: (stream, subscribeOptions) =>
      guardedIterable('subscribe', () => inner.subscribe(stream, subscribeOptions)),
    listStreams: guarded('listStreams', inner.listStreams.bind(inner)),
    saveSnapshot: guarded('saveSnapshot', inner.saveSnapshot.bind(inner)),
    loadSnapshot: guarded('loadSnapshot', inner.loadSnapshot.bind(inner)),
    verify: guarded('verify', inner.verify.bind(inner)),
    close() {
      closed = true;
      return inner.close();
    },
  };
}
