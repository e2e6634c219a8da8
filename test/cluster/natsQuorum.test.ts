/**
 * Quorum lost on NATS (issue 20, failover): a `launchplan serve --cluster` host on a 3-node
 * JetStream cluster with R3 streams (the log and the lease bucket) writes a launch; two of the
 * three nodes are killed with `kill -9`, so no R3 stream has a quorum. A write is then answered 503
 * with Retry-After in bounded time (never a 500, never a hang), and so is a status read (the host
 * catches the launch up from the log before answering); once the two nodes are back, writes are
 * accepted again by the same host, without a restart, soon after the streams have leaders again.
 * The log holds every acknowledged event exactly once, the write that got 503 only because its
 * client sent it again with the same event id, and nothing of a write that got 503 and was never
 * sent again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNatsEventStore } from '../../src/store/nats/index.ts';
import { runId } from '../store/helpers.ts';
import { TOKENS } from '../service/harness.ts';
import { checkLog, type Burst } from './leaseCluster.ts';
import { startNatsCluster, type NatsCluster } from './natsCluster.ts';
import { whenNatsServerAvailable } from './natsServerRequired.ts';
import { startServedCluster, type ServedHost } from './servedCluster.ts';
import { racePlan } from './twoHostRace.ts';

/** What a host answered, and how long it took. */
interface Answer {
  readonly status: number;
  readonly text: string;
  readonly retryAfter: string | null;
  readonly ms: number;
}

const call = async (
  host: ServedHost,
  method: 'GET' | 'POST',
  path: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<Answer> => {
  const started = performance.now();
  const response = await fetch(`${host.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKENS.admin}`, ...headers },
    ...(body === undefined ? {} : { body }),
    // Past this the test fails on the bound below rather than waiting on.
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  return {
    status: response.status,
    text,
    retryAfter: response.headers.get('retry-after'),
    ms: performance.now() - started,
  };
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

whenNatsServerAvailable('quorum lost on a 3-node JetStream cluster', () => {
  describe('serve --cluster when its 3-node JetStream cluster loses quorum', () => {
    const prefix = `quorum_${runId()}`;
    const stream = 'quorum';
    let cluster: NatsCluster;
    let hosts: ServedHost[] = [];

    beforeAll(async () => {
      cluster = await startNatsCluster({ ports: [16100, 16101, 16102], clusterPorts: [16103, 16104, 16105] });
      const url = `nats://${cluster.servers.map((server) => server.replace('nats://', '')).join(',')}?replicas=3&prefix=${prefix}`;
      hosts = await startServedCluster([16110], () => ['--store', url]);
    }, 90_000);

    afterAll(async () => {
      await Promise.allSettled(hosts.map((host) => host.served.stop()));
      await cluster?.stop();
    }, 60_000);

    it('should answer 503 with Retry-After while quorum is lost, and write again once it is back', async () => {
      const host = hosts[0]!;
      const outcome: Burst = { acknowledged: new Map(), statuses: new Map(), failures: [] };
      const post = async (n: number): Promise<Answer> => {
        const answer = await call(
          host,
          'POST',
          `/launches/${stream}/events`,
          JSON.stringify({ type: 'item.checked', itemId: `rollout/checks/check-${n}` }),
          { 'content-type': 'application/json', 'idempotency-key': `${stream}-${n}` },
        );
        outcome.statuses.set(answer.status, (outcome.statuses.get(answer.status) ?? 0) + 1);
        if (answer.status === 200 || answer.status === 201)
          outcome.acknowledged.set(
            `${stream}-${n}`,
            (JSON.parse(answer.text) as { version: number }).version,
          );
        else if (answer.status !== 503) outcome.failures.push(`${answer.status} ${answer.text}`);
        return answer;
      };

      const created = await call(host, 'POST', `/launches?stream=${stream}`, racePlan(10), {
        'content-type': 'text/markdown',
      });
      expect(created.status, created.text).toBe(201);
      for (let n = 1; n <= 3; n++) expect((await post(n)).status).toBe(201);
      for (const name of [`${prefix}_events`, `KV_${prefix}_leases`]) await cluster.waitStreamHealthy(name);

      // The leader of the log's stream and one other node: no R3 stream has a quorum left.
      const leader = await cluster.streamLeader(`${prefix}_events`);
      const other = cluster.nodes.find((node) => node.name !== leader)!.name;
      await cluster.kill(leader);
      await cluster.kill(other);

      const lost = await post(4);
      expect(lost.status, `${lost.text}\n${host.served.stderr()}`).toBe(503);
      expect((JSON.parse(lost.text) as { error: { kind: string } }).error.kind).toBe('StoreUnavailable');
      expect(Number(lost.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(lost.ms).toBeLessThan(15_000);
      // A write that got 503 and is never sent again.
      const abandoned = await post(5);
      expect(abandoned.status, `${abandoned.text}\n${host.served.stderr()}`).toBe(503);
      expect(abandoned.ms).toBeLessThan(15_000);

      // A status read catches the launch up from the log first, which cannot answer either: 503.
      const read = await call(host, 'GET', `/launches/${stream}`);
      expect(read.status, read.text).toBe(503);
      expect(Number(read.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(read.ms).toBeLessThan(15_000);

      const restarting = Date.now();
      await cluster.restart(leader);
      await cluster.restart(other);
      const back = Date.now();
      // When the cluster itself is whole again (both R3 streams led, every replica current): the
      // host's recovery is measured from there, as the streams' elections take 3-15 s here.
      const healthy = Promise.all(
        [`${prefix}_events`, `KV_${prefix}_leases`].map((name) => cluster.waitStreamHealthy(name, 60_000)),
      ).then(
        () => Date.now() - back,
        (error: unknown) => error as Error,
      );
      // The client sends the write that got 503 again, with the same event id, as Retry-After says.
      let retried = await post(4);
      while (retried.status === 503 && Date.now() - back < 60_000) {
        await sleep(Math.min(1000, Number(retried.retryAfter ?? 1) * 1000));
        retried = await post(4);
      }
      const recoveredMs = Date.now() - back;
      const healthyMs = await healthy;
      if (healthyMs instanceof Error) throw healthyMs;
      console.info(
        `quorum lost: writes 503 in ${Math.round(lost.ms)} and ${Math.round(abandoned.ms)} ms, read 503 in ${Math.round(read.ms)} ms; ` +
          `nodes back in ${back - restarting} ms, streams healthy after ${healthyMs} ms, writes accepted after ${recoveredMs} ms`,
      );
      expect([200, 201], retried.text).toContain(retried.status);
      expect(recoveredMs - healthyMs).toBeLessThan(10_000);
      // The same host, never restarted.
      expect(host.served.child.exitCode).toBeNull();
      for (let n = 6; n <= 8; n++) expect((await post(n)).status).toBe(201);

      const reader = createNatsEventStore({ servers: cluster.servers, prefix, onWarning: () => undefined });
      try {
        const events = await checkLog(reader, stream, outcome);
        expect(events.map((event) => event.eventId)).not.toContain(`${stream}-5`);
      } finally {
        await reader.close();
      }
    }, 180_000);
  });
});
