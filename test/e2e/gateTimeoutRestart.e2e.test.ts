/**
 * Gate timeouts survive a crash (issue 24): two `launchplan serve` hosts share a log on
 * PostgreSQL, then on NATS JetStream; a launch waits at a gate that times out after a few
 * seconds. Both hosts are killed with SIGKILL before the wait ends and restarted after it: the
 * log then holds exactly one `gate.timedOut`, stamped at or after the end of the wait, and both
 * hosts show the gate's no-go. The end of the wait comes from the log, not from a timer that
 * died with the process.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Checklist } from '../../src/checklist/derive.ts';
import type { EventEnvelope } from '../../src/events/envelope.ts';
import { SCHEDULER } from '../../src/launch/index.ts';
import type { EventStore } from '../../src/store/EventStore.ts';
import { createNatsEventStore } from '../../src/store/nats/index.ts';
import { createPostgresEventStore } from '../../src/store/postgres/index.ts';
import { startServed, type Served } from '../hostile/served.ts';
import { launchAtTimedGate } from '../support/timedGate.ts';
import { TOKENS } from '../service/harness.ts';
import { natsUrl, pgUrl, runId } from '../store/helpers.ts';
import { removeNatsStreams } from '../store/scratch.ts';
import { whenServiceReachable } from '../store/services.ts';

const WAIT_MS = 6_000;
const STREAM = 'timed-gate';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A launch standing at its first gate, whose wait ends `WAIT_MS` after the record time of the check that reached it. */
async function launchAtGate(store: EventStore): Promise<{ gate: string; due: number }> {
  const { gate, since } = await launchAtTimedGate({
    store,
    stream: STREAM,
    timeout: `${WAIT_MS / 1000}s`,
    outcome: 'no-go',
  });
  return { gate, due: Date.parse(since) + WAIT_MS };
}

const timeoutsIn = async (store: EventStore): Promise<EventEnvelope[]> => {
  const out: EventEnvelope[] = [];
  for await (const event of store.read(STREAM)) if (event.type === 'gate.timedOut') out.push(event);
  return out;
};

const gateOn = async (served: Served, gate: string) => {
  const answer = await fetch(`${served.url}/launches/${STREAM}`, {
    headers: { authorization: `Bearer ${TOKENS.viewer}` },
  });
  const checklist = (await answer.json()) as Checklist;
  return checklist.gates.find((candidate) => candidate.id === gate);
};

/**
 * The crash: two hosts up before the end of the wait, both killed with SIGKILL, restarted once
 * it has passed; resolves with the timeouts in the log once both hosts have swept a few times.
 */
async function crashAcrossTheDeadline(storeArgs: string[], store: EventStore, ports: [number, number]) {
  const { gate, due } = await launchAtGate(store);
  const dir = mkdtempSync(join(tmpdir(), 'gate-timeout-'));
  const start = (port: number) => startServed(dir, [...storeArgs, '--deadline-sweep', '0.2'], {}, port);
  const first = await Promise.all(ports.map(start));
  expect(Date.now()).toBeLessThan(due);
  for (const host of first) host.child.kill('SIGKILL');
  await Promise.all(first.map((host) => new Promise((resolve) => host.child.once('exit', resolve))));
  expect(await timeoutsIn(store)).toEqual([]);
  await sleep(Math.max(0, due - Date.now()) + 500);
  const second = await Promise.all(ports.map(start));
  try {
    for (let attempt = 0; attempt < 100 && (await timeoutsIn(store)).length === 0; attempt += 1)
      await sleep(100);
    // Both hosts sweep several more times: neither writes it again.
    await sleep(1_500);
    const shown = await Promise.all(second.map((host) => gateOn(host, gate)));
    const stderr = second.map((host) => host.stderr()).join('');
    return { gate, due, timeouts: await timeoutsIn(store), shown, stderr };
  } finally {
    await Promise.all(second.map((host) => host.stop()));
  }
}

const expectOneTimeout = (outcome: Awaited<ReturnType<typeof crashAcrossTheDeadline>>) => {
  const { gate, due, timeouts, shown, stderr } = outcome;
  expect(timeouts).toHaveLength(1);
  const [timedOut] = timeouts;
  expect(Date.parse(timedOut!.at)).toBeGreaterThanOrEqual(due);
  expect(timedOut).toMatchObject({
    eventId: `${STREAM}:gate-timeout/${gate}/${new Date(due - WAIT_MS).toISOString()}`,
    actor: SCHEDULER,
    data: { gateId: gate, outcome: 'no-go' },
  });
  for (const seen of shown) expect(seen).toMatchObject({ status: 'no-go', by: SCHEDULER.id });
  expect(stderr).not.toMatch(/deadlines of/u);
};

await whenServiceReachable('PostgreSQL', pgUrl(), 5432, 'LAUNCHPLAN_PG_URL', () => {
  describe('a gate timeout across a SIGKILL, on PostgreSQL', () => {
    const schema = `gate_timeout_${runId()}`;
    const url = `${pgUrl()}${pgUrl().includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`;
    let admin: pg.Client;
    let store: EventStore;

    beforeAll(async () => {
      admin = new pg.Client({ connectionString: pgUrl() });
      await admin.connect();
      await admin.query(`CREATE SCHEMA ${schema}`);
      store = createPostgresEventStore({ connectionString: url });
    });

    afterAll(async () => {
      await store?.close();
      await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin?.end();
    });

    it('should record exactly one timeout, at or after the end of the wait, seen by every host', async () => {
      expectOneTimeout(await crashAcrossTheDeadline(['--store', url], store, [3401, 3402]));
    }, 90_000);
  });
});

await whenServiceReachable('NATS', natsUrl(), 4222, 'LAUNCHPLAN_NATS_URL', () => {
  describe('a gate timeout across a SIGKILL, on NATS JetStream', () => {
    const prefix = `gate_timeout_${runId()}`;
    let store: EventStore;

    beforeAll(() => {
      store = createNatsEventStore({ servers: natsUrl(), prefix, onWarning: () => undefined });
    });

    afterAll(async () => {
      await store?.close();
      await removeNatsStreams(prefix);
    });

    it('should record exactly one timeout, at or after the end of the wait, seen by every host', async () => {
      expectOneTimeout(
        await crashAcrossTheDeadline(['--store', `${natsUrl()}?prefix=${prefix}`], store, [3403, 3404]),
      );
    }, 90_000);
  });
});
