/**
 * A store behind a network that stops answering never hangs the service: with `launchplan serve`
 * talking to PostgreSQL or NATS through a proxy that swallows every byte, each request that needs
 * the store answers 503 with Retry-After within the documented time (docs/service.md: 20 s), while
 * `/healthz` keeps answering in under 100 ms (p99, beyond what an identical server nobody attacks
 * shows at the same moments: `healthP99s`) and the server stays under 300 MB; once the
 * proxy forwards again the service heals by itself (the swallowed connections stay dead: they are
 * dropped and replaced), and the posts answered 503, sent again with their Idempotency-Key, are
 * each written once. Issue 23: POSTs and GETs hung for 60 s and more, and still hung three minutes
 * after traffic flowed again.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { natsUrl, pgUrl, runId } from '../store/helpers.ts';
import { removeNatsStreams, scratchDatabase } from '../store/scratch.ts';
import { whenServiceReachable } from '../store/services.ts';
import { exampleBytes } from '../support/examples.ts';
import { TOKENS } from '../service/harness.ts';
import { startBlackholeProxy, type BlackholeProxy } from './blackhole.ts';
import { healthP99s, startControl, startServed, type Served } from './served.ts';

/** The longest a request may wait for its 503 (docs/service.md, "Deadlines"), with a margin for a loaded machine. */
const ANSWER_WITHIN_MS = 20_000 + 3_000;

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
});

interface Timed {
  status: number;
  ms: number;
  retryAfter: string | null;
}

/** One request to the served process, timed; a request that gets no answer in 60 s is status 0. */
async function timed(
  served: Served,
  method: string,
  path: string,
  body?: string,
  key?: string,
): Promise<Timed> {
  const started = performance.now();
  try {
    const response = await fetch(`${served.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${TOKENS.alerts}`,
        ...(key ? { 'idempotency-key': key } : {}),
      },
      ...(body !== undefined ? { body } : {}),
      signal: AbortSignal.timeout(60_000),
    });
    await response.text();
    return {
      status: response.status,
      ms: performance.now() - started,
      retryAfter: response.headers.get('retry-after'),
    };
  } catch {
    return { status: 0, ms: performance.now() - started, retryAfter: null };
  }
}

const alert = (n: number): string => JSON.stringify({ type: 'alert.fired', alertId: `cpu-${n}` });

/** The attack and the recovery, against a served process whose store is behind `proxy`. */
async function blackholeAndHeal(served: Served, proxy: BlackholeProxy): Promise<void> {
  const created = await fetch(`${served.url}/launches?stream=go`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKENS.admin}` },
    body: new Uint8Array(exampleBytes('mbayar-go-live')),
  });
  expect(created.status).toBe(201);
  expect((await timed(served, 'POST', '/launches/go/events', alert(0), 'before')).status).toBe(201);

  const control = await startControl(mkdtempSync(join(tmpdir(), 'lp-blackhole-control-')));
  cleanup.push(() => control.stop());
  proxy.blackhole();
  const health = healthP99s(served.url, control.url, 150, 50);
  const answers = await Promise.all([
    ...Array.from({ length: 8 }, (_, n) =>
      timed(served, 'POST', '/launches/go/events', alert(n + 1), `during-${n}`),
    ),
    ...Array.from({ length: 8 }, () => timed(served, 'GET', '/launches/go')),
  ]);
  const p99 = await health;
  for (const answer of answers) {
    expect(answer.status).toBe(503);
    expect(Number(answer.retryAfter)).toBeGreaterThan(0);
    expect(answer.ms).toBeLessThan(ANSWER_WITHIN_MS);
  }
  expect(p99.attacked).toBeLessThan(100 + p99.control);
  expect(served.rssMb()).toBeLessThan(300);

  proxy.heal();
  const healedBy = Date.now() + 60_000;
  let healed = await timed(served, 'GET', '/launches/go');
  while (healed.status !== 200 && Date.now() < healedBy) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    healed = await timed(served, 'GET', '/launches/go');
  }
  expect(healed.status).toBe(200);
  // The posts that were answered 503, sent again with the same key: each is in the log once.
  for (let n = 0; n < 8; n += 1)
    expect([200, 201]).toContain(
      (await timed(served, 'POST', '/launches/go/events', alert(n + 1), `during-${n}`)).status,
    );
  const status = await fetch(`${served.url}/launches/go`, {
    headers: { authorization: `Bearer ${TOKENS.admin}` },
  });
  // launch.created, launch.started, the alert before, the eight alerts during: eleven events.
  expect(((await status.json()) as { version: number }).version).toBe(11);
}

await whenServiceReachable('PostgreSQL', pgUrl(), 5432, 'LAUNCHPLAN_PG_URL', () => {
  describe('PostgreSQL behind a network that stops answering', () => {
    it('should answer 503 within its deadline, keep /healthz fast, and heal when the network does', async () => {
      const scratch = await scratchDatabase('blackhole');
      cleanup.push(scratch.drop);
      const target = new URL(pgUrl());
      const proxy = await startBlackholeProxy(Number(target.port || 5432), target.hostname);
      cleanup.push(() => proxy.close());
      const url = new URL(scratch.url);
      url.port = String(proxy.port);
      const dir = mkdtempSync(join(tmpdir(), 'lp-blackhole-pg-'));
      const served = await startServed(dir, ['--store', url.toString()]);
      cleanup.push(() => served.stop());
      await blackholeAndHeal(served, proxy);
    }, 150_000);
  });
});

await whenServiceReachable('NATS', natsUrl(), 4222, 'LAUNCHPLAN_NATS_URL', () => {
  describe('NATS behind a network that stops answering', () => {
    it('should answer 503 within its deadline, keep /healthz fast, and heal when the network does', async () => {
      const target = new URL(natsUrl());
      const proxy = await startBlackholeProxy(Number(target.port || 4222), target.hostname);
      cleanup.push(() => proxy.close());
      const prefix = `lp_${runId()}`;
      cleanup.push(() => removeNatsStreams(prefix));
      const dir = mkdtempSync(join(tmpdir(), 'lp-blackhole-nats-'));
      const served = await startServed(dir, ['--store', `nats://127.0.0.1:${proxy.port}?prefix=${prefix}`]);
      cleanup.push(() => served.stop());
      await blackholeAndHeal(served, proxy);
    }, 150_000);
  });
});
