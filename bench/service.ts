/**
 * Service load benchmark: many concurrent HTTP clients post events to ONE launch through
 * `launchplan serve`'s handler (loopback only, keep-alive), against two baselines measured in the
 * same run on the same kind of store (a durable file log in os.tmpdir()):
 * - the same events sent in-process through `Launch.send` (the runtime without HTTP);
 * - the same number of events appended straight to the store (`store.append`, no runtime).
 * Reports accepted events/s and latency percentiles, then checks that nothing was lost or
 * duplicated: every idempotency key is in the log exactly once, and re-posting a sample writes nothing.
 * Bounded: CLIENTS × EVENTS_PER_CLIENT requests and a 60 s deadline.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as E from 'fp-ts/lib/Either.js';
import { alertFired, alertResolved, launchStarted } from '../src/events/factories.ts';
import type { LaunchEvent } from '../src/events/vocabulary.ts';
import { readPlanDocument } from '../src/plan/markdown/readPlan.ts';
import { createLaunch } from '../src/launch/index.ts';
import { createLaunchService } from '../src/service/handler.ts';
import { createFileEventStore } from '../src/store/file/index.ts';
import { progress, round } from './measure.ts';

const CLIENTS = 32;
const EVENTS_PER_CLIENT = 60;
const DEADLINE_MS = 60_000;
const TOKEN = 'bench-token-0001';
const ACTOR = { id: 'bench', roles: ['admin'] };

/** Client `c`'s `i`-th event: alert pairs, so every event is accepted and the context stays small. */
const eventOf = (c: number, i: number): LaunchEvent =>
  i % 2 === 0 ? alertFired({ alertId: `c${c}-${i >> 1}` }) : alertResolved({ alertId: `c${c}-${i >> 1}` });
const keyOf = (run: string, c: number, i: number) => `${run}-c${c}-e${i}`;

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

function post(agent: Agent, port: number, path: string, body: string, key: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${TOKEN}`,
          'content-type': 'application/json',
          'idempotency-key': key,
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs CLIENTS concurrent loops of `send(c, i)`, each recording its latency; stops at the deadline. */
async function drive(
  send: (c: number, i: number) => Promise<boolean>,
): Promise<{ accepted: number; refused: number; seconds: number; p50: number; p99: number; max: number }> {
  const latencies: number[] = [];
  let accepted = 0;
  let refused = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      for (let i = 0; i < EVENTS_PER_CLIENT && performance.now() - start < DEADLINE_MS; i += 1) {
        const t0 = performance.now();
        const ok = await send(c, i);
        latencies.push(performance.now() - t0);
        if (ok) accepted += 1;
        else refused += 1;
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    accepted,
    refused,
    seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? Number.NaN,
  };
}

export async function run(): Promise<Record<string, unknown>> {
  const dir = await mkdtemp(join(tmpdir(), 'lp-bench-service-'));
  const store = createFileEventStore(dir);
  const source = await readFile(new URL('../examples/plans/mbayar-go-live.md', import.meta.url));
  const { plan } = readPlanDocument(source, { id: 'mbayar-go-live' });
  const service = createLaunchService({
    store,
    tokens: [{ token: TOKEN, actor: ACTOR.id, roles: ACTOR.roles }],
  });
  const server = createServer(service);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  const runId = randomUUID().slice(0, 8);
  try {
    for (const stream of ['http', 'runtime']) {
      const created = await createLaunch({
        store,
        stream,
        plan: { plan, format: 'markdown', source },
        actor: ACTOR,
      });
      if (E.isLeft(created)) throw new Error(`bench: ${created.left._tag}`);
      await created.right.send(launchStarted());
    }

    progress(`service: ${CLIENTS} clients × ${EVENTS_PER_CLIENT} events over HTTP to one launch`);
    const http = await drive(
      async (c, i) =>
        (await post(
          agent,
          port,
          '/launches/http/events',
          JSON.stringify(eventOf(c, i)),
          keyOf(runId, c, i),
        )) === 201,
    );

    progress('service: checking the log (lost, duplicated) and re-posting a sample');
    const seen = new Map<string, number>();
    for await (const envelope of store.read('http'))
      if (envelope.eventId.startsWith(runId))
        seen.set(envelope.eventId, (seen.get(envelope.eventId) ?? 0) + 1);
    const expectedKeys = Array.from({ length: CLIENTS }, (_, c) =>
      Array.from({ length: EVENTS_PER_CLIENT }, (_, i) => keyOf(runId, c, i)),
    ).flat();
    const lost = expectedKeys.filter((key) => !seen.has(key)).length;
    const duplicated = [...seen.values()].filter((count) => count > 1).length;
    const versionBefore = await store.version('http');
    const retried = await Promise.all(
      expectedKeys
        .filter((_, index) => index % 20 === 0)
        .map((key) => {
          const [, c, i] = /-c(\d+)-e(\d+)$/.exec(key) as unknown as [string, string, string];
          return post(
            agent,
            port,
            '/launches/http/events',
            JSON.stringify(eventOf(Number(c), Number(i))),
            key,
          );
        }),
    );
    const versionAfter = await store.version('http');
    const retriesWroteNothing =
      E.isRight(versionBefore) &&
      E.isRight(versionAfter) &&
      versionBefore.right === versionAfter.right &&
      retried.every((status) => status === 200);

    progress('baseline: the same events through Launch.send in-process');
    const launch = await service.launches.get('runtime');
    if (E.isLeft(launch)) throw new Error('bench: runtime launch');
    const runtime = await drive(async (c, i) =>
      E.isRight(
        await launch.right.send(eventOf(c, i), { actor: ACTOR, eventId: `rt-${keyOf(runId, c, i)}` }),
      ),
    );

    progress('baseline: the same number of events appended straight to the store');
    const raw = await drive(async (c, i) => {
      const appended = await store.append('raw', [
        {
          eventId: `raw-${keyOf(runId, c, i)}`,
          type: eventOf(c, i).type,
          data: eventOf(c, i),
          at: new Date().toISOString(),
          actor: ACTOR,
          planHash: plan.hash,
        },
      ]);
      return E.isRight(appended);
    });

    const figures = (name: string, r: Awaited<ReturnType<typeof drive>>) => ({
      [`${name}EventsPerSecond`]: round(r.accepted / r.seconds),
      [`${name}Accepted`]: r.accepted,
      [`${name}Refused`]: r.refused,
      [`${name}P50Ms`]: round(r.p50),
      [`${name}P99Ms`]: round(r.p99),
      [`${name}MaxMs`]: round(r.max),
    });
    return {
      clients: CLIENTS,
      eventsPerClient: EVENTS_PER_CLIENT,
      store: 'file (durable, group commit)',
      ...figures('http', http),
      ...figures('runtime', runtime),
      ...figures('storeAppend', raw),
      httpLost: lost,
      httpDuplicated: duplicated,
      httpRetriesWroteNothing: retriesWroteNothing,
      httpVsRuntime: round(http.accepted / http.seconds / (runtime.accepted / runtime.seconds)),
      httpVsStoreAppend: round(http.accepted / http.seconds / (raw.accepted / raw.seconds)),
    };
  } finally {
    agent.destroy();
    await service.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}
