/**
 * Request bodies the service must answer with 400 or 413, not 500, and fields it must not store:
 * JSON nested past the limit, plans past theirs, fields an event's codec does not name; and HEAD.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorAnswer } from './answers.ts';
import * as E from 'fp-ts/lib/Either.js';
import { MAX_JSON_DEPTH, parseJson } from '../../src/service/body.ts';
import { createMemoryEventStore } from '../../src/store/index.ts';
import type { EventEnvelope } from '../../src/events/envelope.ts';
import { exampleBytes } from '../support/examples.ts';
import { startService, TOKENS, type Running } from './harness.ts';

const nested = (depth: number): unknown => (depth === 0 ? 'x' : [nested(depth - 1)]);
const store = createMemoryEventStore();
let run: Running;

beforeAll(async () => {
  run = await startService(store);
  expect(
    (
      await run.request('POST', '/launches?stream=mb', {
        body: exampleBytes('mbayar-go-live'),
        headers: { 'content-type': 'text/markdown' },
      })
    ).status,
  ).toBe(201);
});
afterAll(async () => {
  await run.close();
});

const lastEvent = async (): Promise<EventEnvelope | undefined> => {
  let last: EventEnvelope | undefined;
  for await (const event of store.read('mb')) last = event;
  return last;
};

describe('request bodies', () => {
  it('should parse JSON nested up to the limit and refuse one level more', () => {
    expect(E.isRight(parseJson(Buffer.from(JSON.stringify(nested(MAX_JSON_DEPTH)))))).toBe(true);
    const refused = parseJson(Buffer.from(JSON.stringify(nested(MAX_JSON_DEPTH + 1))));
    expect(E.isLeft(refused) && refused.left).toMatchObject({
      _tag: 'Malformed',
      // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- vitest types asymmetric matchers as any, to stand in for any field
      message: expect.stringMatching(/deeper than 64 levels/),
    });
  });

  it('should answer 400 to an event or a plan with a field nested 3,000 levels deep, and write nothing', async () => {
    const before = (await lastEvent())?.version;
    const event = await run.request('POST', '/launches/mb/events', {
      body: JSON.stringify({ type: 'deadline.reached', deadlineId: 'd', junk: nested(3000) }),
    });
    expect(event.status).toBe(400);
    const plan = await run.request('POST', '/launches?stream=deep', {
      body: JSON.stringify({ title: 'x', junk: nested(3000) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(plan.status).toBe(400);
    expect((await lastEvent())?.version).toBe(before);
  });

  it('should refuse a plan over 512 KiB with 413 before reading it, and take reports up to 4 MiB', async () => {
    const big = Buffer.alloc(600 * 1024, '- [ ] item\n');
    const plan = await run.request<ErrorAnswer>('POST', '/launches?stream=big', {
      body: big,
      headers: { 'content-type': 'text/markdown' },
    });
    expect(plan.status).toBe(413);
    expect(plan.json.error.message).toMatch(/larger than 524288 bytes/);
    const report = await run.request('POST', '/launches/mb/junit?run=big', {
      body: Buffer.concat([
        Buffer.from('<testsuite name="s">'),
        Buffer.alloc(600 * 1024, ' '),
        Buffer.from('</testsuite>'),
      ]),
      headers: { 'content-type': 'application/xml' },
      token: TOKENS.ci,
    });
    expect(report.status).toBe(200);
  });

  it('should store only the fields an event type names', async () => {
    const posted = await run.request('POST', '/launches/mb/events', {
      body: JSON.stringify({
        type: 'alert.fired',
        alertId: 'p99',
        metric: 'latency',
        junk: 'zzz',
        nested: { deep: true },
      }),
    });
    expect(posted.status).toBe(201);
    expect((await lastEvent())?.data).toEqual({ alertId: 'p99', metric: 'latency' });
  });

  it('should answer HEAD with the headers of GET: a length for pages, and an ended answer for the event stream', async () => {
    const page = await run.request('GET', '/launches/mb/checklist.md');
    const head = await run.request('HEAD', '/launches/mb/checklist.md');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(Buffer.byteLength(page.text)));
    const stream = await run.request('HEAD', '/launches/mb/events', { headers: { 'last-event-id': '1' } });
    expect([stream.status, stream.headers.get('content-type'), stream.text]).toEqual([
      200,
      'text/event-stream',
      '',
    ]);
  });
});
