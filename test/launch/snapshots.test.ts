/**
 * Snapshots are checked, not trusted: a launch opens from one only when it is sealed with the
 * operator's key, unchanged and of this log; a damaged, resealed, unkeyed or foreign snapshot is
 * ignored (and said so when a key is set) and the launch is replayed from its verified log.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alertFired, itemChecked, launchStarted } from '../../src/events/factories.ts';
import { sealSnapshot } from '../../src/launch/snapshotRecord.ts';
import { createLaunch, openLaunch } from '../../src/launch/index.ts';
// The launch's private state, not its view: these tests look at what the replay applied.
import { replayState } from '../../src/launch/replay.ts';
import { createFileEventStore, createMemoryEventStore } from '../../src/store/index.ts';
import type { EventStore } from '../../src/store/EventStore.ts';
import { readExample } from '../support/examples.ts';
import { right } from '../support/either.ts';

const lead = { id: 'lead', roles: ['admin'] };
const KEY = 'operators-snapshot-key';
const plan = readExample('mbayar-go-live').plan;
const openItems =
  plan.phases[0]?.steps.flatMap((step) => step.items).filter((item) => !item.done && item.kind !== 'test') ??
  [];

/** A launch in `stream` with three items checked and a snapshot after them, then one more event. */
const launchWithSnapshot = async (
  store: EventStore,
  stream: string,
  snapshotKey: string | null = KEY,
): Promise<void> => {
  const launch = right(await createLaunch({ store, stream, plan, actor: lead, snapshotKey }));
  right(await launch.send(launchStarted()));
  for (const item of openItems.slice(0, 3)) right(await launch.send(itemChecked({ itemId: item.id })));
  await launch.saveSnapshot();
  right(await launch.send(itemChecked({ itemId: openItems[3]?.id as string })));
};

describe('snapshots', () => {
  it('should open from an intact snapshot to the same state as a full replay', async () => {
    const store = createMemoryEventStore();
    await launchWithSnapshot(store, 'go');
    const fromSnapshot = right(await replayState(store, 'go', { snapshotKey: KEY }));
    const full = right(await replayState(store, 'go', { useSnapshot: false }));
    expect(fromSnapshot.ignoredSnapshot).toBeUndefined();
    // Opened from the snapshot: only the event after it was applied (no refusal, no replay of 1..5).
    expect(fromSnapshot.recentIds.versions.size).toBe(1);
    expect(fromSnapshot.snapshot()).toEqual(full.snapshot());
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
    const opened = right(await replayState(store, 'go', { snapshotKey: KEY }));
    expect(opened.ignoredSnapshot).toMatch(
      /snapshot at version 5 was not used: its seal does not match its content/,
    );
    expect(opened.snapshot().context.alerts).toEqual({});
    const launch = right(await openLaunch({ store, stream: 'go', actor: lead, snapshotKey: KEY }));
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
    const opened = right(await replayState(store, 'b', { snapshotKey: KEY }));
    expect(opened.ignoredSnapshot).toMatch(/does not chain to version 6/);
    expect(opened.snapshot()).toEqual(
      right(await replayState(store, 'b', { useSnapshot: false })).snapshot(),
    );
    expect(Object.keys(opened.snapshot().context.alerts)).toEqual(['p99']);
  });

  it('should not trust a forged snapshot resealed without the key: the launch replays its log and refuses the go the plan refuses', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'lp-snapshot-forged-'));
    const store = createFileEventStore(directory);
    await launchWithSnapshot(store, 'go');
    const path = join(directory, 'go.snapshot.json');
    const stored = JSON.parse(readFileSync(path, 'utf8')) as {
      version: number;
      state: Parameters<typeof sealSnapshot>[1];
    };
    // A forger who can write the store: every item of the plan done, then resealed with a key of its own and without one.
    const persisted = stored.state.persisted;
    for (const items of Object.values(persisted.context.groups))
      for (const item of Object.values(items)) item.status = 'done';
    for (const forgeryKey of ['not-the-operators-key', null]) {
      writeFileSync(
        path,
        JSON.stringify({ ...stored, state: sealSnapshot(stored.version, stored.state, forgeryKey) }),
      );
      const opened = right(await replayState(store, 'go', { snapshotKey: KEY }));
      expect(opened.ignoredSnapshot).toMatch(
        forgeryKey ? /its seal does not match its content/ : /it is not sealed with a key/,
      );
      expect(opened.checklist().progress.done).toBeLessThan(opened.checklist().progress.total);
    }
    await store.close();
  });

  it('should never open from a snapshot when no key is set, and say nothing about it', async () => {
    const store = createMemoryEventStore();
    await launchWithSnapshot(store, 'go', null);
    const opened = right(await replayState(store, 'go'));
    expect(opened.ignoredSnapshot).toBeUndefined();
    expect(opened.recentIds.versions.size).toBe(6);
  });
});
