/**
 * One writer per launch with real `launchplan serve --cluster` processes on PostgreSQL (issue
 * 20): three hosts, a client on each posting to one launch; the owner is killed with `kill -9`
 * mid-burst. Every acknowledged event is in the log once, no fork, no 409, and writes are
 * accepted again once another host has taken the lease.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresEventStore } from '../../src/store/postgres/index.ts';
import { startServed, type Served } from '../hostile/served.ts';
import { TOKENS } from '../service/harness.ts';
import { pgUrl, runId } from '../store/helpers.ts';
import { whenServiceReachable } from '../store/services.ts';
import { burst, checkLog, CLUSTER_SECRET, type Target } from './leaseCluster.ts';

const PORTS = [15501, 15502, 15503];

await whenServiceReachable('PostgreSQL', pgUrl(), 5432, 'LAUNCHPLAN_PG_URL', () => {
  describe('serve --cluster on PostgreSQL', () => {
    const schema = `leases_serve_${runId()}`;
    const url = `${pgUrl()}${pgUrl().includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`;
    let admin: pg.Client;
    const served: Served[] = [];
    const hosts: (Target & { served: Served; killed: boolean })[] = [];

    beforeAll(async () => {
      admin = new pg.Client({ connectionString: pgUrl() });
      await admin.connect();
      await admin.query(`CREATE SCHEMA ${schema}`);
      const dir = mkdtempSync(join(tmpdir(), 'leases-serve-'));
      for (const port of PORTS) {
        const host = await startServed(
          dir,
          [
            '--store',
            url,
            '--open',
            '--cluster',
            '--advertise',
            `http://127.0.0.1:${port}`,
            '--lease-ms',
            '1500',
            '--host-id',
            `serve-${port}`,
          ],
          { LAUNCHPLAN_CLUSTER_SECRET: CLUSTER_SECRET },
          port,
        );
        served.push(host);
        const target = { url: host.url, served: host, killed: false, crashed: false };
        Object.defineProperty(target, 'crashed', { get: () => target.killed });
        hosts.push(target);
      }
    }, 60_000);

    afterAll(async () => {
      await Promise.allSettled(served.map((host) => host.stop()));
      await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin?.end();
    }, 60_000);

    it('should lose nothing acknowledged when the owner is killed with kill -9', async () => {
      let killed: string | undefined;
      const outcome = await burst(hosts, 'served', 60, 2, async (acknowledged) => {
        if (acknowledged !== 20 || killed) return;
        for (const host of hosts) {
          const answer = await fetch(`${host.url}/healthz`, {
            headers: { authorization: `Bearer ${TOKENS.admin}` },
          });
          const health = (await answer.json()) as unknown as { cluster?: { owned: string[] } };
          if (!health.cluster?.owned.includes('served')) continue;
          killed = host.url;
          host.killed = true;
          host.served.child.kill('SIGKILL');
          break;
        }
      });
      expect(killed).toBeDefined();
      const reader = createPostgresEventStore({ connectionString: url });
      try {
        await checkLog(reader, 'served', outcome);
      } finally {
        await reader.close();
      }
      console.info(
        `serve --cluster: killed ${killed}; answers ${JSON.stringify(Object.fromEntries(outcome.statuses))}`,
      );
    }, 120_000);
  });
});
