import pg from 'pg';
import { createPostgresEventStore } from '../../src/store/postgres/index.ts';
import { describeEventStoreConformance } from './conformance.ts';
import { pgUrl, runId } from './helpers.ts';
import { whenServiceReachable } from './services.ts';

await whenServiceReachable('PostgreSQL', pgUrl(), 5432, 'LAUNCHPLAN_PG_URL', () => {
  describeEventStoreConformance(
    'postgres',
    () => {
      const tablePrefix = `lp_${runId()}`;
      const store = createPostgresEventStore({ connectionString: pgUrl(), tablePrefix });
      return {
        store,
        openAnother: () => createPostgresEventStore({ connectionString: pgUrl(), tablePrefix }),
        cleanup: async () => {
          await store.close();
          const client = new pg.Client({ connectionString: pgUrl() });
          await client.connect();
          await client.query(`DROP TABLE IF EXISTS ${tablePrefix}_events, ${tablePrefix}_snapshots`);
          await client.end();
        },
      };
    },
    { largeStreamEvents: 10_000 },
  );
});
