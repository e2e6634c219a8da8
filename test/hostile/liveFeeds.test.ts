/**
 * Followers of one launch share one read of its log: 50 live streams hold one store subscription;
 * a follower whose start is older than the events the feed keeps gets the launch as it stands
 * (`launch-snapshot`, its version as the id) and the events after it, while one within the tail
 * gets exactly the events it asked for. Issue 23: each stream read the log from version 1.
 */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryEventStore, type EventStore } from '../../src/store/index.ts';
import { exampleBytes } from '../support/examples.ts';
import { readSse, startService, TOKENS, type Running } from '../service/harness.ts';
import { countingSubscriptions } from './countingStore.ts';

const runs: Running[] = [];
afterEach(async () => {
  for (const run of runs.splice(0)) await run.close();
});

/** A launch of 2 + 40 events, on a service whose feeds keep the last 10. */
async function longLaunch(store: EventStore): Promise<Running> {
  const run = await startService(store, { limits: { liveTailEvents: 10, liveStreamsPerViewer: 100 } });
  runs.push(run);
  expect(
    (await run.request('POST', '/launches?stream=go', { body: exampleBytes('mbayar-go-live') })).status,
  ).toBe(201);
  for (let n = 0; n < 40; n += 1)
    expect(
      (
        await run.request('POST', '/launches/go/events', {
          body: JSON.stringify({
            type: n % 2 === 0 ? 'alert.fired' : 'alert.resolved',
            alertId: `cpu-${n >> 1}`,
          }),
          token: TOKENS.alerts,
        })
      ).status,
    ).toBe(201);
  return run;
}

describe('followers of one launch', () => {
  it('should share one subscription of the store among 50 live streams', async () => {
    const counted = countingSubscriptions(createMemoryEventStore());
    const run = await longLaunch(counted.store);
    const { hostname, port } = new URL(run.url);
    const opened = await Promise.all(
      Array.from(
        { length: 50 },
        () =>
          new Promise<() => void>((resolve) => {
            const req = request(
              {
                host: hostname,
                port,
                path: '/launches/go/events?from=1',
                headers: { authorization: `Bearer ${TOKENS.viewer}` },
              },
              (res) => res.once('data', () => resolve(() => req.destroy())),
            );
            req.end();
          }),
      ),
    );
    expect(counted.live()).toBe(1);
    for (const leave of opened) leave();
  });

  it('should send the launch as it stands to a follower older than the tail, and the asked events to one within it', async () => {
    const run = await longLaunch(createMemoryEventStore());
    const old = await readSse(
      `${run.url}/launches/go/events?from=1`,
      TOKENS.viewer,
      (messages) => messages.length > 0,
    );
    expect(old[0]).toMatchObject({
      event: 'launch-snapshot',
      id: '42',
      data: { version: 42, state: 'running' },
    });
    const recent = await readSse(
      `${run.url}/launches/go/events?from=40`,
      TOKENS.viewer,
      (messages) => messages.length >= 3,
    );
    expect(recent.map((message) => [message.event, message.id])).toEqual([
      ['launch-event', '40'],
      ['launch-event', '41'],
      ['launch-event', '42'],
    ]);
  });
});
