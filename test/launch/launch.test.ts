import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { createLaunch, openLaunch, replayLaunch, type Launch } from '../../src/launch/index.ts';
import { createFileEventStore, createMemoryEventStore } from '../../src/store/index.ts';
import { gateDecided, itemChecked, launchStarted } from '../../src/events/factories.ts';
import type { LaunchEvent } from '../../src/events/vocabulary.ts';
import { happyPath, loadExamples } from '../compile/drive.ts';
import { exampleBytes } from '../support/examples.ts';
import { right } from '../support/either.ts';

const lead = { id: 'lead', roles: ['admin'] };
let tick = Date.parse('2025-03-01T08:00:00.000Z');
const clock = () => new Date((tick += 1000));

describe('a launch', () => {
  it('should run every example plan to its end, and replay to the same checklist', async () => {
    const store = createMemoryEventStore();
    for (const example of await loadExamples()) {
      const loaded = {
        plan: example.plan,
        format: 'markdown' as const,
        source: exampleBytes(example.name as never),
      };
      const launch: Launch = right(
        await createLaunch({ store, stream: example.name, plan: loaded, actor: lead, clock }),
      );
      for (const event of happyPath(example)) right(await launch.send(event));
      const checklist = launch.checklist();
      expect(['completed', 'operating']).toContain(checklist.state);
      expect(checklist.progress.done).toBe(checklist.progress.total);
      const replayed = right(await replayLaunch(store, example.name, { useSnapshot: false }));
      expect(replayed.checklist()).toEqual(checklist);
      expect(replayed.markdown()?.markdown).toEqual(launch.markdown()?.markdown);
    }
  });

  it('should refuse what the state does not accept, and write nothing', async () => {
    const store = createMemoryEventStore();
    const [example] = await loadExamples();
    if (!example) throw new Error('examples');
    const launch = right(await createLaunch({ store, stream: 's', plan: example.plan, actor: lead, clock }));
    const gate = example.plan.gates[0]?.id ?? '';
    const refused = await launch.send(gateDecided({ gateId: gate, decision: 'go' }));
    expect(E.isLeft(refused) && refused.left._tag).toBe('NotAcceptedInState');
    // A JavaScript caller is not held by the types: send checks what it is given all the same.
    const invalid = await launch.send({ type: 'item.checked' } as LaunchEvent);
    expect(E.isLeft(invalid) && invalid.left).toMatchObject({
      _tag: 'InvalidEvent',
      errors: [{ path: 'itemId' }],
    });
    const unknownItem = await launch.send(itemChecked({ itemId: 'nope' }));
    expect(E.isLeft(unknownItem) && unknownItem.left).toMatchObject({
      _tag: 'NotAcceptedInState',
      explanation: { _tag: 'UnknownItem', itemId: 'nope' },
    });
    expect(launch.version).toBe(1);
    expect(right(await store.version('s'))).toBe(1);
  });

  it('should catch up with another host on a version conflict and still append', async () => {
    const store = createFileEventStore(mkdtempSync(join(tmpdir(), 'launch-')));
    const examples = await loadExamples();
    const example = examples.find((candidate) => candidate.name === 'mbayar-go-live');
    if (!example) throw new Error('mbayar');
    const first = right(await createLaunch({ store, stream: 'go', plan: example.plan, actor: lead, clock }));
    const second = right(await openLaunch({ store, stream: 'go', actor: lead, clock }));
    const items = example.plan.phases[0]?.steps[1]?.items ?? [];
    right(await first.send(launchStarted()));
    const sent = right(await second.send(itemChecked({ itemId: items[0]?.id ?? '' })));
    expect(sent.version).toBe(3);
    expect(second.checklist().state).toBe('running');
    right(await first.refresh());
    expect(first.checklist()).toEqual(second.checklist());
    await store.close();
  });
});

describe('idempotent sends', () => {
  it('should answer a retried event id with its first version, even when the state no longer accepts the event', async () => {
    const store = createMemoryEventStore();
    const example = (await loadExamples()).find((candidate) => candidate.name === 'mbayar-go-live');
    if (!example) throw new Error('mbayar');
    const launch = right(
      await createLaunch({ store, stream: 'idem', plan: example.plan, actor: lead, clock }),
    );
    right(await launch.send({ type: 'launch.started' }));
    const first = right(
      await launch.send({ type: 'alert.fired', alertId: 'p99' }, { eventId: 'am-p99-firing' }),
    );
    const again = right(
      await launch.send({ type: 'alert.fired', alertId: 'p99' }, { eventId: 'am-p99-firing' }),
    );
    expect(first).toEqual({ version: 3, appended: true });
    expect(again).toEqual({ version: 3, appended: false });
    expect(right(await store.version('idem'))).toBe(3);
    const other = right(await openLaunch({ store, stream: 'idem', actor: lead }));
    expect(
      right(await other.send({ type: 'alert.fired', alertId: 'p99' }, { eventId: 'am-p99-firing' })),
    ).toEqual({ version: 3, appended: false });
  });
});
