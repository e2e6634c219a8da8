/**
 * A NATS store whose servers are down or misconfigured: the service answers 503 with Retry-After
 * (never a 500, never a hang) and recovers by itself once the server is up (a failed connect is
 * not kept); the CLI says what is wrong in one line; `close()` completes whatever the state.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createNatsEventStore } from '../../src/store/nats/index.ts';
import { runId } from '../store/helpers.ts';
import { runCli } from '../support/cli.ts';
import { startService } from '../service/harness.ts';
import { freePort, startNatsCluster, type NatsCluster } from './natsCluster.ts';
import { whenNatsServerAvailable } from './natsServerRequired.ts';

const PLAN = '# Outage drill\n\n## Prepare\n\n### Check\n\n- [ ] backups verified\n- [ ] dns lowered\n';

whenNatsServerAvailable('NATS store outages', () => {
  describe('a NATS store while its server is down or without JetStream', () => {
    const started: NatsCluster[] = [];
    afterAll(async () => {
      await Promise.all(started.map((server) => server.stop()));
    });

    it('should answer 503 with Retry-After while the server is down, then recover without a restart', async () => {
      const port = await freePort();
      const store = createNatsEventStore({
        servers: `nats://127.0.0.1:${port}`,
        prefix: `lp_${runId()}`,
        unavailableAfterMs: 1500,
        onWarning: () => undefined,
      });
      const run = await startService(store);
      try {
        const down = await run.request('GET', '/launches');
        expect(down.status).toBe(503);
        expect((down.json as { error: { kind: string } }).error.kind).toBe('StoreUnavailable');
        expect(Number(down.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        const posted = await run.request('POST', '/launches?stream=drill', {
          body: PLAN,
          headers: { 'content-type': 'text/markdown' },
        });
        expect(posted.status).toBe(503);
        started.push(await startNatsCluster({ size: 1, ports: [port] }));
        // While the server was down, calls fail fast and one probe a second looks for it
        // (docs/event-log.md "Connections and deadlines"): the service heals within seconds.
        const back = Date.now();
        let created = await run.request('POST', '/launches?stream=drill', {
          body: PLAN,
          headers: { 'content-type': 'text/markdown' },
        });
        while (created.status === 503 && Date.now() - back < 15_000) {
          await new Promise((resolve) => setTimeout(resolve, 250));
          created = await run.request('POST', '/launches?stream=drill', {
            body: PLAN,
            headers: { 'content-type': 'text/markdown' },
          });
        }
        expect(created.status).toBe(201);
        const listed = (await run.request('GET', '/launches')).json as { launches: { stream: string }[] };
        expect(listed.launches.map((l) => l.stream)).toEqual(['drill']);
        await started[0]!.stop();
        expect((await run.request('GET', '/launches/drill')).status).toBe(503);
      } finally {
        await run.close();
        await store.close();
      }
    });

    it('should say in one line that a server has no JetStream, and exit 2', async () => {
      const plain = await startNatsCluster({ size: 1, jetstream: false });
      started.push(plain);
      const result = await runCli('status', '--store', plain.servers[0]!, '--stream', 'go-live');
      expect(result.code).toBe(2);
      expect(result.err.trim().split('\n')).toHaveLength(1);
      expect(result.err).toMatch(/has no JetStream: start it with -js/);
      expect(result.err).not.toMatch(/internal error/);
    });

    it('should refuse a stream id that is not a NATS subject in one line', async () => {
      const result = await runCli('status', '--store', 'nats://127.0.0.1:1', '--stream', 'a..b');
      expect(result.code).toBe(2);
      expect(result.err).toMatch(/stream id "a\.\.b" is not valid/);
    });
  });
});
