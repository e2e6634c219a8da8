/**
 * Live tail shared by the stores: read what is there, then wait for a change signal (an in-process
 * append, a file change, a PostgreSQL NOTIFY, a NATS message) and read again from where it stopped.
 * The wait is armed before each read, so a change that lands during a read is never missed.
 */
import type { EventEnvelope } from '../events/envelope.ts';
import type { SubscribeOptions } from './EventStore.ts';

/** A source of "something may have been appended" signals for one subscription. */
export interface ChangeSource {
  /** A promise resolved at the next change after this call. */
  arm(): Promise<void>;
  /** Stop listening. */
  close(): void;
}

/** A simple {@link ChangeSource} fed by calling `notify()`. */
export interface ChangeNotifier extends ChangeSource {
  notify(): void;
}

/** Create a {@link ChangeNotifier}; `onClose` runs once when it is closed. */
export const createChangeNotifier = (onClose: () => void = () => {}): ChangeNotifier => {
  let pending: { promise: Promise<void>; resolve: () => void } | undefined;
  let closed = false;
  return {
    arm() {
      if (!pending) {
        let resolve!: () => void;
        const promise = new Promise<void>((r) => (resolve = r));
        pending = { promise, resolve };
      }
      return pending.promise;
    },
    notify() {
      const current = pending;
      pending = undefined;
      current?.resolve();
    },
    close() {
      if (closed) return;
      closed = true;
      this.notify();
      onClose();
    },
  };
};

/**
 * Yield events from `from` (default 1) on, forever: catch up with `readFrom`, then wait for
 * `changes`. Ends when `signal` aborts or the consumer stops iterating; closes `changes` either way.
 */
export async function* liveTail(
  readFrom: (from: number) => AsyncIterable<EventEnvelope>,
  changes: ChangeSource,
  { from, signal }: SubscribeOptions,
): AsyncGenerator<EventEnvelope> {
  let next = Math.max(1, from ?? 1);
  const aborted = new Promise<void>((resolve) => {
    if (signal?.aborted) resolve();
    signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  try {
    while (!signal?.aborted) {
      const changed = changes.arm();
      for await (const event of readFrom(next)) {
        if (signal?.aborted) return;
        yield event;
        next = event.version + 1;
      }
      await Promise.race([changed, aborted]);
    }
  } finally {
    changes.close();
  }
}

/**
 * The subscriptions of one store instance, by stream. Each is a notifier that the store's own
 * signal wakes (an append in this process, a file change, a NOTIFY) and, with `pollMs`, a timer
 * too, for the signals a store can miss. Closing a subscription stops its timer and forgets it.
 */
export interface StreamWatchers {
  /** Wake every subscription of `stream`. */
  notify(stream: string): void;
  /** A new subscription of `stream`; `onClose` releases what the store attached to it. */
  watch(stream: string, pollMs?: number, onClose?: () => void): ChangeNotifier;
  /** Close every subscription (the store is closing). */
  closeAll(): void;
}

/** Create the {@link StreamWatchers} of a store instance. */
export const createStreamWatchers = (): StreamWatchers => {
  const byStream = new Map<string, Set<ChangeNotifier>>();
  return {
    notify(stream) {
      for (const watcher of byStream.get(stream) ?? []) watcher.notify();
    },
    watch(stream, pollMs, onClose) {
      const local = byStream.get(stream) ?? new Set<ChangeNotifier>();
      byStream.set(stream, local);
      const timer = pollMs === undefined ? undefined : setInterval(() => notifier.notify(), pollMs);
      timer?.unref();
      const notifier = createChangeNotifier(() => {
        clearInterval(timer);
        onClose?.();
        local.delete(notifier);
      });
      local.add(notifier);
      return notifier;
    },
    closeAll() {
      for (const local of byStream.values()) for (const watcher of [...local]) watcher.close();
    },
  };
};
