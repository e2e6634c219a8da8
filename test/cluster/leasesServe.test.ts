/**
 * One writer per launch with real `launchplan serve --cluster` processes (issue 20), on
 * PostgreSQL and on a 3-node JetStream cluster with R3 streams: three hosts, a client on each
 * posting to one launch; the owner is killed with `kill -9` mid-burst. Every acknowledged event
 * is in the log once, no fork, no 409, and writes are accepted again once another host has taken
 * the lease (the burst ends).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNatsEventStore } from '../../src/store/nats/index.ts';
import { createPostgresEventStore } from '../../src/store/postgres/index.ts';
import { pgUrl, runId } from '../store/helpers.ts';
import { whenServiceReachable } from '../store/services.ts';
import { checkLog } from './leaseCluster.ts';
import { startNatsCluster, type NatsCluster } from './natsCluster.ts';
import { whenNatsServerAvailable } from './natsServerRequired.ts';
import {
  burstKillingOwner,
  burstPausingOwner,
  startServedCluster,
  type ServedHost,
} from './servedCluster.ts';

await whenServiceReachable('PostgreSQL', pgUrl(), 5432, 'LAUNCHPLAN_PG_URL', () => {
  describe('serve --cluster on PostgreSQL', () => {
    const schema = `leases_serve_${runId()}`;
    const url = `${pgUrl()}${pgUrl().includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`;
    let admin: pg.Client;
    let hosts: ServedHost[] = [];

    beforeAll(async () => {
      admin = new pg.Client({ connectionString: pgUrl() });
      await admin.connect();
      await admin.query(`CREATE SCHEMA ${schema}`);
      hosts = await startServedCluster([15501, 15502, 15503], (port) => [
        '--store',
        url,
        '--advertise',
        `http://127.0.0.1:${port}`,
      ]);
    }, 60_000);

    afterAll(async () => {
      await Promise.allSettled(hosts.map((host) => host.served.stop()));
      await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin?.end();
    }, 60_000);

    it('should lose nothing acknowledged when the owner is killed with kill -9', async () => {
      const { outcome, killed } = await burstKillingOwner(hosts, 'served');
      expect(killed).toBeDefined();
      const reader = createPostgresEventStore({ connectionString: url });
      try {
        await checkLog(reader, 'served', outcome);
      } finally {
        await reader.close();
      }
    }, 120_000);

    it('should refuse or forward, never fork, the writes of an owner paused past its lease', async () => {
      const { outcome, paused } = await burstPausingOwner(
        hosts.filter((host) => !host.killed),
        'paused',
        4000,
      );
      expect(paused).toBeDefined();
      const reader = createPostgresEventStore({ connectionString: url });
      try {
        await checkLog(reader, 'paused', outcome);
      } finally {
        await reader.close();
      }
    }, 120_000);
  });
});

whenNatsServerAvailable('serve --cluster on a 3-node JetStream cluster', () => {
  describe('serve --cluster on a 3-node JetStream cluster', () => {
    const prefix = `leases_serve_${runId()}`;
    let cluster: NatsCluster;
    let hosts: ServedHost[] = [];
    let url = '';

    beforeAll(async () => {
      cluster = await startNatsCluster();
      url = `nats://${cluster.servers.map((server) => server.replace('nats://', '')).join(',')}?replicas=3&prefix=${prefix}`;
      hosts = await startServedCluster([15511, 15512, 15513], () => ['--store', url]);
    }, 90_000);

    afterAll(async () => {
      await Promise.allSettled(hosts.map((host) => host.served.stop()));
      await cluster?.stop();
    }, 60_000);

    it('should lose nothing acknowledged and fork nothing when the owner is killed with kill -9', async () => {
      const { outcome, killed } = await burstKillingOwner(hosts, 'served');
      expect(killed).toBeDefined();
      const reader = createNatsEventStore({ servers: cluster.servers, prefix, onWarning: () => undefined });
      try {
        await checkLog(reader, 'served', outcome);
      } finally {
        await reader.close();
      }
    }, 180_000);

    it('should refuse or forward, never fork, the writes of an owner paused past its lease', async () => {
      const { outcome, paused } = await burstPausingOwner(
        hosts.filter((host) => !host.killed),
        'paused',
        4000,
      );
      expect(paused).toBeDefined();
      const reader = createNatsEventStore({ servers: cluster.servers, prefix, onWarning: () => undefined });
      try {
        await checkLog(reader, 'paused', outcome);
      } finally {
        await reader.close();
      }
    }, 180_000);
  });
});
