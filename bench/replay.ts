/**
 * Replay benchmark: a file log of 1,000,000 events of the TechPlus launch (item checks and
 * unchecks by several people, alerts, deadlines), replayed from scratch — read, verify the hash
 * chain, fold — next to raw JSON-lines parsing of the same file, in the same run. Also: opening
 * the launch from a snapshot, peak memory of the full replay, and the naive loop (a fresh
 * `transition()` per event) on a sample. Targets: replay ≥ 45% of raw parsing, snapshot open
 * < 100 ms, peak RSS < 256 MB.
 */
import { execFile } from 'node:child_process';
import { createReadStream, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as E from 'fp-ts/lib/Either.js';
import { createActor, transition } from 'xstate';
import type { NewEvent } from '../src/events/envelope.ts';
import { launchStarted } from '../src/events/factories.ts';
import { readPlanBytes } from '../src/plan/markdown/readPlan.ts';
import { planItems } from '../src/plan/query.ts';
import { machineEventOf } from '../src/launch/fold.ts';
import { compiledPlan } from '../src/compile/compiled.ts';
import { openLaunch } from '../src/launch/index.ts';
import { LAUNCH_CREATED, planRecord } from '../src/launch/planRecord.ts';
import { createFileEventStore, streamFilePath } from '../src/store/file/index.ts';
import { progress, round } from './measure.ts';

const EVENTS = Number(process.env['REPLAY_EVENTS'] ?? 1_000_000);
const BATCH = 2000;
const SNAPSHOT_KEY = 'bench-snapshot-key';
const exec = promisify(execFile);
const CHILD = fileURLToPath(new URL('./replayChild.ts', import.meta.url));

function launchEvents(
  planHash: string,
  itemIds: readonly string[],
  count: number,
  startAt: number,
): NewEvent[] {
  const people = [
    { id: 'ana', roles: ['admin'] },
    { id: 'bob', roles: ['admin'] },
    { id: 'ci', roles: ['ci', 'admin'] },
  ];
  const events: NewEvent[] = [];
  for (let index = 0; index < count; index += 1) {
    const n = startAt + index;
    const at = new Date(Date.UTC(2025, 2, 1) + n * 1000).toISOString();
    const actor = people[n % people.length] ?? { id: 'ana', roles: [] };
    const itemId = itemIds[(n >> 1) % itemIds.length];
    const kind = n % 500;
    const [type, data] =
      kind === 7
        ? ['alert.fired', { alertId: `a-${n}`, metric: 'latency_p99_ms', value: 870 }]
        : kind === 9
          ? ['alert.resolved', { alertId: `a-${n - 2}` }]
          : kind === 11
            ? ['deadline.reached', { deadlineId: `deadline/x-${n}` }]
            : [n % 2 ? 'item.unchecked' : 'item.checked', { itemId }];
    events.push({ eventId: `e-${n}`, type, data, at, actor, planHash });
  }
  return events;
}

/** This process's CPU time so far, in ms. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Raw JSON-lines parse of the log: events per second of wall time, and per second of CPU time. */
async function rawParse(path: string): Promise<{ wall: number; cpu: number }> {
  const started = performance.now();
  const startedCpu = cpuMs();
  let lines = 0;
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    if (line.length > 0) {
      JSON.parse(line);
      lines += 1;
    }
  }
  return {
    wall: lines / ((performance.now() - started) / 1000),
    cpu: lines / ((cpuMs() - startedCpu) / 1000),
  };
}

export async function run(): Promise<Record<string, unknown>> {
  const dir = await mkdtemp(join(tmpdir(), 'launchplan-bench-replay-'));
  const store = createFileEventStore(dir, { durable: false });
  const stream = 'techplus';
  try {
    const bytes = readFileSync(fileURLToPath(new URL('../examples/plans/techplus-v1.md', import.meta.url)));
    const plan = readPlanBytes(bytes, { id: 'techplus-v1' });
    const header: NewEvent[] = [
      {
        eventId: 'created',
        type: LAUNCH_CREATED,
        data: planRecord(plan, { format: 'markdown', base64: bytes.toString('base64') }),
        at: '2025-03-01T00:00:00.000Z',
        actor: { id: 'lead', roles: ['admin'] },
        planHash: plan.hash,
      },
      {
        eventId: 'started',
        type: 'launch.started',
        data: {},
        at: '2025-03-01T00:00:00.000Z',
        actor: { id: 'lead', roles: ['admin'] },
        planHash: plan.hash,
      },
    ];
    await store.append(stream, header);
    // Items of the second phase: open while the launch runs through its first one.
    const items = planItems(plan)
      .filter(({ phase, item }) => phase.id === plan.phases[1]?.id && !item.done)
      .map(({ item }) => item.id);
    progress(`writing ${EVENTS} events`);
    for (let written = 0; written < EVENTS; written += BATCH) {
      const appended = await store.append(
        stream,
        launchEvents(plan.hash, items, Math.min(BATCH, EVENTS - written), written),
      );
      if (E.isLeft(appended)) throw new Error(JSON.stringify(appended.left));
      if (written % 200_000 === 0) progress(`  ${written}`);
    }
    const path = streamFilePath(dir, stream);
    progress('raw JSON-lines parse');
    const raw = await rawParse(path);
    progress('replay (read + verify + fold) in a child process');
    const replay = JSON.parse(
      (await exec(process.execPath, ['--import', 'tsx', CHILD, dir, stream], { maxBuffer: 1 << 20 })).stdout,
    ) as { ms: number; cpuMs: number; events: number; maxRssMb: number; slowEvents: number };
    progress('naive loop on a sample');
    const { machine } = compiledPlan(plan);
    let snapshot = createActor(machine).start().getSnapshot();
    const sample = launchEvents(plan.hash, items, 5000, 0);
    const naiveStarted = performance.now();
    [snapshot] = transition(machine, snapshot, launchStarted({ at: '2025-03-01T00:00:00.000Z' }));
    for (const event of sample) [snapshot] = transition(machine, snapshot, machineEventOf(event));
    const naive = sample.length / ((performance.now() - naiveStarted) / 1000);
    progress('snapshot, then open from it');
    // Only a keyed snapshot is trusted to start a replay (docs/event-log.md): the bench keys its own.
    const opened = await openLaunch({
      store,
      stream,
      actor: { id: 'bench', roles: [] },
      snapshotEvery: 1,
      snapshotKey: SNAPSHOT_KEY,
    });
    if (E.isLeft(opened)) throw new Error(JSON.stringify(opened.left));
    await opened.right.saveSnapshot();
    const fromSnapshot = JSON.parse(
      (
        await exec(process.execPath, ['--import', 'tsx', CHILD, dir, stream, 'snapshot'], {
          maxBuffer: 1 << 20,
          env: { ...process.env, LAUNCHPLAN_SNAPSHOT_KEY: SNAPSHOT_KEY },
        })
      ).stdout,
    ) as { ms: number };
    const replayRate = replay.events / (replay.ms / 1000);
    const replayCpuRate = replay.events / (replay.cpuMs / 1000);
    return {
      events: replay.events,
      replay_events_per_s: Math.round(replayRate),
      raw_parse_events_per_s: Math.round(raw.wall),
      replay_over_raw: round(replayRate / raw.wall),
      // The same ratio in CPU time: steadier on a machine other work shares (the wall-time one is the target's).
      replay_over_raw_cpu: round(replayCpuRate / raw.cpu),
      naive_transition_events_per_s: Math.round(naive),
      naive_over_raw: round(naive / raw.wall),
      events_through_xstate: replay.slowEvents,
      snapshot_open_ms: round(fromSnapshot.ms),
      peak_rss_mb: round(replay.maxRssMb),
      targets: { replay_over_raw_min: 0.45, snapshot_open_ms_max: 100, peak_rss_mb_max: 256 },
    };
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}
