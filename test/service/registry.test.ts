/**
 * The service's registry of open launches is bounded (the least recently used launch is let go)
 * and shares catch-ups: concurrent status reads of a stream cost one read of the log, and a
 * listing accepts a catch-up a moment old.
 */
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { launchStarted } from '../../src/events/factories.ts';
import { createLaunchRegistry } from '../../src/service/launches.ts';
import { createMemoryEventStore, type EventStore } from '../../src/store/index.ts';
import { readExample } from '../support/examples.ts';
import { right } from '../support/either.ts';

const ACTOR = { id: 'svc', roles: ['admin'] };

/** A store that counts the reads of the log (the registry's only cost of a catch-up). */
function countingReads(store: EventStore): { store: EventStore; reads: () => number } {
  let reads = 0;
  return {
    store: new Proxy(store, {
      get: (target, key, receiver) =>
        key === 'read'
          ? (...args: Parameters<EventStore['read']>) => ((reads += 1), target.read(...args))
          : (Reflect.get(target, key, receiver) as unknown),
    }),
    reads: () => reads,
  };
}

describe('the registry of open launches', () => {
  const plan = readExample('mbayar-go-live').plan;

  it('should keep at most maxOpen launches, letting the least recently used go', async () => {
    const registry = createLaunchRegistry({
      store: createMemoryEventStore(),
      serviceActor: ACTOR,
      maxOpen: 2,
    });
    for (const stream of ['a', 'b', 'c']) right(await registry.create(stream, plan, ACTOR, {}));
    const a = right(await registry.get('a'));
    expect(right(await registry.get('a'))).toBe(a);
    const b = right(await registry.get('b'));
    right(await registry.get('c'));
    // 'a' was used before 'b' and 'c': opening 'c' let it go; 'b' stays.
    expect(right(await registry.get('b'))).toBe(b);
    const reopened = right(await registry.get('a'));
    expect(reopened).not.toBe(a);
    expect(reopened.version).toBe(a.version);
    registry.close();
  });

  it('should share one catch-up between concurrent status reads, and let a listing use a recent one', async () => {
    const { store, reads } = countingReads(createMemoryEventStore());
    const registry = createLaunchRegistry({ store, serviceActor: ACTOR });
    right(await registry.create('go', plan, ACTOR, null));
    const before = reads();
    const answers = await Promise.all(Array.from({ length: 5 }, () => registry.fresh('go')));
    expect(answers.every(E.isRight)).toBe(true);
    expect(reads() - before).toBe(1);
    right(await registry.fresh('go', 60_000));
    expect(reads() - before).toBe(1);
    // Another host appends: a status read catches up, and sees it.
    const other = right(await createLaunchRegistry({ store, serviceActor: ACTOR }).get('go'));
    right(await other.send(launchStarted()));
    expect(right(await registry.fresh('go')).version).toBe(2);
    registry.close();
  });
});
