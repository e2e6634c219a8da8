/**
 * Two hosts, one launch, on PostgreSQL, while one host's connections are ended again and again by
 * the server (`pg_terminate_backend`, as a failover or an administrator does): appends in flight
 * fail on that host's side and are decided again from the database, never written twice, never
 * answered with a 500. The same checks as the NATS cluster races.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventStore } from '../../src/store/EventStore.ts';
import { createPostgresEventStore } from '../../src/store/postgres/index.ts';
import { pgUrl, runId } from '../store/helpers.ts';
import { whenServiceReachable } from '../store/services.ts';
import { startService, type Running } from '../service/harness.ts';
import { checkRaceLog, raceTwoHosts } from './twoHostRace.ts';

/** The test URL with an application name, by which the host's connections are found. */
const urlNamed = (name: string): string =>
  `${pgUrl()}${pgUrl().includes('?') ? '&' : '?'}application_name=${name}`;

await whenServiceReachable('PostgreSQL', pgUrl(), 5432, 'LAUNCHPLAN_PG_URL', () => {
  describe('two hosts, one launch, on PostgreSQL', () => {
    const id = runId();
    const tablePrefix = `lp_${id}`;
    const victim = `lp-host-a-${id}`;
    const stores: EventStore[] = [];
    let hosts: [Running, Running];
    let reader: EventStore;
    let admin: pg.Client;

    beforeAll(async () => {
      const open = (name: string): EventStore => {
        const store = createPostgresEventStore({ connectionString: urlNamed(name), tablePrefix });
        stores.push(store);
        return store;
      };
      hosts = [
        await startService(open(victim), { authorization: 'open' }),
        await startService(open(`lp-host-b-${id}`), { authorization: 'open' }),
      ];
      reader = open(`lp-reader-${id}`);
      admin = new pg.Client({ connectionString: pgUrl() });
      await admin.connect();
    });

    afterAll(async () => {
      await Promise.allSettled((hosts ?? []).map((host) => host.close()));
      await Promise.allSettled(stores.map((store) => store.close()));
      await admin?.query(`DROP TABLE IF EXISTS ${tablePrefix}_events, ${tablePrefix}_snapshots`);
      await admin?.end();
    });

    it('should keep one log while one host’s connections are terminated during the race', async () => {
      let terminated = 0;
      let racing = true;
      // Every 40 ms, end every connection of host A: some of them are in the middle of an append.
      const killer = (async () => {
        while (racing) {
          await new Promise((resolve) => setTimeout(resolve, 40));
          const ended = await admin.query<{ n: number }>(
            'SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = $1',
            [victim],
          );
          terminated += ended.rows[0]?.n ?? 0;
        }
      })();
      const outcome = await raceTwoHosts(hosts, 'terminated', 40).finally(() => (racing = false));
      await killer;
      expect(terminated).toBeGreaterThan(0);
      const check = await checkRaceLog(reader, hosts, 'terminated', outcome);
      expect(check.version).toBe(82);
      console.info(
        `postgres race: ${terminated} connection(s) of host A terminated; answers ${JSON.stringify(Object.fromEntries(outcome.statuses))}`,
      );
    }, 120_000);
  });
});
