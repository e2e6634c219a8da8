/**
 * Time runs by itself in a service: its scheduler appends `deadline.reached` when a window
 * passes, with nobody running `launchplan tick`, and two hosts sweeping one log write each
 * deadline once (the event id is the same on both).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Checklist } from '../../src/checklist/derive.ts';
import type { EventEnvelope } from '../../src/events/envelope.ts';
import { createDeadlineScheduler } from '../../src/service/deadlineScheduler.ts';
import { createLaunchRegistry } from '../../src/service/launches.ts';
import { createMemoryEventStore } from '../../src/store/index.ts';
import type { EventStore } from '../../src/store/EventStore.ts';
import { exampleBytes } from '../support/examples.ts';
import { parseEvents } from '../support/ical.ts';
import { startService, type Running } from './harness.ts';

const DAY = 86_400_000;
const running: Running[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((run) => run.close()));
});

/** A clock the test moves forward. */
function fakeClock(start: string) {
  let now = Date.parse(start);
  return { read: () => new Date(now), advance: (ms: number) => (now += ms) };
}

const deadlineEvents = async (store: EventStore, stream: string): Promise<EventEnvelope[]> => {
  const events: EventEnvelope[] = [];
  for await (const event of store.read(stream)) if (event.type === 'deadline.reached') events.push(event);
  return events;
};

const startEtika = async (run: Running) => {
  const created = await run.request('POST', '/launches?stream=etika', {
    body: exampleBytes('etika-platform'),
    headers: { 'content-type': 'text/markdown' },
  });
  expect(created.status).toBe(201);
};

describe('the service keeps time', () => {
  it('should show overdue steps of a launch left alone past its windows, with nobody running tick', async () => {
    const store = createMemoryEventStore();
    const clock = fakeClock('2026-03-02T08:00:00.000Z');
    const run = await startService(store, { clock: clock.read, deadlineSweepMs: 20 });
    running.push(run);
    await startEtika(run);
    const before = await run.request<Checklist & { now: string; secondsToGoLive: number | null }>(
      'GET',
      '/launches/etika',
    );
    expect(before.json).toMatchObject({ now: '2026-03-02T08:00:00.000Z', secondsToGoLive: null });
    expect(before.json.phases[0]?.due).toBe('2026-03-16T08:00:00.000Z');
    expect(before.json.blockers.filter((blocker) => blocker.kind === 'overdue')).toEqual([]);

    // Three weeks pass: weeks 1-2 are over, their steps are not done.
    clock.advance(21 * DAY);
    let overdue: Checklist['blockers'] = [];
    for (let attempt = 0; attempt < 200 && overdue.length === 0; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      const status = await run.request<Checklist>('GET', '/launches/etika');
      overdue = status.json.blockers.filter((blocker) => blocker.kind === 'overdue');
    }
    expect(overdue.length).toBeGreaterThan(0);
    const events = await deadlineEvents(store, 'etika');
    expect(events.every((event) => event.actor.id === 'launchplan-scheduler')).toBe(true);
    const calendar = await run.request('GET', '/launches/etika/calendar.ics');
    expect(calendar.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const entries = parseEvents(calendar.text);
    expect(entries[0]).toMatchObject({ start: '2026-03-02T08:00:00.000Z', end: '2026-03-16T08:00:00.000Z' });
    expect(entries[0]?.summary).toMatch(/^OVERDUE: /);
    expect(events.every((event) => event.at === '2026-03-23T08:00:00.000Z')).toBe(true);
  });

  it('should write each deadline once when two hosts sweep the same log', async () => {
    const store = createMemoryEventStore();
    const clock = fakeClock('2026-03-02T08:00:00.000Z');
    const first = await startService(store, { clock: clock.read });
    const second = await startService(store, { clock: clock.read });
    running.push(first, second);
    await startEtika(first);
    expect(await second.service.sweepDeadlines()).toBe(0);
    clock.advance(60 * DAY);
    const [a, b] = await Promise.all([first.service.sweepDeadlines(), second.service.sweepDeadlines()]);
    const events = await deadlineEvents(store, 'etika');
    expect(events.length).toBeGreaterThan(0);
    expect(a + b).toBe(events.length);
    expect(new Set(events.map((event) => (event.data as { deadlineId: string }).deadlineId)).size).toBe(
      events.length,
    );
    // A later sweep finds nothing new.
    expect(await first.service.sweepDeadlines()).toBe(0);
  });

  it('should skip a stream that holds no launch, report one it cannot read, and tick the others', async () => {
    const memory = createMemoryEventStore();
    const clock = fakeClock('2026-03-02T08:00:00.000Z');
    const run = await startService(memory, { clock: clock.read });
    running.push(run);
    await startEtika(run);
    const foreign = await memory.append(
      'notes',
      [
        {
          eventId: 'n1',
          type: 'note.written',
          data: {},
          at: '2026-03-02T08:00:00.000Z',
          actor: { id: 'x', roles: [] },
          planHash: 'none',
        },
      ],
      { expectedVersion: 'no_stream' },
    );
    expect(foreign._tag).toBe('Right');
    // A store whose log of one stream cannot be read (a disk error, say).
    const broken: EventStore = {
      ...memory,
      listStreams: async () => [...(await memory.listStreams()), 'unreadable'],
      read: (stream, options) => {
        if (stream !== 'unreadable') return memory.read(stream, options);
        throw new Error('EIO: the disk failed');
      },
    };
    const errors: string[] = [];
    const scheduler = createDeadlineScheduler({
      launches: createLaunchRegistry({
        store: broken,
        serviceActor: { id: 'svc', roles: [] },
        clock: clock.read,
      }),
      onError: (error, stream) => errors.push(`${stream}: ${(error as Error).message}`),
    });
    clock.advance(21 * DAY);
    expect(await scheduler.sweep()).toBeGreaterThan(0);
    expect(errors).toEqual(['unreadable: EIO: the disk failed']);
    await scheduler.close();
  });
});
