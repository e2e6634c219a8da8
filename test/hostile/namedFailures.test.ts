/**
 * Broken infrastructure the service can name is answered by its name, never a 500 with a stack in
 * the log: storage with no room left (507), a PostgreSQL database that refuses connections (503,
 * healed when it accepts them again), a log damaged before a keyed snapshot (`LogDamaged` with the
 * version on writes, a warning on reads). Issue 23 found each of them answered 500.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileEventStore, type EventStore } from '../../src/store/index.ts';
import { createPostgresEventStore } from '../../src/store/postgres/index.ts';
import { pgUrl } from '../store/helpers.ts';
import { scratchDatabase } from '../store/scratch.ts';
import { whenServiceReachable } from '../store/services.ts';
import { exampleBytes } from '../support/examples.ts';
import { startService, TOKENS, type Running } from '../service/harness.ts';

/** The error the kernel gives a write to a full device (/dev/full always is one). */
function noSpaceError(): Error {
  try {
    writeFileSync('/dev/full', 'x');
  } catch (error) {
    return error as Error;
  }
  throw new Error('/dev/full accepted a write');
}

/** A file store on a disk that fills up when `full()` is called: from then on every append fails as the kernel says. */
function fillingStore(directory: string): { store: EventStore; full: () => void } {
  const store = createFileEventStore(directory);
  let isFull = false;
  const append: EventStore['append'] = (stream, events, options) =>
    isFull ? Promise.reject(noSpaceError()) : store.append(stream, events, options);
  return {
    store: new Proxy(store, {
      get: (target, key, receiver) =>
        key === 'append' ? append : (Reflect.get(target, key, receiver) as unknown),
    }),
    full: () => (isFull = true),
  };
}

const MONITORING = { id: 'prometheus', roles: ['monitoring'] };
const alert = (n: number): string => JSON.stringify({ type: 'alert.fired', alertId: `cpu-${n}` });
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** Starts a service that records every error it would answer with 500. */
async function serviceOn(store: EventStore, snapshotKey: string | null = null) {
  const internal: unknown[] = [];
  const run: Running = await startService(store, { snapshotKey, onError: (error) => internal.push(error) });
  cleanup.push(() => run.close());
  return { run, internal };
}

describe('a full disk', () => {
  it('should answer 507 InsufficientStorage on every write, keep what was acknowledged, and log no stack', async () => {
    const { store, full } = fillingStore(mkdtempSync(join(tmpdir(), 'lp-full-')));
    const { run, internal } = await serviceOn(store);
    expect(
      (await run.request('POST', '/launches?stream=go', { body: exampleBytes('mbayar-go-live') })).status,
    ).toBe(201);
    full();
    for (let n = 0; n < 5; n += 1) {
      const answer = await run.request('POST', '/launches/go/events', {
        body: alert(n),
        token: TOKENS.alerts,
      });
      expect(answer.status).toBe(507);
      expect(answer.json).toMatchObject({ error: { kind: 'InsufficientStorage' } });
    }
    expect((await run.request('GET', '/launches/go')).status).toBe(200);
    expect(internal).toEqual([]);
  });
});

describe('a log damaged before a keyed snapshot', () => {
  it('should refuse writes with LogDamaged naming the version, and warn on reads', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'lp-damaged-'));
    const store = createFileEventStore(directory);
    cleanup.push(() => store.close());
    const created = await serviceOn(store, 'snapshot-key');
    expect(
      (await created.run.request('POST', '/launches?stream=go', { body: exampleBytes('mbayar-go-live') }))
        .status,
    ).toBe(201);
    const launch = await created.run.service.launches.get('go');
    if (launch._tag === 'Left') throw new Error('the launch did not open');
    for (let n = 0; n < 5; n += 1)
      expect(
        (await launch.right.send({ type: 'alert.fired', alertId: `a${n}` }, { actor: MONITORING }))._tag,
      ).toBe('Right');
    await launch.right.saveSnapshot();
    // Version 4, well before the snapshot: another alert id, so the record no longer hashes to its hash.
    const log = join(directory, 'go.jsonl');
    writeFileSync(log, readFileSync(log, 'utf8').replace('"alertId":"a1"', '"alertId":"b1"'));
    const { run, internal } = await serviceOn(createFileEventStore(directory), 'snapshot-key');
    const posted = await run.request('POST', '/launches/go/events', { body: alert(9), token: TOKENS.alerts });
    expect(posted.status).toBe(503);
    expect(posted.json).toMatchObject({
      error: { kind: 'LogDamaged', details: { stream: 'go', version: 4 } },
    });
    const status = await run.request<{ warnings?: { kind: string; version: number }[] }>(
      'GET',
      '/launches/go',
    );
    expect(status.status).toBe(200);
    expect(status.json.warnings).toMatchObject([{ kind: 'LogDamaged', version: 4 }]);
    const page = await run.request('GET', '/launches/go/page/fragment', { token: TOKENS.viewer });
    expect(page.text).toMatch(/class="warning"[^>]*>the log is damaged at version 4/);
    expect(internal).toEqual([]);
  });

  it('should warn on reads before any write, once the background verification has run', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'lp-damaged-read-'));
    const store = createFileEventStore(directory);
    cleanup.push(() => store.close());
    const created = await serviceOn(store, 'snapshot-key');
    await created.run.request('POST', '/launches?stream=go', { body: exampleBytes('mbayar-go-live') });
    const launch = await created.run.service.launches.get('go');
    if (launch._tag === 'Left') throw new Error('the launch did not open');
    for (let n = 0; n < 3; n += 1)
      await launch.right.send({ type: 'alert.fired', alertId: `a${n}` }, { actor: MONITORING });
    await launch.right.saveSnapshot();
    const log = join(directory, 'go.jsonl');
    writeFileSync(log, readFileSync(log, 'utf8').replace('"alertId":"a0"', '"alertId":"b0"'));
    const { run } = await serviceOn(createFileEventStore(directory), 'snapshot-key');
    expect((await run.request('GET', '/launches/go')).status).toBe(200);
    let warnings: unknown;
    for (let tries = 0; tries < 50 && warnings === undefined; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      warnings = (await run.request<{ warnings?: unknown }>('GET', '/launches/go')).json.warnings;
    }
    expect(warnings).toMatchObject([{ kind: 'LogDamaged', version: 3 }]);
  });
});

await whenServiceReachable('PostgreSQL', pgUrl(), 5432, 'LAUNCHPLAN_PG_URL', () => {
  describe('a PostgreSQL database that refuses connections', () => {
    it('should answer 503 StoreUnavailable with Retry-After, and heal when it accepts them again', async () => {
      const { database, url, admin, drop } = await scratchDatabase('refusing');
      cleanup.push(drop);
      const store = createPostgresEventStore({ connectionString: url.toString() });
      cleanup.push(() => store.close());
      const { run, internal } = await serviceOn(store);
      expect(
        (await run.request('POST', '/launches?stream=go', { body: exampleBytes('mbayar-go-live') })).status,
      ).toBe(201);
      await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS false`);
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [
        database,
      ]);
      const refused = await run.request('POST', '/launches/go/events', {
        body: alert(1),
        token: TOKENS.alerts,
      });
      expect(refused.status).toBe(503);
      expect(refused.json).toMatchObject({ error: { kind: 'StoreUnavailable' } });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`);
      // The store checks its server every second while it is down: the next post after that is written.
      let healed = 0;
      for (let tries = 0; tries < 50 && healed !== 201; tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        healed = (await run.request('POST', '/launches/go/events', { body: alert(2), token: TOKENS.alerts }))
          .status;
      }
      expect(healed).toBe(201);
      expect(internal).toEqual([]);
    });
  });
});
