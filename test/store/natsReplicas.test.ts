/**
 * Replicas on a single NATS server: the default is one (the size of the "cluster"), and asking
 * for more is said at once in one line, not retried for ever.
 */
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/store/storeError.ts';
import { createNatsEventStore, natsLayout } from '../../src/store/nats/index.ts';
import { natsUrl, runId } from './helpers.ts';
import { whenServiceReachable } from './services.ts';

await whenServiceReachable('NATS JetStream', natsUrl(), 4222, 'LAUNCHPLAN_NATS_URL', () => {
  describe('replicas on a single NATS server', () => {
    const prefix = `lp_${runId()}`;
    afterAll(async () => {
      const nc = await connect({ servers: natsUrl() });
      const jsm = await jetstreamManager(nc);
      for (const name of [natsLayout(prefix).eventsStream, natsLayout(prefix).snapshotsStream])
        await jsm.streams.delete(name).catch(() => false);
      await nc.close();
    });

    it('should create one replica by default, and refuse three in one line', async () => {
      const store = createNatsEventStore({ servers: natsUrl(), prefix });
      await store.listStreams();
      await store.close();
      const nc = await connect({ servers: natsUrl() });
      expect(
        (await (await jetstreamManager(nc)).streams.info(natsLayout(prefix).eventsStream)).config
          .num_replicas,
      ).toBe(1);
      await nc.close();
      const three = createNatsEventStore({ servers: `${natsUrl()}?replicas=3`, prefix: `${prefix}x` });
      const failure = await three.listStreams().catch((error: unknown) => error);
      await three.close();
      expect(failure).toBeInstanceOf(StoreError);
      expect((failure as StoreError).failure._tag).toBe('StoreUnavailable');
      expect((failure as StoreError).message).toMatch(
        /3 replicas asked, but the NATS server is not clustered/,
      );
    });
  });
});
