/**
 * Event log benchmarks, each against a baseline measured in the same run:
 * - durable appends by one writer vs raw `write` + `fdatasync` of the same bytes;
 * - group commit: 16 concurrent writers on one stream (durable), with one and with 8 appends in
 *   flight each, next to the per-event fsync rate of the raw baseline;
 * - streaming read + decode + chain verification vs raw JSON-lines parsing of the same file;
 * - PostgreSQL append and read vs `@event-driven-io/emmett-postgresql` on the same server
 *   (a throw-away database, so Emmett's tables do not land in a shared one).
 * Sizes are bounded so the whole suite takes seconds; temp files live under os.tmpdir().
 * Compared pairs run alternately (or best of 3), so a drifting shared machine affects both alike.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNatsEventStore } from '../src/store/nats/index.ts';
import * as E from 'fp-ts/lib/Either.js';
import pg from 'pg';
import type { NewEvent } from '../src/events/envelope.ts';
import { GENESIS_HASH, sealEvent } from '../src/events/envelope.ts';
import { readLineChunks } from '../src/store/file/chunkedLines.ts';
import { encodeEventLine } from '../src/store/lines/lineCodec.ts';
import { createFileEventStore, streamFilePath } from '../src/store/file/index.ts';
import { createPostgresEventStore } from '../src/store/postgres/index.ts';

const SIZES = {
  singleWriterEvents: 2_000,
  groupCommitWriters: 16,
  groupCommitEventsPerWriter: 2_000,
  pipelinedAppendsInFlightPerWriter: 8,
  readEvents: 200_000,
  pgAppendEvents: 1_000,
  pgReadEvents: 5_000,
  natsAppendEvents: 1_000,
};

const log = (message: string): void => void process.stderr.write(`  ${message}\n`);

/** An event of the size the runtime writes (~330 bytes per line with envelope). */
const benchEvent = (n: number): NewEvent => ({
  eventId: randomUUID(),
  type: 'item.checked',
  data: { item: `phase-2/step-${n % 40}/item-${n % 310}`, note: 'checked during the rollout', n },
  at: new Date(Date.UTC(2025, 0, 1) + n * 1000).toISOString(),
  actor: { id: 'release-bot', roles: ['release-manager', 'ops'] },
  planHash: 'c'.repeat(64),
});

/** The same event for Emmett: the whole new event as its data, so the stored sizes match. */
const emmettEvent = (event: NewEvent): { type: string; data: Record<string, unknown> } => ({
  type: event.type,
  data: { ...event },
});

const perSecond = (count: number, ms: number): number => Math.round((count / ms) * 1000);

const time = async (f: () => Promise<void>): Promise<number> => {
  const start = performance.now();
  await f();
  return performance.now() - start;
};

const must = <A>(result: E.Either<unknown, A>): A => {
  if (E.isLeft(result)) throw new Error(`bench append failed: ${JSON.stringify(result.left)}`);
  return result.right;
};

/** Total times of two alternated measurements, and the median over rounds of `b`'s time ÷ `a`'s. */
interface Alternated {
  readonly aMs: number;
  readonly bMs: number;
  readonly medianRatio: number;
}

/**
 * Run `a` and `b` alternately for `rounds` rounds: on a shared machine whose disk and CPU speed
 * drift, alternating keeps the two measured under the same drift, and the median of the per-round
 * ratios is not moved by a few rounds that another process slowed down.
 */
const alternate = async (
  rounds: number,
  a: (round: number) => Promise<void>,
  b: (round: number) => Promise<void>,
): Promise<Alternated> => {
  let aMs = 0;
  let bMs = 0;
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const aRound = await time(() => a(round));
    const bRound = await time(() => b(round));
    aMs += aRound;
    bMs += bRound;
    ratios.push(bRound / aRound);
  }
  ratios.sort((x, y) => x - y);
  const middle = Math.floor(rounds / 2);
  const medianRatio =
    rounds % 2 === 1
      ? (ratios[middle] as number)
      : ((ratios[middle - 1] as number) + (ratios[middle] as number)) / 2;
  return { aMs, bMs, medianRatio };
};

/** Best (shortest) time of each of `a` and `b` over `rounds` alternating runs. */
const bestOf = async (
  rounds: number,
  a: () => Promise<void>,
  b: () => Promise<void>,
): Promise<[number, number]> => {
  let aBest = Number.POSITIVE_INFINITY;
  let bBest = Number.POSITIVE_INFINITY;
  for (let round = 0; round < rounds; round++) {
    aBest = Math.min(aBest, await time(a));
    bBest = Math.min(bBest, await time(b));
  }
  return [aBest, bBest];
};

/**
 * Time `groupCommitWriters` writers appending `groupCommitEventsPerWriter` single-event durable
 * appends each to one stream, every writer keeping `inFlight` appends waiting for their
 * acknowledgement at a time (1: append, wait, append…).
 */
const groupCommit = async (directory: string, inFlight: number): Promise<number> => {
  const perWriter = SIZES.groupCommitEventsPerWriter;
  const store = createFileEventStore(directory);
  try {
    must(await store.append('warmup', [benchEvent(0)]));
    const writers = Array.from({ length: SIZES.groupCommitWriters }, (_, w) =>
      Array.from({ length: perWriter }, (_, i) => benchEvent(w * perWriter + i)),
    );
    return await time(async () => {
      await Promise.all(
        writers.map(async (mine) => {
          let next = 0;
          const lane = async (): Promise<void> => {
            while (next < mine.length) must(await store.append('launch', [mine[next++] as NewEvent]));
          };
          await Promise.all(Array.from({ length: inFlight }, lane));
        }),
      );
    });
  } finally {
    await store.close();
  }
};

const fileBenchmarks = async (directory: string): Promise<Record<string, number>> => {
  const n = SIZES.singleWriterEvents;
  const rounds = 20;
  const perRound = n / rounds;
  const events = Array.from({ length: n }, (_, i) => benchEvent(i));
  // The exact lines the store writes for these events, for the raw baseline.
  const lines: Buffer[] = [];
  let prevHash = GENESIS_HASH;
  events.forEach((event, i) => {
    const sealed = sealEvent('launch', i + 1, prevHash, event);
    lines.push(Buffer.from(encodeEventLine(sealed)));
    prevHash = sealed.hash;
  });
  log(
    `file: ${n} durable appends by one writer, ${rounds} rounds alternating with raw write + fdatasync of the same lines`,
  );
  const store = createFileEventStore(join(directory, 'single'));
  const raw = await open(join(directory, 'raw.jsonl'), 'a');
  const single = await alternate(
    rounds,
    async (round) => {
      for (const event of events.slice(round * perRound, (round + 1) * perRound))
        must(await store.append('launch', [event]));
    },
    async (round) => {
      for (const line of lines.slice(round * perRound, (round + 1) * perRound)) {
        await raw.write(line);
        await raw.datasync();
      }
    },
  );
  await raw.close();
  await store.close();

  const writers = SIZES.groupCommitWriters;
  const perWriter = SIZES.groupCommitEventsPerWriter;
  log(`file: group commit, ${writers} concurrent writers x ${perWriter} durable appends, one in flight each`);
  const groupMs = await groupCommit(join(directory, 'group'), 1);
  const inFlight = SIZES.pipelinedAppendsInFlightPerWriter;
  log(
    `file: group commit, ${writers} concurrent writers x ${perWriter} durable appends, ${inFlight} in flight each`,
  );
  const pipelinedMs = await groupCommit(join(directory, 'pipelined'), inFlight);

  const readEvents = SIZES.readEvents;
  log(`file: writing ${readEvents} events to read back`);
  const big = createFileEventStore(join(directory, 'read'));
  for (let start = 0; start < readEvents; start += 1000) {
    must(
      await big.append(
        'launch',
        Array.from({ length: 1000 }, (_, i) => benchEvent(start + i)),
      ),
    );
  }
  const path = streamFilePath(join(directory, 'read'), 'launch');
  log('file: streaming read + decode + chain verification vs JSON.parse of every line, best of 3 each');
  let rawCount = 0;
  let readCount = 0;
  const [readMs, parseMs] = await bestOf(
    3,
    async () => {
      readCount = 0;
      for await (const event of big.read('launch')) if (event.version > 0) readCount++;
    },
    async () => {
      rawCount = 0;
      for await (const chunk of readLineChunks(path, 0, Number.MAX_SAFE_INTEGER)) {
        for (let i = 0; i < chunk.lines.length; i += 2) {
          JSON.parse(chunk.buf.toString('utf8', chunk.lines[i], chunk.lines[i + 1]));
          rawCount++;
        }
      }
    },
  );
  if (readCount !== readEvents) throw new Error(`read ${readCount} events, expected ${readEvents}`);
  await big.close();

  return {
    file_append_events_per_s: perSecond(n, single.aMs),
    raw_append_fsync_events_per_s: perSecond(n, single.bMs),
    file_append_vs_raw: Number(single.medianRatio.toFixed(3)),
    file_group_commit_events_per_s: perSecond(writers * perWriter, groupMs),
    file_group_commit_pipelined_events_per_s: perSecond(writers * perWriter, pipelinedMs),
    file_read_events_per_s: perSecond(readCount, readMs),
    raw_parse_events_per_s: perSecond(rawCount, parseMs),
    file_read_vs_raw: Number((parseMs / readMs).toFixed(3)),
  };
};

const pgReachable = async (url: string): Promise<boolean> => {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
};

const postgresBenchmarks = async (baseUrl: string): Promise<Record<string, number>> => {
  const database = `launchplan_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(baseUrl);
  url.pathname = `/${database}`;
  const benchUrl = url.toString();
  try {
    const { getPostgreSQLEventStore } = await import('@event-driven-io/emmett-postgresql');
    const n = SIZES.pgAppendEvents;
    const ours = createPostgresEventStore({ connectionString: benchUrl });
    // Emmett gets a pool of ours, so it is certainly ended (and its idle errors handled) before the
    // throw-away database is dropped.
    const emmettPool = new pg.Pool({ connectionString: benchUrl });
    emmettPool.on('error', () => undefined);
    const emmett = getPostgreSQLEventStore(benchUrl, { connectionOptions: { pool: emmettPool } });
    try {
      must(await ours.append('warmup', [benchEvent(0)]));
      await emmett.appendToStream('warmup', [emmettEvent(benchEvent(0))]);

      const events = Array.from({ length: n }, (_, i) => benchEvent(i));
      const rounds = 5;
      const perRound = n / rounds;
      log(`postgres: ${n} appends, one writer, launchplan and emmett alternating`);
      const appends = await alternate(
        rounds,
        async (round) => {
          for (const event of events.slice(round * perRound, (round + 1) * perRound))
            must(await ours.append('launch-append', [event]));
        },
        async (round) => {
          for (const event of events.slice(round * perRound, (round + 1) * perRound)) {
            await emmett.appendToStream('launch-append', [emmettEvent(event)]);
          }
        },
      );

      const r = SIZES.pgReadEvents;
      log(`postgres: reading ${r} events, launchplan and emmett alternating, best of 3`);
      for (let start = 0; start < r; start += 500) {
        const batch = Array.from({ length: 500 }, (_, i) => benchEvent(start + i));
        must(await ours.append('launch-read', batch));
        await emmett.appendToStream('launch-read', batch.map(emmettEvent));
      }
      let oursCount = 0;
      let emmettCount = 0;
      const [oursReadMs, emmettReadMs] = await bestOf(
        3,
        async () => {
          oursCount = 0;
          for await (const event of ours.read('launch-read')) if (event.version > 0) oursCount++;
        },
        async () => {
          const result = await emmett.readStream('launch-read');
          emmettCount = result.events.length;
        },
      );
      if (oursCount !== r || emmettCount !== r)
        throw new Error(`read ${oursCount} / ${emmettCount}, expected ${r}`);
      return {
        pg_append_events_per_s: perSecond(n, appends.aMs),
        emmett_pg_append_events_per_s: perSecond(n, appends.bMs),
        pg_append_vs_emmett: Number(appends.medianRatio.toFixed(3)),
        pg_read_events_per_s: perSecond(r, oursReadMs),
        emmett_pg_read_events_per_s: perSecond(r, emmettReadMs),
      };
    } finally {
      // Both closed before the database is dropped, whatever happened.
      await ours.close();
      await emmett.close();
      await emmettPool.end().catch(() => undefined);
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
};

const natsBenchmarks = async (servers: string): Promise<Record<string, number>> => {
  const { connect } = await import('@nats-io/transport-node');
  const { jetstreamManager } = await import('@nats-io/jetstream');
  const prefix = `lpbench_${Date.now().toString(36)}`;
  const store = createNatsEventStore({ servers, prefix });
  const n = SIZES.natsAppendEvents;
  try {
    must(await store.append('warmup', [benchEvent(0)]));
    log(`nats: ${n} appends, one writer`);
    const events = Array.from({ length: n }, (_, i) => benchEvent(i));
    const appendMs = await time(async () => {
      for (const event of events) must(await store.append('launch', [event]));
    });
    let count = 0;
    const readMs = await time(async () => {
      for await (const event of store.read('launch')) if (event.version > 0) count++;
    });
    return {
      nats_append_events_per_s: perSecond(n, appendMs),
      nats_read_events_per_s: perSecond(count, readMs),
    };
  } finally {
    await store.close();
    const nc = await connect({ servers });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(`${prefix}_events`).catch(() => false);
    await jsm.streams.delete(`${prefix}_snapshots`).catch(() => false);
    await nc.close();
  }
};

/** Run the event log benchmarks; resolves to one flat object of figures. */
export const run = async (): Promise<Record<string, unknown>> => {
  const directory = await mkdtemp(join(tmpdir(), 'launchplan-bench-store-'));
  const figures: Record<string, unknown> = {
    node: process.version,
    cpus: cpus().length,
    // Other work on the machine moves every figure here: the 1-minute load average at the start.
    load_average: Number(loadavg()[0]?.toFixed(2)),
    sizes: SIZES,
  };
  try {
    Object.assign(figures, await fileBenchmarks(directory));
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
  const pgUrl = process.env['LAUNCHPLAN_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
  if (await pgReachable(pgUrl)) Object.assign(figures, await postgresBenchmarks(pgUrl));
  else log(`postgres: not reachable at ${pgUrl}, skipped (set LAUNCHPLAN_PG_URL)`);
  const natsUrl = process.env['LAUNCHPLAN_NATS_URL'] ?? 'nats://127.0.0.1:4222';
  try {
    Object.assign(figures, await natsBenchmarks(natsUrl));
  } catch (error) {
    log(`nats: skipped (${String(error)}); set LAUNCHPLAN_NATS_URL`);
  }
  return figures;
};
