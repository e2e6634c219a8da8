/**
 * Snapshots are only trusted when intact and of this log: a damaged snapshot, or one taken from
 * another log, is ignored (and said so) and the launch is replayed from its verified log.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alertFired, itemChecked, launchStarted } from '../../src/events/factories.ts';
import { createLaunch, openLaunch, replayLaunch } from '../../src/runtime/index.ts';
import { createFileEventStore, createMemoryEventStore } from '../../src/store/index.ts';
import type { EventStore } from '../../src/store/EventStore.ts';
import { readExample } from '../support/examples.ts';
import { right } from '../support/either.ts';

const lead = { id: 'lead', roles: ['admin'] };
const plan = readExample('mbayar-go-live').plan;
const openItems = plan.phases[0]?.steps.flatMap((step) => step.items).filter((item) => !item.done && item.kind !== 'test') ?? [];

/** A launch in `stream` with three items checked and a snapshot after them, then one more event. */
const launchWithSnapshot = async (store: EventStore, stream: string): Promise<void> => {
  const launch = right(await createLaunch({ store, stream, plan, actor: lead }));
  right(await launch.send(launchStarted()));
  for (const item of openItems.slice(0, 3)) right(await launch.send(itemChecked({ itemId: item.id })));
  await launch.saveSnapshot();
  right(await launch.send(itemChecked({ itemId: openItems[3]?.id as string })));
};

describe('snapshots', () => {
  it('should open from an intact snapshot to the same state as a full replay', async () => {
    const store = createMemoryEventStore();
    await launchWithSnapshot(store, 'go');
    const fromSnapshot = right(await replayLaunch(store, 'go'));
    const full = right(await replayLaunch(store, 'go', { useSnapshot: false }));
    expect(fromSnapshot.ignoredSnapshot).toBeUndefined();
    expect(fromSnapshot.fold.snapshot()).toEqual(full.fold.snapshot());
    expect(right(await store.loadSnapshot('go'))?.version).toBe(5);
  });

  it('should ignore a snapshot whose content was changed, and replay the log instead', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'lp-snapshot-'));
    const store = createFileEventStore(directory);
    await launchWithSnapshot(store, 'go');
    const path = join(directory, 'go.snapshot.json');
    // A fake open alert written into the stored state: the digest no longer matches.
    const text = readFileSync(path, 'utf8');
    const edited = text.replace('"alerts":{}', '"alerts":{"fake":{"at":"2026-01-01T00:00:00.000Z"}}');
    expect(edited).not.toBe(text);
    writeFileSync(path, edited);
    const opened = right(await replayLaunch(store, 'go'));
    expect(opened.ignoredSnapshot).toMatch(/snapshot at version 5 was not used: its content does not match its digest/);
    expect(opened.fold.snapshot().context.alerts).toEqual({});
    const launch = right(await openLaunch({ store, stream: 'go', actor: lead }));
    expect(launch.checklist().health).toBe('healthy');
    await store.close();
  });

  it('should ignore a snapshot that does not chain to the log it sits next to', async () => {
    const store = createMemoryEventStore();
    await launchWithSnapshot(store, 'a');
    // Another launch of the same plan, with a different history; then a's snapshot put on b.
    const b = right(await createLaunch({ store, stream: 'b', plan, actor: lead }));
    right(await b.send(launchStarted()));
    right(await b.send(alertFired({ alertId: 'p99' })));
    for (const item of openItems.slice(4, 7)) right(await b.send(itemChecked({ itemId: item.id })));
    const snapshot = right(await store.loadSnapshot('a'));
    if (!snapshot) throw new Error('a has a snapshot');
    right(await store.saveSnapshot('b', snapshot));
    const opened = right(await replayLaunch(store, 'b'));
    expect(opened.ignoredSnapshot).toMatch(/does not chain to version 6/);
    expect(opened.fold.snapshot()).toEqual(right(await replayLaunch(store, 'b', { useSnapshot: false })).fold.snapshot());
    expect(Object.keys(opened.fold.snapshot().context.alerts)).toEqual(['p99']);
  });
});
