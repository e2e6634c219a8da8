/**
 * The log records when an event was recorded, never a time the sender claims: a sent `at` is kept
 * as `reportedAt`, and record times never go backwards, so "the launch at time T" is a prefix.
 */
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { alertFired, itemChecked, launchStarted } from '../../src/events/factories.ts';
import { createLaunch, replayLaunch, type Launch } from '../../src/launch/index.ts';
import { createMemoryEventStore } from '../../src/store/index.ts';
import type { EventEnvelope } from '../../src/events/envelope.ts';
import type { EventStore } from '../../src/store/EventStore.ts';
import { readExample } from '../support/examples.ts';
import { right } from '../support/either.ts';

const lead = { id: 'lead', roles: ['admin'] };
const plan = readExample('mbayar-go-live').plan;
const openItems =
  plan.phases[0]?.steps.flatMap((step) => step.items).filter((item) => !item.done && item.kind !== 'test') ??
  [];

/** A launch whose clock reads the times of `ticks` in turn (then stays on the last). */
const launchWithClock = async (store: EventStore, ticks: string[]): Promise<Launch> => {
  let index = 0;
  const clock = () => new Date(ticks[Math.min(index++, ticks.length - 1)] as string);
  return right(await createLaunch({ store, stream: 'go', plan, actor: lead, clock }));
};

const logOf = async (store: EventStore): Promise<EventEnvelope[]> => {
  const events: EventEnvelope[] = [];
  for await (const event of store.read('go')) events.push(event);
  return events;
};

describe('record times', () => {
  it('should stamp the record time and keep a time the sender gives as reportedAt', async () => {
    const store = createMemoryEventStore();
    const launch = await launchWithClock(store, [
      '2026-03-01T08:00:00.000Z',
      '2026-03-01T08:00:00.000Z',
      '2026-03-01T09:00:00.000Z',
    ]);
    right(await launch.send(launchStarted()));
    right(
      await launch.send({
        ...itemChecked({ itemId: openItems[0]?.id as string }),
        at: '1999-01-01T00:00:00Z',
      }),
    );
    const last = (await logOf(store)).at(-1);
    expect(last?.at).toBe('2026-03-01T09:00:00.000Z');
    expect(last?.data).toMatchObject({ reportedAt: '1999-01-01T00:00:00.000Z' });
    const checked = launch
      .checklist()
      .phases[0]?.steps.flatMap((step) => step.items)
      .find((item) => item.id === openItems[0]?.id);
    expect(checked?.at).toBe('2026-03-01T09:00:00.000Z');
  });

  it('should refuse an at that is not a date, and write nothing', async () => {
    const store = createMemoryEventStore();
    const launch = await launchWithClock(store, ['2026-03-01T08:00:00.000Z']);
    const refused = await launch.send({ ...launchStarted(), at: 'yesterday' });
    expect(E.isLeft(refused) && refused.left).toMatchObject({
      _tag: 'InvalidEvent',
      errors: [{ path: 'at' }],
    });
    expect(launch.version).toBe(1);
  });

  it('should never stamp an event earlier than the one before it, and cut point-in-time views at a prefix', async () => {
    const store = createMemoryEventStore();
    // The clock goes backwards after the second event (a host behind, or after a simulated future tick).
    const launch = await launchWithClock(store, [
      '2026-03-01T08:00:00.000Z',
      '2026-03-01T10:00:00.000Z',
      '2026-03-01T09:00:00.000Z',
      '2026-03-01T11:00:00.000Z',
    ]);
    right(await launch.send(launchStarted()));
    right(await launch.send(alertFired({ alertId: 'p99' })));
    right(await launch.send(itemChecked({ itemId: openItems[0]?.id as string })));
    const times = (await logOf(store)).map((event) => event.at);
    expect(times).toEqual([
      '2026-03-01T08:00:00.000Z',
      '2026-03-01T10:00:00.000Z',
      '2026-03-01T10:00:00.000Z',
      '2026-03-01T11:00:00.000Z',
    ]);
    expect([...times].sort()).toEqual(times);

    const at = async (time: string) => right(await replayLaunch(store, 'go', { at: time })).version;
    expect(await at('2026-03-01T08:30:00.000Z')).toBe(1);
    expect(await at('2026-03-01T10:00:00.000Z')).toBe(3);
    expect(await at('2026-03-01T10:59:59.000Z')).toBe(3);
    expect(await at('2027-01-01T00:00:00.000Z')).toBe(4);
  });

  it("should record a deadline at the scheduler's time, and stamp later events no earlier", async () => {
    const store = createMemoryEventStore();
    const launch = await launchWithClock(store, [
      '2026-03-01T08:00:00.000Z',
      '2026-03-01T08:00:00.000Z',
      '2030-01-01T00:02:00.000Z',
      '2029-12-31T23:00:00.000Z',
    ]);
    right(await launch.send(launchStarted()));
    // Within the skew: the clock reads two minutes later than the scheduler's `now`.
    const ticked = right(await launch.tick(new Date('2030-01-01T00:00:00.000Z')));
    expect(ticked).toBeGreaterThan(0);
    right(await launch.send(itemChecked({ itemId: openItems[1]?.id as string })));
    const log = await logOf(store);
    expect(
      log
        .filter((event) => event.type === 'deadline.reached')
        .every((event) => event.at === '2030-01-01T00:00:00.000Z'),
    ).toBe(true);
    expect(log.at(-1)?.at).toBe('2030-01-01T00:00:00.000Z');
  });

  it('should refuse a tick far ahead of the clock as ClockAhead, and write nothing', async () => {
    const store = createMemoryEventStore();
    const launch = await launchWithClock(store, ['2026-03-01T08:00:00.000Z']);
    right(await launch.send(launchStarted()));
    const ticked = await launch.tick(new Date('2026-03-11T08:00:00.000Z'));
    expect(E.isLeft(ticked) && ticked.left).toMatchObject({
      _tag: 'ClockAhead',
      at: '2026-03-11T08:00:00.000Z',
      now: '2026-03-01T08:00:00.000Z',
      maxSkewMs: 300_000,
    });
    expect(launch.version).toBe(2);
  });
});
