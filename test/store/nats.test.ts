import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { createNatsEventStore, natsLayout } from '../../src/store/nats/index.ts';
import { describeEventStoreConformance } from './conformance.ts';
import { natsUrl, runId } from './helpers.ts';
import { whenServiceReachable } from './services.ts';

await whenServiceReachable('NATS JetStream', natsUrl(), 4222, 'LAUNCHPLAN_NATS_URL', () => {
  describeEventStoreConformance(
    'nats',
    () => {
      const prefix = `lp_${runId()}`;
      const store = createNatsEventStore({ servers: natsUrl(), prefix });
      return {
        store,
        openAnother: () => createNatsEventStore({ servers: natsUrl(), prefix }),
        cleanup: async () => {
          await store.close();
          const nc = await connect({ servers: natsUrl() });
          const jsm = await jetstreamManager(nc);
          const layout = natsLayout(prefix);
          await jsm.streams.delete(layout.eventsStream).catch(() => false);
          await jsm.streams.delete(layout.snapshotsStream).catch(() => false);
          await nc.close();
        },
      };
    },
    { largeStreamEvents: 10_000 },
  );
});
