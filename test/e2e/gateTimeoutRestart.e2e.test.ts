/**
 * Gate timeouts survive a crash (issue 24): two `launchplan serve` hosts share a log on
 * PostgreSQL, then on NATS JetStream; a launch waits at a gate that times out after a few
 * seconds. Both hosts are killed with SIGKILL, either before the wait ends or after it ended but
 * before they swept, and restarted after it: the log then holds exactly one `gate.timedOut`,
 * stamped at or after the end of the wait, and both hosts show the gate's no-go. The end of the
 * wait comes from the log, not from a timer that died with the process.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { Checklist } from '../../src/checklist/derive.ts';
import type { EventEnvelope } from '../../src/events/envelope.ts';
import { SCHEDULER } from '../../src/launch/index.ts';
import type { EventStore } from '../../src/store/EventStore.ts';
import { startServed, type Served } from '../hostile/served.ts';
import { describeOnServerStores, type ServerStoreName } from '../support/serverStores.ts';
import { launchAtTimedGate } from '../support/timedGate.ts';
import { TOKENS } from '../service/harness.ts';

const WAIT_MS = 6_000;
/** When the hosts are killed: before the wait ends, or once it has ended but before they swept. */
type Kill = 'before' | 'after';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A launch standing at its first gate, whose wait ends `WAIT_MS` after the record time of the check that reached it. */
async function launchAtGate(store: EventStore, stream: string): Promise<{ gate: string; due: number }> {
  const { gate, since } = await launchAtTimedGate({
    store,
    stream,
    timeout: `${WAIT_MS / 1000}s`,
    outcome: 'no-go',
  });
  return { gate, due: Date.parse(since) + WAIT_MS };
}

const timeoutsIn = async (store: EventStore, stream: string): Promise<EventEnvelope[]> => {
  const out: EventEnvelope[] = [];
  for await (const event of store.read(stream)) if (event.type === 'gate.timedOut') out.push(event);
  return out;
};

const gateOn = async (served: Served, stream: string, gate: string) => {
  const answer = await fetch(`${served.url}/launches/${stream}`, {
    headers: { authorization: `Bearer ${TOKENS.viewer}` },
  });
  const checklist = (await answer.json()) as Checklist;
  return checklist.gates.find((candidate) => candidate.id === gate);
};

/**
 * The crash: two hosts up before the end of the wait, both killed with SIGKILL (`kill`: before
 * the wait ends, or after it ended while their only sweep was the one at their start), restarted
 * once it has passed; resolves with the timeouts in the log once both hosts have swept a few times.
 */
async function crashAcrossTheDeadline(
  storeArgs: string[],
  store: EventStore,
  ports: [number, number],
  kill: Kill,
) {
  const stream = `timed-gate-${kill}`;
  const { gate, due } = await launchAtGate(store, stream);
  const dir = mkdtempSync(join(tmpdir(), 'gate-timeout-'));
  const start = (port: number, sweep: string) =>
    startServed(dir, [...storeArgs, '--deadline-sweep', sweep], {}, port);
  const first = await Promise.all(ports.map((port) => start(port, kill === 'before' ? '0.2' : '3600')));
  expect(Date.now()).toBeLessThan(due);
  if (kill === 'after') await sleep(Math.max(0, due - Date.now()) + 300);
  for (const host of first) host.child.kill('SIGKILL');
  await Promise.all(first.map((host) => new Promise((resolve) => host.child.once('exit', resolve))));
  expect(await timeoutsIn(store, stream)).toEqual([]);
  await sleep(Math.max(0, due - Date.now()) + 500);
  const second = await Promise.all(ports.map((port) => start(port, '0.2')));
  try {
    for (let attempt = 0; attempt < 100 && (await timeoutsIn(store, stream)).length === 0; attempt += 1)
      await sleep(100);
    // Both hosts sweep several more times: neither writes it again.
    await sleep(1_500);
    const shown = await Promise.all(second.map((host) => gateOn(host, stream, gate)));
    const stderr = second.map((host) => host.stderr()).join('');
    return { stream, gate, due, timeouts: await timeoutsIn(store, stream), shown, stderr };
  } finally {
    await Promise.all(second.map((host) => host.stop()));
  }
}

const expectOneTimeout = (outcome: Awaited<ReturnType<typeof crashAcrossTheDeadline>>) => {
  const { stream, gate, due, timeouts, shown, stderr } = outcome;
  expect(timeouts).toHaveLength(1);
  const [timedOut] = timeouts;
  expect(Date.parse(timedOut!.at)).toBeGreaterThanOrEqual(due);
  expect(timedOut).toMatchObject({
    eventId: `${stream}:gate-timeout/${gate}/${new Date(due - WAIT_MS).toISOString()}`,
    actor: SCHEDULER,
    data: { gateId: gate, outcome: 'no-go' },
  });
  for (const seen of shown) expect(seen).toMatchObject({ status: 'no-go', by: SCHEDULER.id });
  expect(stderr).not.toMatch(/deadlines of/u);
};

const PORTS: Record<ServerStoreName, [number, number]> = {
  PostgreSQL: [3401, 3402],
  'NATS JetStream': [3403, 3404],
};

await describeOnServerStores('a gate timeout across a SIGKILL', 'gate_timeout', (served, name) => {
  it.each<Kill>(['before', 'after'])(
    'should record exactly one timeout, at or after the end of the wait, seen by every host (killed %s it)',
    async (kill) => {
      const { args, store } = served();
      expectOneTimeout(await crashAcrossTheDeadline(args, store, PORTS[name], kill));
    },
    90_000,
  );
});
