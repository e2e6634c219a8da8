/**
 * One writer per launch on PostgreSQL (issue 20): three `serve` hosts, a client on each posting to
 * one launch; writes of non-owners are forwarded over HTTP to the host holding the lease. The
 * owner is crashed mid-burst: another host takes the lease when it expires and every
 * acknowledged event is in the log exactly once, with no fork and no 409. A host paused past its
 * lease cannot write (the fencing token refuses it) and, resumed, forwards to the new owner.
 */
import * as E from 'fp-ts/lib/Either.js';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemChecked } from '../../src/events/factories.ts';
import { createHttpTransport } from '../../src/launch/owner/httpTransport.ts';
import { createPostgresEventStore, createPostgresLeases } from '../../src/store/postgres/index.ts';
import { isFencedAppend } from '../../src/store/storeError.ts';
import { pgUrl, runId } from '../store/helpers.ts';
import { whenServiceReachable } from '../store/services.ts';
import {
  burst,
  checkLog,
  CLUSTER_SECRET,
  ownerOf,
  startCluster,
  type Backend,
  type ClusterHost,
} from './leaseCluster.ts';

const TTL_MS = 1500;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

await whenServiceReachable('PostgreSQL', pgUrl(), 5432, 'LAUNCHPLAN_PG_URL', () => {
  describe('leases on PostgreSQL', () => {
    const tablePrefix = `leases_${runId()}`;
    const backend: Backend = {
      store: (fencing) => createPostgresEventStore({ connectionString: pgUrl(), tablePrefix, fencing }),
      leases: () => createPostgresLeases({ connectionString: pgUrl(), tablePrefix }),
      transport: () => createHttpTransport({ secret: CLUSTER_SECRET, timeoutMs: 2000 }),
      address: (_id, port) => `http://127.0.0.1:${port}`,
    };
    let hosts: ClusterHost[] = [];
    let pausedHosts: ClusterHost[] = [];
    const reader = createPostgresEventStore({ connectionString: pgUrl(), tablePrefix });

    beforeAll(async () => {
      hosts = await startCluster(backend, 3, 15100, TTL_MS);
      pausedHosts = await startCluster(backend, 2, 15110, TTL_MS);
    });

    afterAll(async () => {
      await Promise.allSettled([...hosts, ...pausedHosts].map((host) => host.close()));
      await reader.close();
      const admin = new pg.Client({ connectionString: pgUrl() });
      await admin.connect();
      await admin.query(
        `DROP TABLE IF EXISTS ${tablePrefix}_events, ${tablePrefix}_snapshots, ${tablePrefix}_leases`,
      );
      await admin.end();
    });

    it('should keep every acknowledged event once when the owner is crashed mid-burst', async () => {
      let crashedAt = 0;
      let crashed: ClusterHost | undefined;
      const outcome = await burst(hosts, 'crash', 60, 2, async (acknowledged) => {
        if (acknowledged !== 20 || crashed) return;
        crashed = ownerOf(hosts, 'crash');
        crashedAt = Date.now();
        await crashed?.crash();
      });
      expect(crashed).toBeDefined();
      await checkLog(reader, 'crash', outcome);
      const survivors = hosts.filter((host) => !host.crashed);
      // Another host took the launch over, and the non-owners forwarded their clients' writes.
      expect(ownerOf(survivors, 'crash')).toBeDefined();
      expect(survivors.reduce((sum, host) => sum + host.ownership.stats().forwarded, 0)).toBeGreaterThan(0);
      console.info(
        `postgres leases: crash at ${crashedAt}, answers ${JSON.stringify(Object.fromEntries(outcome.statuses))}, owner now ${ownerOf(survivors, 'crash')?.index}`,
      );
    }, 120_000);

    it('should refuse the writes of a host paused past its lease, and forward them once it is back', async () => {
      const [a, b] = pausedHosts as [ClusterHost, ClusterHost];
      const outcome = await burst([a], 'paused', 8, 1, () => undefined, 4);
      await checkLog(reader, 'paused', outcome);
      expect(ownerOf([a], 'paused')).toBe(a);
      // A stops renewing (SIGSTOP, a partition); B takes the lease once it has run out and writes.
      a.pause(true);
      await sleep(TTL_MS + 200);
      const byB = await fetch(`${b.url}/launches/paused/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${hostToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'item.checked', itemId: 'rollout/checks/check-5' }),
      }).catch(() => null);
      expect(byB?.status).toBe(201);
      expect(ownerOf([b], 'paused')).toBe(b);
      // A's own launch writing directly (as a write already past the lease check would): fenced.
      const local = await a.service.launches.local('paused');
      if (E.isLeft(local)) throw new Error('no launch');
      const before = E.getOrElse(() => -1)(await reader.version('paused'));
      const written = local.right.send(itemChecked({ itemId: 'rollout/checks/check-6' }));
      await expect(written).rejects.toSatisfy(isFencedAppend);
      expect(E.getOrElse(() => -1)(await reader.version('paused'))).toBe(before);
      // Resumed, A finds B's lease and forwards: the write lands once, by B.
      a.pause(false);
      const forwarded = await fetch(`${a.url}/launches/paused/events`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${hostToken}`,
          'content-type': 'application/json',
          'idempotency-key': 'paused-check-2',
        },
        body: JSON.stringify({ type: 'item.checked', itemId: 'rollout/checks/check-6' }),
      });
      expect(forwarded.status, await forwarded.clone().text()).toBe(201);
      expect(a.ownership.stats().forwarded).toBeGreaterThan(0);
      expect(E.getOrElse(() => -1)(await reader.version('paused'))).toBe(before + 1);
    }, 60_000);
  });
});

const hostToken = 'admin-token-0001-5f1e2d3c4b5a6978';
