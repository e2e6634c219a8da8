/**
 * One writer per launch on NATS (issue 20): three hosts over one JetStream server, leases in a
 * key-value bucket, writes of non-owners forwarded over NATS request–reply. The owner is crashed
 * mid-burst: another host takes the lease when it expires, and every acknowledged event is in the
 * log exactly once, with no fork and no 409. A host paused past its lease forwards once it is back.
 */
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createNatsEventStore,
  createNatsLeases,
  createNatsTransport,
  ownerSubject,
} from '../../src/store/nats/index.ts';
import { natsUrl, runId } from '../store/helpers.ts';
import { whenServiceReachable } from '../store/services.ts';
import { TOKENS } from '../service/harness.ts';
import { burst, checkLog, ownerOf, startCluster, type Backend, type ClusterHost } from './leaseCluster.ts';

const TTL_MS = 1500;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

await whenServiceReachable('NATS', natsUrl(), 4222, 'LAUNCHPLAN_NATS_URL', () => {
  describe('leases on NATS', () => {
    const prefix = `leases_${runId()}`;
    const servers = [natsUrl()];
    const quiet = { onWarning: () => undefined };
    const backend: Backend = {
      store: () => createNatsEventStore({ servers, prefix, ...quiet }),
      leases: () => createNatsLeases({ servers, prefix, ttlMs: TTL_MS }),
      transport: () => createNatsTransport({ servers, timeoutMs: 2000 }),
      address: (id) => ownerSubject(prefix, id),
    };
    let hosts: ClusterHost[] = [];
    let pausedHosts: ClusterHost[] = [];
    const reader = createNatsEventStore({ servers, prefix, ...quiet });

    beforeAll(async () => {
      hosts = await startCluster(backend, 3, 15120, TTL_MS);
      pausedHosts = await startCluster(backend, 2, 15130, TTL_MS);
    });

    afterAll(async () => {
      await Promise.allSettled([...hosts, ...pausedHosts].map((host) => host.close()));
      await reader.close();
    });

    it('should keep every acknowledged event once when the owner is crashed mid-burst', async () => {
      let crashed: ClusterHost | undefined;
      const outcome = await burst(hosts, 'crash', 60, 2, async (acknowledged) => {
        if (acknowledged !== 20 || crashed) return;
        crashed = ownerOf(hosts, 'crash');
        await crashed?.crash();
      });
      expect(crashed).toBeDefined();
      await checkLog(reader, 'crash', outcome);
      const survivors = hosts.filter((host) => !host.crashed);
      expect(ownerOf(survivors, 'crash')).toBeDefined();
      expect(survivors.reduce((sum, host) => sum + host.ownership.stats().forwarded, 0)).toBeGreaterThan(0);
      console.info(`nats leases: answers ${JSON.stringify(Object.fromEntries(outcome.statuses))}`);
    }, 120_000);

    it('should forward the writes of a host paused past its lease once it is back', async () => {
      const [a, b] = pausedHosts as [ClusterHost, ClusterHost];
      const outcome = await burst([a], 'paused', 8, 1, () => undefined, 4);
      await checkLog(reader, 'paused', outcome);
      expect(ownerOf([a], 'paused')).toBe(a);
      a.pause(true);
      await sleep(TTL_MS + 300);
      const post = (host: ClusterHost, itemId: string) =>
        fetch(`${host.url}/launches/paused/events`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${TOKENS.admin}`,
            'content-type': 'application/json',
            'idempotency-key': `paused-${itemId}`,
          },
          body: JSON.stringify({ type: 'item.checked', itemId: `rollout/checks/${itemId}` }),
        });
      expect((await post(b, 'check-5')).status).toBe(201);
      expect(ownerOf([b], 'paused')).toBe(b);
      expect(ownerOf([a], 'paused')).toBeUndefined();
      a.pause(false);
      const before = E.getOrElse(() => -1)(await reader.version('paused'));
      const forwarded = await post(a, 'check-6');
      expect(forwarded.status, await forwarded.clone().text()).toBe(201);
      expect(a.ownership.stats().forwarded).toBeGreaterThan(0);
      expect(E.getOrElse(() => -1)(await reader.version('paused'))).toBe(before + 1);
    }, 60_000);
  });
});
