/**
 * Many hosts, one launch (issue 12), each figure next to its baseline measured in the same run:
 * - appends/s of one writer (one append in flight) into a 3-node JetStream cluster of the machine's
 *   nats-server with R3 streams, with R1 streams, and into one plain server;
 * - live tail on the R3 cluster: from one host's acknowledged append to the other host's
 *   subscription delivering it, and to the other host's status (`Launch.refresh`) showing it;
 * - contention: 8 hosts (store instances) appending to one stream at once vs one host alone, and
 *   8 callers on one host, on one NATS server and on PostgreSQL;
 * - catch-up: a status read with nothing new (`Launch.refresh`) of a launch of 50 vs 50,000
 *   events, on one NATS server and on PostgreSQL.
 * - one writer per launch (issue 20): 8 launch services sending to one launch with leases and
 *   forwarding, and without (racing), vs 8 callers on one service, one event per send and 10 per
 *   payload (`sendAll`); forwarded vs local send latency (clusterLeases.ts), on PostgreSQL and one
 *   NATS server.
 * - the same through processes (clusterServed.ts): 8 callers posting Alertmanager payloads and
 *   single events to 8 `serve --cluster` processes, one each, vs to one `serve` process.
 * - one owner (issue 20): sends to one launch on the host holding its lease, one and eight in
 *   flight, on the R3 cluster vs one server (the owner's appends skip the confirmation get), and
 *   on R3 with every append confirmed (the store given no lease, as before).
 * Compared configurations run alternately, three rounds, medians reported: the machine is shared.
 * `npm run -s bench -- cluster` prints one JSON object.
 */
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import * as E from 'fp-ts/lib/Either.js';
import pg from 'pg';
import {
  createLaunch,
  itemChecked,
  itemUnchecked,
  launchStarted,
  openLaunch,
  planItems,
  readPlanMarkdown,
  type Launch,
} from '../src/index.ts';
import type { NewEvent } from '../src/events/envelope.ts';
import type { EventStore } from '../src/store/EventStore.ts';
import { createNatsEventStore } from '../src/store/nats/index.ts';
import { createPostgresEventStore } from '../src/store/postgres/index.ts';
import { startNatsCluster } from '../test/cluster/natsCluster.ts';
import { createHttpTransport } from '../src/launch/owner/httpTransport.ts';
import { createNatsLeases, createNatsTransport, ownerSubject } from '../src/store/nats/index.ts';
import { createPostgresLeases } from '../src/store/postgres/index.ts';
import { leaseRun, type LeaseBackend, type Run } from './clusterLeases.ts';
import { servedFigures } from './clusterServed.ts';
import { generatePlanMarkdown } from './generatePlan.ts';
import { median, progress, round } from './measure.ts';

const SIZES = {
  appends: 300,
  tailEvents: 150,
  contentionHosts: 8,
  contentionEach: 40,
  refreshes: 200,
  leaseHosts: 8,
  leaseEach: 25,
  /** Events per payload (an Alertmanager post's alerts) and payloads per host. */
  payloadEvents: 10,
  payloadEach: 5,
  ownerSends: 320,
  bigLaunch: 50_000,
  rounds: 3,
};
const PG_URL = process.env['LAUNCHPLAN_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const RUN = `b${Date.now().toString(36)}`;
/** The first of the HTTP ports the leased hosts listen on (one per host). */
const FIRST_PORT = Number(process.env['LAUNCHPLAN_BENCH_PORT'] ?? 15300);
const ACTOR = { id: 'bench', roles: ['admin'] };

const percentile = (values: readonly number[], p: number): number =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;
const perSecond = (count: number, ms: number): number => Math.round((count / ms) * 1000);

const event = (n: number): NewEvent => ({
  eventId: randomUUID(),
  type: 'item.checked',
  data: { itemId: `rollout/checks/check-${n % 300}`, n },
  at: new Date(Date.UTC(2025, 0, 1) + n).toISOString(),
  actor: ACTOR,
  planHash: 'c'.repeat(64),
});

/** `writers` store instances, each appending `each` events to one new stream at once: events/s. */
const appendRate = async (
  open: () => EventStore,
  writers: number,
  each: number,
  stream: string,
): Promise<{ perSec: number; conflicts: number }> => {
  const stores = Array.from({ length: writers }, open);
  await Promise.all(stores.map((store) => store.version(stream)));
  let conflicts = 0;
  const started = performance.now();
  await Promise.all(
    stores.map(async (store, w) => {
      for (let i = 0; i < each; i++)
        if (E.isLeft(await store.append(stream, [event(w * 100_000 + i)]))) conflicts += 1;
    }),
  );
  const ms = performance.now() - started;
  await Promise.all(stores.map((store) => store.close()));
  return { perSec: perSecond(writers * each, ms), conflicts };
};

/** `callers` concurrent appenders on one store instance: events/s. */
const oneHostRate = async (
  open: () => EventStore,
  callers: number,
  each: number,
  stream: string,
): Promise<number> => {
  const store = open();
  await store.version(stream);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: callers }, async (_, c) => {
      for (let i = 0; i < each; i++) await store.append(stream, [event(c * 100_000 + i)]);
    }),
  );
  const ms = performance.now() - started;
  await store.close();
  return perSecond(callers * each, ms);
};

/** Rounds of named measurements, alternated; the median of each. */
const alternate = async <K extends string>(
  rounds: number,
  runs: Record<K, (round: number) => Promise<number>>,
): Promise<Record<K, number>> => {
  const seen = Object.fromEntries(Object.keys(runs).map((key) => [key, [] as number[]])) as unknown as Record<
    K,
    number[]
  >;
  for (let r = 0; r < rounds; r++)
    for (const key of Object.keys(runs) as K[]) seen[key].push(await runs[key](r));
  return Object.fromEntries(
    Object.entries(seen).map(([key, values]) => [key, median(values as number[])]),
  ) as Record<K, number>;
};

const PLAN = readPlanMarkdown(generatePlanMarkdown(1, 1, 20));
const ITEM = planItems(PLAN)[0]!.item.id;

/** A launch with `events` events: created and started through the runtime, then toggles appended in batches. */
const launchOf = async (store: EventStore, stream: string, events: number, batch: number): Promise<void> => {
  const launch = await createLaunch({ store, stream, plan: PLAN, actor: ACTOR });
  if (E.isLeft(launch)) throw new Error(`bench: ${JSON.stringify(launch.left)}`);
  if (E.isLeft(await launch.right.send(launchStarted()))) throw new Error('bench: launch.started refused');
  for (let version = 3; version <= events; version += batch) {
    const toggles: NewEvent[] = [];
    for (let v = version; v < version + batch && v <= events; v++) {
      const data = v % 2 === 1 ? itemChecked({ itemId: ITEM }) : itemUnchecked({ itemId: ITEM });
      const { type, ...rest } = data as { type: string };
      toggles.push({
        eventId: randomUUID(),
        type,
        data: rest,
        at: new Date(Date.UTC(2025, 0, 1) + v).toISOString(),
        actor: ACTOR,
        planHash: PLAN.hash,
      });
    }
    if (E.isLeft(await store.append(stream, toggles))) throw new Error('bench: toggles refused');
  }
};

/** Median time of a status read with nothing new, on a host that has the launch open. */
const refreshMs = async (open: () => EventStore, stream: string): Promise<number> => {
  const store = open();
  const opened = await openLaunch({ store, stream, actor: ACTOR });
  if (E.isLeft(opened)) throw new Error(`bench: ${JSON.stringify(opened.left)}`);
  const launch: Launch = opened.right;
  const times: number[] = [];
  for (let i = 0; i < SIZES.refreshes; i++) {
    const started = performance.now();
    await launch.refresh();
    times.push(performance.now() - started);
  }
  await store.close();
  return median(times);
};

const ratio = (a: number, b: number): number => round(a / b);

export async function run(): Promise<Record<string, unknown>> {
  const cluster = await startNatsCluster();
  const single = await startNatsCluster({ size: 1 });
  const quiet = { onWarning: () => undefined };
  try {
    const nats = (servers: string[], prefix: string, replicas?: number) => () =>
      createNatsEventStore({ servers, prefix, ...(replicas ? { replicas } : {}), ...quiet });
    const r3 = nats(cluster.servers, `${RUN}_r3`, 3);
    const r1 = nats(cluster.servers, `${RUN}_r1`, 1);
    const oneNode = nats(single.servers, `${RUN}_one`);
    const postgres = () => createPostgresEventStore({ connectionString: PG_URL, tablePrefix: `${RUN}_pg` });

    progress('appends/s of one writer: R3 cluster, R1 cluster, one node');
    const appends = await alternate(SIZES.rounds, {
      r3: async (r) => (await appendRate(r3, 1, SIZES.appends, `a${r}`)).perSec,
      r1: async (r) => (await appendRate(r1, 1, SIZES.appends, `a${r}`)).perSec,
      oneNode: async (r) => (await appendRate(oneNode, 1, SIZES.appends, `a${r}`)).perSec,
    });

    progress('live tail on the R3 cluster: ack on host A → host B subscription, and → host B status');
    const writer = r3();
    const follower = r3();
    await launchOf(writer, 'tail', 2, 1);
    const a = await openLaunch({ store: writer, stream: 'tail', actor: ACTOR });
    const b = await openLaunch({ store: follower, stream: 'tail', actor: ACTOR });
    if (E.isLeft(a) || E.isLeft(b)) throw new Error('bench: tail launch did not open');
    // The subscription notes when each version reaches host B; the status is polled from the ack.
    const deliveredAt = new Map<number, number>();
    const controller = new AbortController();
    const following = (async () => {
      for await (const envelope of follower.subscribe('tail', { from: 3, signal: controller.signal }))
        deliveredAt.set(envelope.version, performance.now());
    })();
    const ackedAt = new Map<number, number>();
    const toStatus: number[] = [];
    for (let i = 0; i < SIZES.tailEvents; i++) {
      const sent = await a.right.send(
        i % 2 === 0 ? itemChecked({ itemId: ITEM }) : itemUnchecked({ itemId: ITEM }),
      );
      if (E.isLeft(sent)) throw new Error(`bench: ${JSON.stringify(sent.left)}`);
      const acked = performance.now();
      ackedAt.set(sent.right.version, acked);
      while (b.right.version < sent.right.version) await b.right.refresh();
      toStatus.push(performance.now() - acked);
    }
    const last = Math.max(...ackedAt.keys());
    while (!deliveredAt.has(last)) await new Promise((resolve) => setTimeout(resolve, 5));
    const toSubscription = [...ackedAt].map(([version, acked]) => deliveredAt.get(version)! - acked);
    controller.abort();
    await following.catch(() => undefined);
    await Promise.all([writer.close(), follower.close()]);

    progress(`contention: ${SIZES.contentionHosts} hosts vs one host, one NATS node and PostgreSQL`);
    const hosts = SIZES.contentionHosts;
    const each = SIZES.contentionEach;
    const contended = async (open: () => EventStore, name: string) =>
      alternate(SIZES.rounds, {
        oneWriter: async (r) => (await appendRate(open, 1, hosts * each, `${name}one${r}`)).perSec,
        eightHosts: async (r) => (await appendRate(open, hosts, each, `${name}hosts${r}`)).perSec,
        eightCallersOneHost: async (r) => oneHostRate(open, hosts, each, `${name}callers${r}`),
      });
    const natsContention = await contended(oneNode, 'c');
    const pgContention = await contended(postgres, 'c');

    progress(
      `one writer per launch: ${SIZES.leaseHosts} hosts with leases, without, and callers on one host`,
    );
    const leaseFigures = async (backend: LeaseBackend, name: string) => {
      const runs: Run[] = [];
      const hostsN = SIZES.leaseHosts;
      const run =
        (leased: boolean, hostCount: number, callers: number, perCall = 1) =>
        async (r: number) => {
          const result = await leaseRun(backend, {
            hosts: hostCount,
            callers,
            each: perCall > 1 ? SIZES.payloadEach : SIZES.leaseEach,
            leased,
            stream: `${name}${leased ? 'l' : hostCount > 1 ? 'n' : 'c'}${perCall}x${r}`,
            firstPort: FIRST_PORT,
            perCall,
          });
          if (leased && perCall === 1) runs.push(result);
          return result.perSec;
        };
      const rates = await alternate(SIZES.rounds, {
        callersOneHost: run(false, 1, hostsN),
        hostsRacing: run(false, hostsN, 1),
        hostsLeased: run(true, hostsN, 1),
        payloadsCallersOneHost: run(false, 1, hostsN, SIZES.payloadEvents),
        payloadsHostsLeased: run(true, hostsN, 1, SIZES.payloadEvents),
      });
      const local = runs.flatMap((r) => r.local);
      const forwarded = runs.flatMap((r) => r.forwarded);
      return {
        ...rates,
        leasedVsCallers: ratio(rates.hostsLeased, rates.callersOneHost),
        racingVsCallers: ratio(rates.hostsRacing, rates.callersOneHost),
        payloadsLeasedVsCallers: ratio(rates.payloadsHostsLeased, rates.payloadsCallersOneHost),
        localSendMs: { p50: round(median(local)), p99: round(percentile(local, 0.99)), n: local.length },
        forwardedSendMs: {
          p50: round(median(forwarded)),
          p99: round(percentile(forwarded, 0.99)),
          n: forwarded.length,
        },
        forwardedVsLocalP99: ratio(percentile(forwarded, 0.99), percentile(local, 0.99)),
      };
    };
    const pgLeasePrefix = `${RUN}_lease`;
    const pgLeases = await leaseFigures(
      {
        store: (owner) =>
          createPostgresEventStore({
            connectionString: PG_URL,
            tablePrefix: pgLeasePrefix,
            ...(owner ? { fencing: (stream: string) => owner()?.tokenOf(stream) } : {}),
          }),
        leases: () => createPostgresLeases({ connectionString: PG_URL, tablePrefix: pgLeasePrefix }),
        transport: () => createHttpTransport({ secret: 'bench-cluster-secret-0123456789' }),
        address: (_id, port) => `http://127.0.0.1:${port}`,
      },
      'pg',
    );
    const natsBackend = (servers: string[], prefix: string, replicas: number): LeaseBackend => ({
      store: (owner) =>
        createNatsEventStore({
          servers,
          prefix,
          replicas,
          ...(owner ? { lease: (stream: string) => owner()?.leaseOf(stream) } : {}),
          ...quiet,
        }),
      leases: () => createNatsLeases({ servers, prefix, replicas }),
      transport: () => createNatsTransport({ servers }),
      address: (id) => ownerSubject(prefix, id),
    });
    const natsLeases = await leaseFigures(natsBackend(single.servers, `${RUN}_lease`, 1), 'nats');

    progress(`one owner: sends to one launch through its lease holder, R3 cluster vs one server`);
    const r3Owner = natsBackend(cluster.servers, `${RUN}_owner_r3`, 3);
    // The owner's store given no lease: every append confirmed with a get, as before issue 20.
    const r3Confirmed = { ...r3Owner, store: () => r3Owner.store() };
    const oneNodeOwner = natsBackend(single.servers, `${RUN}_owner_one`, 1);
    const owned = (backend: LeaseBackend, callers: number, name: string) => async (r: number) =>
      (
        await leaseRun(backend, {
          hosts: 1,
          callers,
          each: SIZES.ownerSends / callers,
          leased: true,
          stream: `${name}${r}`,
          firstPort: FIRST_PORT,
        })
      ).perSec;
    const owner = await alternate(SIZES.rounds, {
      r3OneInFlight: owned(r3Owner, 1, 'r3a'),
      oneNodeOneInFlight: owned(oneNodeOwner, 1, 'onea'),
      r3ConfirmedOneInFlight: owned(r3Confirmed, 1, 'r3ca'),
      r3EightInFlight: owned(r3Owner, 8, 'r3e'),
      r3ConfirmedEightInFlight: owned(r3Confirmed, 8, 'r3ce'),
      oneNodeEightInFlight: owned(oneNodeOwner, 8, 'onee'),
    });

    progress(`one writer per launch through processes: 8 serve --cluster hosts vs one serve`);
    const served = (store: string, advertise: boolean, name: string) =>
      servedFigures(
        { store, advertise, hosts: 8, firstPort: FIRST_PORT + 100, postsPerCaller: 10, alerts: 10 },
        `${RUN}${name}`,
        SIZES.rounds,
      );
    // The processes' tables go to a schema of their own, dropped at the end.
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${RUN}_served`);
    await admin.end();
    const servedProcesses = {
      postgres: await served(
        `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}options=-c%20search_path%3D${RUN}_served`,
        true,
        'sp',
      ),
      nats: await served(`${single.servers[0]}?prefix=${RUN}_served`, false, 'sn'),
    };

    progress(`catch-up: status read with nothing new at 50 vs ${SIZES.bigLaunch} events`);
    const catchUp = async (open: () => EventStore, batch: number) => {
      const store = open();
      await launchOf(store, 'small', 50, batch);
      await launchOf(store, 'big', SIZES.bigLaunch, batch);
      await store.close();
      return alternate(SIZES.rounds, {
        at50: () => refreshMs(open, 'small'),
        atBig: () => refreshMs(open, 'big'),
      });
    };
    const natsCatchUp = await catchUp(oneNode, 50);
    const pgCatchUp = await catchUp(postgres, 500);

    return {
      machine: { cpus: cpus().length, loadavg: loadavg().map(round) },
      appendsPerSec: {
        r3Cluster: appends.r3,
        r1Cluster: appends.r1,
        oneNode: appends.oneNode,
        r3VsOneNode: ratio(appends.r3, appends.oneNode),
        r1VsOneNode: ratio(appends.r1, appends.oneNode),
      },
      liveTailMs: {
        toSubscriptionP50: round(median(toSubscription)),
        toSubscriptionP95: round(percentile(toSubscription, 0.95)),
        toStatusP50: round(median(toStatus)),
        toStatusP95: round(percentile(toStatus, 0.95)),
      },
      contention: {
        nats: {
          ...natsContention,
          eightHostsVsOne: ratio(natsContention.eightHosts, natsContention.oneWriter),
          eightCallersVsOne: ratio(natsContention.eightCallersOneHost, natsContention.oneWriter),
        },
        postgres: {
          ...pgContention,
          eightHostsVsOne: ratio(pgContention.eightHosts, pgContention.oneWriter),
          eightCallersVsOne: ratio(pgContention.eightCallersOneHost, pgContention.oneWriter),
        },
      },
      oneWriterPerLaunch: { postgres: pgLeases, nats: natsLeases },
      servedProcesses,
      oneOwnerSendsPerSec: {
        ...owner,
        r3VsOneNodeOneInFlight: ratio(owner.r3OneInFlight, owner.oneNodeOneInFlight),
        r3VsOneNodeEightInFlight: ratio(owner.r3EightInFlight, owner.oneNodeEightInFlight),
        r3ConfirmedVsOneNodeOneInFlight: ratio(owner.r3ConfirmedOneInFlight, owner.oneNodeOneInFlight),
        r3ConfirmedVsOneNodeEightInFlight: ratio(owner.r3ConfirmedEightInFlight, owner.oneNodeEightInFlight),
      },
      catchUpMs: {
        nats: {
          at50: round(natsCatchUp.at50),
          at50000: round(natsCatchUp.atBig),
          ratio: ratio(natsCatchUp.atBig, natsCatchUp.at50),
          appendsOf: 50,
        },
        postgres: {
          at50: round(pgCatchUp.at50),
          at50000: round(pgCatchUp.atBig),
          ratio: ratio(pgCatchUp.atBig, pgCatchUp.at50),
          appendsOf: 500,
        },
      },
    };
  } finally {
    await Promise.all([cluster.stop(), single.stop()]);
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${RUN}_served CASCADE`);
    await client.query(
      `DROP TABLE IF EXISTS ${RUN}_pg_events, ${RUN}_pg_snapshots, ${RUN}_pg_leases, ${RUN}_lease_events, ${RUN}_lease_snapshots, ${RUN}_lease_leases`,
    );
    await client.end();
  }
}
