/**
 * Helpers shared by the store tests: new-event factories, unique names per run, and the rule for
 * tests that need a server (skip with a message, or fail when LAUNCHPLAN_REQUIRE_SERVICES=1).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createConnection } from 'node:net';
import type { NewEvent } from '../../src/events/envelope.ts';
import type { EventEnvelope } from '../../src/events/envelope.ts';
import type { EventStore } from '../../src/store/EventStore.ts';

/** A unique, store-safe name for this test run (letters and digits). */
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

/** Whether the services are required (CI): then an unreachable server fails instead of skipping. */
export const servicesRequired = (): boolean => process.env['LAUNCHPLAN_REQUIRE_SERVICES'] === '1';

/** Whether a TCP port answers, within `timeoutMs`. */
export const tcpReachable = (url: string, defaultPort: number, timeoutMs = 2000): Promise<boolean> =>
  new Promise((resolve) => {
    const parsed = new URL(url);
    const socket = createConnection({ host: parsed.hostname, port: Number(parsed.port || defaultPort) });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });

/** PostgreSQL URL for tests. */
export const pgUrl = (): string =>
  process.env['LAUNCHPLAN_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
/** NATS URL for tests. */
export const natsUrl = (): string => process.env['LAUNCHPLAN_NATS_URL'] ?? 'nats://127.0.0.1:4222';
