import { createNatsEventStore } from '../../src/store/nats/index.ts';
import { describeEventStoreConformance } from './conformance.ts';
import { natsUrl, runId } from './helpers.ts';
import { removeNatsStreams } from './scratch.ts';
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
          await removeNatsStreams(prefix);
        },
      };
    },
    { largeStreamEvents: 10_000 },
  );
});
