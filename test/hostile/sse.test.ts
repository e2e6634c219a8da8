/**
 * Every SSE client the service opens is released on every path: clients that leave before their
 * stream is set up, right after it, or mid-stream leave no client and no descriptor behind, and
 * the launch's feed lets its subscription go once it has lingered without followers; and a client
 * that stops reading while the launch goes on is not waited for (nothing more is buffered for it
 * than its socket holds), and is dropped with a hint to reconnect as soon as the feed no longer
 * holds the events it has not been sent.
 */
import { mkdtempSync } from 'node:fs';
import { request, type ClientRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CreatedAnswer } from '../service/answers.ts';
import { createFileEventStore } from '../../src/store/index.ts';
import { countingSubscriptions } from './countingStore.ts';
import { exampleBytes } from '../support/examples.ts';
import { startService, TOKENS, type Running } from '../service/harness.ts';
import { fcParams } from '../testing/seed.ts';

/** Opens the event stream of a launch; `leave` says when the client goes away. */
function openStream(
  run: Running,
  leave: 'at-once' | 'on-headers' | 'after-first-event' | { afterMs: number },
): Promise<void> {
  return new Promise((resolve) => {
    const url = new URL(`${run.url}/launches/go/events`);
    const req: ClientRequest = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        headers: { authorization: `Bearer ${TOKENS.viewer}` },
      },
      (res) => {
        if (leave === 'on-headers') req.destroy();
        res.on(
          'data',
          (chunk: Buffer) =>
            leave === 'after-first-event' && chunk.toString().includes('launch-event') && req.destroy(),
        );
        res.on('close', () => resolve());
      },
    );
    req.on('error', () => resolve());
    req.on('close', () => resolve());
    req.end();
    if (leave === 'at-once') setImmediate(() => req.destroy());
    else if (typeof leave === 'object') setTimeout(() => req.destroy(), leave.afterMs);
  });
}

const health = async (run: Running) =>
  (await run.request('GET', '/healthz', { token: TOKENS.viewer })).json as {
    sse: { clients: number; bufferedBytes: number };
    openFiles: number | null;
  };

describe('SSE clients that go away', () => {
  it('should release every subscription, client and descriptor of 100 clients dropped at random points', async () => {
    const counted = countingSubscriptions(createFileEventStore(mkdtempSync(join(tmpdir(), 'lp-sse-'))));
    const run = await startService(counted.store, { limits: { liveStreamsPerViewer: 100 } });
    try {
      expect(
        (await run.request('POST', '/launches?stream=go', { body: exampleBytes('mbayar-go-live') })).status,
      ).toBe(201);
      const baseline = await health(run);
      const leave = fc.oneof(
        fc.constantFrom('at-once' as const, 'on-headers' as const, 'after-first-event' as const),
        fc.integer({ min: 0, max: 60 }).map((afterMs) => ({ afterMs })),
      );
      const plan = fc.sample(leave, fcParams(100));
      await Promise.all(plan.map((when) => openStream(run, when)));
      // The server learns of the last departures asynchronously, and the feed lingers 10 s for a
      // browser that reconnects: wait until both are over.
      for (
        let tries = 0;
        tries < 300 && (counted.live() > 0 || (await health(run)).sse.clients > 0);
        tries += 1
      )
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(counted.live()).toBe(0);
      const after = await health(run);
      expect(after.sse).toEqual({ clients: 0, bufferedBytes: 0 });
      if (baseline.openFiles !== null) expect(after.openFiles).toBeLessThanOrEqual(baseline.openFiles + 2);
    } finally {
      await run.close();
    }
  }, 60_000);
});

describe('SSE clients that stop reading', () => {
  it('should buffer no more for a paused client than its socket holds, and drop it once it falls out of the feed', async () => {
    const store = createFileEventStore(mkdtempSync(join(tmpdir(), 'lp-sse-slow-')));
    // A full socket is waited for a minute: these are dropped earlier, when they fall out of the feed's tail.
    const run = await startService(store, { sseStallMs: 60_000 });
    try {
      const created = await run.request<CreatedAnswer>('POST', '/launches?stream=go', {
        body: exampleBytes('mbayar-go-live'),
      });
      expect(created.status).toBe(201);
      const planHash = created.json.planHash;
      const url = new URL(`${run.url}/launches/go/events`);
      const paused = await Promise.all(
        Array.from(
          { length: 10 },
          () =>
            new Promise<{ req: ClientRequest; text: () => string }>((resolve) => {
              const req = request(
                {
                  host: url.hostname,
                  port: url.port,
                  path: url.pathname,
                  headers: { authorization: `Bearer ${TOKENS.viewer}` },
                },
                (res) => {
                  let text = '';
                  res.once('data', (chunk: Buffer) => {
                    text += chunk.toString();
                    res.pause(); // reads one chunk, then nothing more
                    resolve({ req, text: () => text });
                  });
                },
              );
              req.end();
            }),
        ),
      );
      // The launch goes on while they do not read: far more than sockets buffer, and than the feed keeps
      // (no launch needs to accept these events to stream them).
      for (let batch = 0; batch < 20; batch += 1) {
        const events = Array.from({ length: 250 }, (_, index) => ({
          eventId: `big-${batch}-${index}`,
          type: 'alert.fired',
          data: { alertId: `a${batch}-${index}`, message: 'x'.repeat(4000) },
          at: new Date().toISOString(),
          actor: { id: 'monitoring', roles: [] },
          planHash,
        }));
        expect((await store.append('go', events))._tag).toBe('Right');
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
      const stalled = await health(run);
      // What the server holds for them is bounded by their sockets' buffers, not by the log.
      expect(stalled.sse.bufferedBytes).toBeLessThan(10 * 256 * 1024);
      for (let tries = 0; tries < 100 && (await health(run)).sse.clients > 0; tries += 1)
        await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await health(run)).sse.clients).toBe(0);
      for (const { req } of paused) req.destroy();
    } finally {
      await run.close();
    }
  }, 120_000);
});
