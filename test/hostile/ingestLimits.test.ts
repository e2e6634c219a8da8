/**
 * What an Alertmanager post may cost the launch: its labels and annotations are cut before they
 * reach the log (a 3 MB `alertname` made 4 MB snapshots and an 8.4 MB console fragment), a post
 * holds at most 1,000 alerts, and a post whose client has gone stops being appended (a
 * 10,000-alert post kept appending after its client had left). Issue 23.
 */
import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { afterEach, describe, expect, it } from 'vitest';
import { alertmanagerEvents } from '../../src/ingest/alertmanager.ts';
import { createFileEventStore, type EventStore } from '../../src/store/index.ts';
import { readAll } from '../store/helpers.ts';
import { exampleBytes, readExample } from '../support/examples.ts';
import { startService, TOKENS, type Running } from '../service/harness.ts';
import { fcParams } from '../testing/seed.ts';

const runs: Running[] = [];
afterEach(async () => {
  for (const run of runs.splice(0)) await run.close();
});

async function launchOn(): Promise<{ run: Running; store: EventStore }> {
  const store = createFileEventStore(mkdtempSync(join(tmpdir(), 'lp-ingest-')));
  const run = await startService(store);
  runs.push(run);
  expect(
    (await run.request('POST', '/launches?stream=go', { body: exampleBytes('mbayar-go-live') })).status,
  ).toBe(201);
  return { run, store };
}

const alerts = (count: number, labels: (n: number) => Record<string, string> = () => ({})) =>
  JSON.stringify({
    version: '4',
    alerts: Array.from({ length: count }, (_, n) => ({
      status: 'firing',
      labels: { alertname: `HighLatency${n}`, ...labels(n) },
      annotations: { summary: `p99 above 800 ms on shard ${n}` },
      fingerprint: `f${n.toString(16).padStart(15, '0')}`,
    })),
  });

const version = async (store: EventStore): Promise<number> => {
  const current = await store.version('go');
  return E.isRight(current) ? current.right : Number.NaN;
};

describe('any Alertmanager alert', () => {
  it('should map to an event of at most a few KiB, whatever the sizes of its labels and annotations', () => {
    const text = fc.oneof(fc.string({ maxLength: 20 }), fc.string({ minLength: 5_000, maxLength: 60_000 }));
    const alert = fc.record({
      status: fc.constantFrom('firing', 'resolved'),
      labels: fc.dictionary(fc.constantFrom('alertname', 'severity', 'metric', 'instance', 'job'), text),
      annotations: fc.dictionary(fc.constantFrom('summary', 'description', 'value'), text),
      fingerprint: text,
    });
    const rules = readExample('mbayar-go-live').plan.alerts;
    fc.assert(
      fc.property(fc.array(alert, { maxLength: 5 }), (alerts) => {
        const mapped = alertmanagerEvents({ alerts }, rules);
        if (E.isLeft(mapped)) return;
        for (const { event, eventId } of mapped.right.events)
          expect(JSON.stringify(event).length + eventId.length).toBeLessThan(8 * 1024);
      }),
      // Shrinking strings of 60,000 characters would take minutes: the first failing case is reported as it is.
      { ...fcParams(60), endOnFailure: true },
    );
  });
});

describe('an Alertmanager post', () => {
  it('should cut huge labels and annotations before they reach the log and the console', async () => {
    const { run, store } = await launchOn();
    // The document limit is 4 MiB: a 3 MiB alertname, and every other field large too.
    const huge = 'A'.repeat(3 * 1024 * 1024);
    const large = 'B'.repeat(150 * 1024);
    const body = JSON.stringify({
      alerts: [
        {
          status: 'firing',
          labels: { alertname: huge, severity: large, metric: large },
          annotations: { summary: large },
          fingerprint: large,
        },
      ],
    });
    const posted = await run.request('POST', '/launches/go/alertmanager', { body, token: TOKENS.alerts });
    expect(posted.status).toBe(200);
    expect(posted.text.length).toBeLessThan(16 * 1024);
    const last = (await readAll(store, 'go')).at(-1);
    expect(last?.type).toBe('alert.fired');
    expect(JSON.stringify(last).length).toBeLessThan(8 * 1024);
    const fragment = await run.request('GET', '/launches/go/page/fragment', { token: TOKENS.viewer });
    expect(fragment.status).toBe(200);
    expect(fragment.text.length).toBeLessThan(256 * 1024);
  });

  it('should refuse more than 1,000 alerts in one post and record none of them', async () => {
    const { run, store } = await launchOn();
    const before = await version(store);
    const posted = await run.request('POST', '/launches/go/alertmanager', {
      body: alerts(1001),
      token: TOKENS.alerts,
    });
    expect(posted.status).toBe(413);
    expect(posted.json).toMatchObject({ error: { kind: 'TooManyAlerts' } });
    expect(await version(store)).toBe(before);
  });

  it('should stop appending a post whose client has gone', async () => {
    const { run, store } = await launchOn();
    const before = await version(store);
    const body = alerts(1000);
    const { hostname, port } = new URL(run.url);
    const req = request({
      host: hostname,
      port,
      method: 'POST',
      path: '/launches/go/alertmanager',
      headers: { authorization: `Bearer ${TOKENS.alerts}`, 'content-length': Buffer.byteLength(body) },
    });
    req.on('error', () => undefined);
    req.end(body);
    // The client leaves once the first alerts are in the log.
    for (let tries = 0; tries < 400 && (await version(store)) < before + 5; tries += 1)
      await new Promise((resolve) => setTimeout(resolve, 10));
    req.destroy();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const settled = await version(store);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await version(store)).toBe(settled);
    // It stopped before the end of the post; how far it got depends on the machine's speed.
    expect(settled - before).toBeLessThan(1000);
  });
});
