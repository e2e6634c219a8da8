/**
 * A store whose subscriptions are counted while they run, for the tests of live streams: what a
 * service holds open on its store, whatever its clients do.
 */
import type { EventStore } from '../../src/store/index.ts';

/** A store whose subscriptions are counted while they run. */
export function countingSubscriptions(store: EventStore): { store: EventStore; live: () => number } {
  let live = 0;
  const subscribe: EventStore['subscribe'] = (stream, options) => ({
    async *[Symbol.asyncIterator]() {
      live += 1;
      try {
        yield* store.subscribe(stream, options);
      } finally {
        live -= 1;
      }
    },
  });
  return {
    store: new Proxy(store, {
      get: (target, key, receiver) =>
        key === 'subscribe' ? subscribe : (Reflect.get(target, key, receiver) as unknown),
    }),
    live: () => live,
  };
}
