/**
 * A written event is never reported as failed: the work after an append (a snapshot that the
 * store cannot take now, a listener that throws) is reported to the host (`onBackgroundError`)
 * and the send succeeds; the snapshot is tried again with the next event.
 */
import { describe, expect, it } from 'vitest';
import { itemChecked, itemUnchecked, launchStarted } from '../../src/events/factories.ts';
import { createLaunch } from '../../src/launch/index.ts';
import { createMemoryEventStore } from '../../src/store/index.ts';
import type { EventStore } from '../../src/store/EventStore.ts';
import { StoreError, storeUnavailable } from '../../src/store/storeError.ts';
import { readExample } from '../support/examples.ts';
import { right } from '../support/either.ts';

const lead = { id: 'lead', roles: ['admin'] };
const plan = readExample('mbayar-go-live').plan;
const item = plan.phases[0]!.steps.flatMap((step) => step.items).find(
  (candidate) => !candidate.done && candidate.kind !== 'test',
)!.id;

/** The memory store, whose snapshots fail while `down` is set, counting the attempts. */
const storeWithFailingSnapshots = (): {
  store: EventStore;
  down: { value: boolean };
  attempts: () => number;
} => {
  const inner = createMemoryEventStore();
  const down = { value: true };
  let attempts = 0;
  const store: EventStore = {
    ...inner,
    saveSnapshot: async (stream, snapshot) => {
      attempts += 1;
      if (down.value)
        throw new StoreError(storeUnavailable('test', 'saveSnapshot', 'the snapshot stream has no leader'));
      return inner.saveSnapshot(stream, snapshot);
    },
  };
  return { store, down, attempts: () => attempts };
};

describe('work after an append', () => {
  it('should answer a written event as written when its snapshot fails, and take the snapshot later', async () => {
    const { store, down, attempts } = storeWithFailingSnapshots();
    const reported: unknown[] = [];
    const launch = right(
      await createLaunch({
        store,
        stream: 'go',
        plan,
        actor: lead,
        snapshotEvery: 4,
        onBackgroundError: (error) => reported.push(error),
      }),
    );
    const toggle = async (): Promise<boolean> =>
      right(
        await launch.send(
          launch.version % 2 === 0 ? itemChecked({ itemId: item }) : itemUnchecked({ itemId: item }),
        ),
      ).appended;
    expect(right(await launch.send(launchStarted())).appended).toBe(true);
    // Versions 3–6: the snapshot due at version 5 fails, and is tried again at 6.
    expect([await toggle(), await toggle(), await toggle(), await toggle()]).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(right(await store.version('go'))).toBe(6);
    expect(attempts()).toBe(2);
    expect(reported).toHaveLength(2);
    expect((reported[0] as StoreError).failure).toMatchObject({
      _tag: 'StoreUnavailable',
      message: 'the snapshot stream has no leader',
    });
    down.value = false;
    expect(await toggle()).toBe(true);
    expect(right(await store.loadSnapshot('go'))?.version).toBe(7);
  });

  it('should answer a written event as written when a listener throws', async () => {
    const store = createMemoryEventStore();
    const reported: unknown[] = [];
    const launch = right(
      await createLaunch({
        store,
        stream: 'go',
        plan,
        actor: lead,
        onBackgroundError: (error) => reported.push(error),
      }),
    );
    launch.on('event', () => {
      throw new Error('listener bug');
    });
    expect(right(await launch.send(launchStarted()))).toMatchObject({ version: 2, appended: true });
    expect((reported[0] as Error).message).toBe('listener bug');
    expect(launch.version).toBe(2);
  });
});
