/**
 * A written event is never reported as failed: the work after an append (a snapshot that the
 * store cannot take now, a listener that throws) is reported as a warning and the send succeeds;
 * the snapshot is tried again later, not on every send.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { itemChecked, itemUnchecked, launchStarted } from '../../src/events/factories.ts';
import { createLaunch } from '../../src/runtime/index.ts';
import { createMemoryEventStore } from '../../src/store/index.ts';
import type { EventStore } from '../../src/store/EventStore.ts';
import { StoreError, storeUnavailable } from '../../src/store/storeError.ts';
import { readExample } from '../support/examples.ts';
import { right } from '../support/either.ts';

const lead = { id: 'lead', roles: ['admin'] };
const plan = readExample('mbayar-go-live').plan;
const openItems = plan.phases[0]?.steps.flatMap((step) => step.items).filter((item) => !item.done && item.kind !== 'test') ?? [];

/** The memory store, whose snapshots fail while `down` is set, counting the attempts. */
const storeWithFailingSnapshots = (): { store: EventStore; down: { value: boolean }; attempts: () => number } => {
  const inner = createMemoryEventStore();
  const down = { value: true };
  let attempts = 0;
  const store: EventStore = {
    ...inner,
    saveSnapshot: async (stream, snapshot) => {
      attempts += 1;
      if (down.value) throw new StoreError(storeUnavailable('test', 'saveSnapshot', 'the snapshot stream has no leader'));
      return inner.saveSnapshot(stream, snapshot);
    },
  };
  return { store, down, attempts: () => attempts };
};

let warnings: string[] = [];
const onWarning = (warning: Error): void => void warnings.push(warning.message);
beforeEach(() => {
  warnings = [];
  process.on('warning', onWarning);
});
afterEach(() => void process.off('warning', onWarning));

describe('work after an append', () => {
  it('should answer a written event as written when its snapshot fails, and take the snapshot later', async () => {
    const { store, down, attempts } = storeWithFailingSnapshots();
    // A snapshot is due every 11 events; after a failure it is tried again 2 events later.
    const launch = right(await createLaunch({ store, stream: 'go', plan, source: null, actor: lead, snapshotEvery: 11 }));
    right(await launch.send(launchStarted()));
    const item = openItems[0]!.id;
    const toggle = async (times: number): Promise<boolean[]> => {
      const appended: boolean[] = [];
      for (let i = 0; i < times; i++) appended.push(right(await launch.send(launch.version % 2 === 0 ? itemChecked({ itemId: item }) : itemUnchecked({ itemId: item }))).appended);
      return appended;
    };
    expect(await toggle(10)).toEqual(Array(10).fill(true)); // versions 3–12: the snapshot at 12 fails
    expect(attempts()).toBe(1);
    expect(await toggle(2)).toEqual([true, true]); // 13: not tried, 14: fails again
    expect(attempts()).toBe(2);
    expect(right(await store.version('go'))).toBe(14);
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.filter((w) => /snapshot at version (12|14) was not written .*no leader.*trying again in 2 event/.test(w))).toHaveLength(2);
    down.value = false;
    await toggle(2); // 15: not tried, 16: written
    expect(attempts()).toBe(3);
    expect(right(await store.loadSnapshot('go'))?.version).toBe(16);
  });

  it('should answer a written event as written when a listener throws', async () => {
    const store = createMemoryEventStore();
    const launch = right(await createLaunch({ store, stream: 'go', plan, source: null, actor: lead }));
    launch.on('event', () => {
      throw new Error('listener bug');
    });
    expect(right(await launch.send(launchStarted()))).toMatchObject({ version: 2, appended: true });
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.some((w) => /after version 2: listener bug/.test(w))).toBe(true);
    expect(launch.version).toBe(2);
  });
});
