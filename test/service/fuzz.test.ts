/**
 * Fuzzing the running service with fast-check: random methods, paths, headers and bodies (garbage,
 * random JSON, near-valid events, truncated fixtures) against a live server. The server must answer
 * every request without a 500, stay up, and the log must grow only by the whole events the answers
 * say were accepted, each one decodable and hash-chained.
 */
import { request as httpRequest } from 'node:http';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJsonAs } from '../support/json.ts';
import type { AlertmanagerAnswer, SentAnswer } from './answers.ts';
import { decodeLaunchEvent } from '../../src/events/vocabulary.ts';
import { LAUNCH_CREATED } from '../../src/launch/index.ts';
import { createMemoryEventStore } from '../../src/store/index.ts';
import type { EventStore } from '../../src/store/EventStore.ts';
import { planItems } from '../../src/plan/query.ts';
import { exampleBytes, readExample } from '../support/examples.ts';
import { startService, TOKENS, type Running } from './harness.ts';
import { fcParams } from '../testing/seed.ts';

const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const STREAM = 'fuzz';
let store: EventStore;
let run: Running;

beforeAll(async () => {
  store = createMemoryEventStore();
  run = await startService(store, {
    limits: { eventBytes: 4096, planBytes: 64 * 1024, documentBytes: 64 * 1024 },
  });
  const created = await run.request('POST', `/launches?stream=${STREAM}`, {
    body: exampleBytes('mbayar-go-live'),
  });
  expect(created.status).toBe(201);
});
afterAll(async () => {
  await run.close();
  await store.close();
});

interface Raw {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | null;
}

/** Sends a request as given (no normalisation), resolving to the status and body, or null when the client refuses to send it. */
const send = (port: number, raw: Raw): Promise<{ status: number; text: string } | null> =>
  new Promise((resolve) => {
    let req;
    try {
      req = httpRequest(
        { host: '127.0.0.1', port, method: raw.method, path: raw.path, headers: raw.headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', () => resolve(null));
        },
      );
    } catch {
      resolve(null);
      return;
    }
    req.on('error', () => resolve(null));
    req.setTimeout(10_000, () => req.destroy());
    if (raw.body !== null) req.write(raw.body);
    req.end();
  });

const items = planItems(readExample('mbayar-go-live').plan).map(({ item }) => item.id);
const eventTypes = [
  'item.checked',
  'item.unchecked',
  'item.waived',
  'test.passed',
  'test.failed',
  'alert.fired',
  'alert.resolved',
  'gate.decided',
  'rollback.requested',
  'rollback.completed',
  'launch.resumed',
  'launch.aborted',
  'deadline.reached',
  'plan.revised',
  'launch.created',
  'launch.started',
  'nope',
];

const nearEvent = fc.record(
  {
    type: fc.constantFrom(...eventTypes),
    itemId: fc.oneof(fc.constantFrom(...items), fc.string()),
    alertId: fc.constantFrom('a1', 'a2', ''),
    gateId: fc.constantFrom('gate/go-no-go-protocole-de-lancement-jour-j', 'gate/x'),
    decision: fc.constantFrom('go', 'no-go', 'maybe'),
    at: fc.oneof(fc.constant('2025-01-01T00:00:00Z'), fc.string()),
    value: fc.oneof(fc.double(), fc.string()),
    reason: fc.string({ maxLength: 40 }),
  },
  { requiredKeys: ['type'] },
);

const body = fc.oneof(
  fc.constant(null),
  fc.string({ maxLength: 200 }),
  fc.json({ maxDepth: 3 }),
  nearEvent.map((event) => JSON.stringify(event)),
  fc.nat({ max: 4000 }).map((cut) => fixture('alertmanager-firing.json').slice(0, cut)),
  fc.nat({ max: 3000 }).map((cut) => fixture('junit-etika.xml').slice(0, cut)),
  fc.constant(fixture('alertmanager-resolved.json')),
  fc.constant('x'.repeat(5000)),
);

const path = fc.oneof(
  fc.constantFrom(
    '/launches',
    '/healthz',
    `/launches/${STREAM}`,
    `/launches/${STREAM}/checklist.md`,
    `/launches/${STREAM}/page/fragment`,
    '/launches/other/events',
    `/launches/${STREAM}/status?access_token=${TOKENS.viewer}`,
  ),
  fc
    .constantFrom('events', 'alertmanager', 'junit', 'page', 'status', '', 'x/y')
    .map((tail) => `/launches/${STREAM}/${tail}`),
  fc.string({ maxLength: 30 }).map((text) => `/launches/${encodeURIComponent(text)}/events`),
  fc.string({ maxLength: 40 }).map((text) => `/${text.replace(/[^\x21-\x7e]/g, '%20')}`),
  fc.constantFrom(
    '/launches/%ZZ/events',
    '/launches/%E0%A4%A/events',
    '//launches',
    '/launches?stream=%00',
    '/launches?stream=fuzz&start=maybe&goLiveAt=never',
  ),
);

const headers = fc.record(
  {
    authorization: fc.oneof(
      fc.constantFrom(
        `Bearer ${TOKENS.admin}`,
        `Bearer ${TOKENS.viewer}`,
        `Bearer ${TOKENS.ci}`,
        `Bearer ${TOKENS.alerts}`,
        'Bearer',
        'Basic YTpi',
        `bearer ${TOKENS.admin}  `,
      ),
      fc.string({ maxLength: 20 }).map((s) => s.replace(/[^\x20-\x7e]/g, '')),
    ),
    'content-type': fc.constantFrom(
      'application/json',
      'text/markdown',
      'application/xml',
      'text/plain',
      'multipart/form-data; boundary=x',
      '',
    ),
    'idempotency-key': fc.oneof(
      fc.constantFrom('k1', 'k2', 'k3'),
      fc.string({ maxLength: 10 }).map((s) => s.replace(/[^\x20-\x7e]/g, '')),
    ),
    'last-event-id': fc.constantFrom('0', '3', '-1', 'abc'),
  },
  { requiredKeys: [] },
);

const randomRequest = fc.record({
  method: fc.constantFrom('GET', 'POST', 'POST', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'),
  path,
  headers,
  body,
});

/** Well-formed event posts, so that some requests are accepted and the log really grows. */
const validEvent = fc.oneof(
  fc.record({
    type: fc.constantFrom('item.checked', 'item.unchecked', 'item.waived'),
    itemId: fc.constantFrom(...items),
  }),
  fc.record({
    type: fc.constantFrom('alert.fired', 'alert.resolved'),
    alertId: fc.constantFrom('a1', 'a2', 'a3'),
  }),
);
const validRequest = fc.record({
  method: fc.constant('POST'),
  path: fc.constant(`/launches/${STREAM}/events`),
  headers: fc.record(
    {
      authorization: fc.constant(`Bearer ${TOKENS.admin}`),
      'content-type': fc.constant('application/json'),
      'idempotency-key': fc.constantFrom('k1', 'k2', 'k3', 'k4'),
    },
    { requiredKeys: ['authorization'] },
  ),
  body: validEvent.map((event) => JSON.stringify(event)),
});

const rawRequest: fc.Arbitrary<Raw> = fc.oneof(
  { weight: 3, arbitrary: randomRequest },
  { weight: 2, arbitrary: validRequest },
);

/** Events that an answer says were written now. */
function appendedBy(raw: Raw, status: number, text: string): number {
  if (status !== 200 && status !== 201) return 0;
  let json: Partial<SentAnswer & AlertmanagerAnswer>;
  try {
    json = parseJsonAs<Partial<SentAnswer & AlertmanagerAnswer>>(text);
  } catch {
    return 0;
  }
  if (raw.path.startsWith('/launches?') || raw.path === '/launches')
    return status === 201 ? Number(json.version) : 0;
  if (status === 201 && json.appended === true) return 1;
  if (Array.isArray(json.accepted)) return json.accepted.filter((a) => a.appended).length;
  return 0;
}

const totalEvents = async (): Promise<number> => {
  let total = 0;
  for (const stream of await store.listStreams()) for await (const _ of store.read(stream)) total += 1;
  return total;
};

describe('service fuzzing', () => {
  it('should answer every random request without a 500, stay up, and grow the log only by accepted whole events', async () => {
    const port = Number(new URL(run.url).port);
    let expected = await totalEvents();
    await fc.assert(
      fc.asyncProperty(rawRequest, async (raw) => {
        // SSE answers stay open: the fuzzer asks for everything else.
        if (raw.method === 'GET' && /\/events(\?|$)/.test(raw.path)) raw = { ...raw, method: 'POST' };
        const answer = await send(port, raw);
        if (answer === null) return;
        expect(answer.status).toBeGreaterThanOrEqual(200);
        expect(answer.status).toBeLessThan(500);
        expected += appendedBy(raw, answer.status, answer.text);
        expect(await totalEvents()).toBe(expected);
      }),
      fcParams(400),
    );
    expect(expected).toBeGreaterThan(2);
    expect((await run.request('GET', '/healthz', { token: null })).status).toBe(200);
    for (const stream of await store.listStreams()) {
      const verified = await store.verify(stream);
      expect(verified._tag === 'Right' && verified.right).toMatchObject({ ok: true });
      for await (const envelope of store.read(stream)) {
        if (envelope.type === LAUNCH_CREATED) continue;
        expect(decodeLaunchEvent({ ...(envelope.data as object), type: envelope.type })._tag).toBe('Right');
      }
    }
  });
});
