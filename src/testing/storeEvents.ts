/**
 * Events and reads for testing an event store: new events with distinct data and times, a
 * unique name per run, and whole reads. The store conformance suite uses them; so can the tests
 * of a store of your own.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { EventEnvelope, NewEvent } from '../events/envelope.ts';
import type { EventStore } from '../store/EventStore.ts';

/**
 * A unique, store-safe name for this test run (letters and digits).
 *
 * @example
 * const stream = `${runId()}-go-live`;
 */
export const runId = (): string => `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

/** A valid new event; `n` makes its data and time distinct. */
export const newEvent = (n: number, overrides: Partial<NewEvent> = {}): NewEvent => ({
  eventId: randomUUID(),
  type: 'item.checked',
  data: { item: `item-${n}`, note: 'checked during the dry run', n },
  at: new Date(Date.UTC(2025, 0, 1) + n * 1000).toISOString(),
  actor: { id: 'alice', roles: ['release-manager'] },
  planHash: 'a'.repeat(64),
  ...overrides,
});

/** `count` new events numbered from `start`. */
export const newEvents = (count: number, start = 0): NewEvent[] =>
  Array.from({ length: count }, (_, i) => newEvent(start + i));

/** Collect an async iterable. */
export const collect = async <A>(items: AsyncIterable<A>): Promise<A[]> => {
  const out: A[] = [];
  for await (const item of items) out.push(item);
  return out;
};

/** Read a whole stream. */
export const readAll = (store: EventStore, stream: string): Promise<EventEnvelope[]> =>
  collect(store.read(stream));
