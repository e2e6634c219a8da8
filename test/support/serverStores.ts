/**
 * The server stores a `launchplan serve` test runs on, PostgreSQL then NATS JetStream, each on
 * scratch storage of its own: one suite per store, skipped with a one-line message when its server
 * is unreachable, given the store open in the test process (to seed or read its log) and the
 * `--store` arguments that point a served process at the same log.
 */
import { afterAll, beforeAll, describe } from 'vitest';
import type { EventStore } from '../../src/store/EventStore.ts';
import { createNatsEventStore } from '../../src/store/nats/index.ts';
import { createPostgresEventStore } from '../../src/store/postgres/index.ts';
import { natsUrl, pgUrl, runId } from '../store/helpers.ts';
import { removeNatsStreams, scratchSchema } from '../store/scratch.ts';
import { whenServiceReachable } from '../store/services.ts';

export type ServerStoreName = 'PostgreSQL' | 'NATS JetStream';

export interface ServerStore {
  /** The store, open in the test process. */
  store: EventStore;
  /** `launchplan serve` arguments for the same log. */
  args: string[];
}

interface Scratch extends ServerStore {
  remove: () => Promise<void>;
}

/** `register`'s tests in a suite titled `<title>, on <store>`, with the store opened before them and removed after. */
function describeOn(
  title: string,
  name: ServerStoreName,
  open: () => Scratch | Promise<Scratch>,
  register: (served: () => ServerStore, name: ServerStoreName) => void,
): void {
  describe(`${title}, on ${name}`, () => {
    let scratch: Scratch | undefined;
    beforeAll(async () => {
      scratch = await open();
    });
    afterAll(async () => {
      await scratch?.store.close();
      await scratch?.remove();
    });
    register(() => {
      if (!scratch) throw new Error(`the ${name} store is opened before the tests run`);
      return scratch;
    }, name);
  });
}

/**
 * Registers `register`'s tests once per server store, on storage named after `scratch` (a
 * PostgreSQL schema, a NATS prefix). Call at the top level of a test file (it awaits the
 * reachability checks).
 */
export async function describeOnServerStores(
  title: string,
  scratch: string,
  register: (served: () => ServerStore, name: ServerStoreName) => void,
): Promise<void> {
  await whenServiceReachable('PostgreSQL', pgUrl(), 5432, 'LAUNCHPLAN_PG_URL', () =>
    describeOn(
      title,
      'PostgreSQL',
      async () => {
        const schema = await scratchSchema(scratch);
        const store = createPostgresEventStore({ connectionString: schema.url });
        return { store, args: ['--store', schema.url], remove: schema.drop };
      },
      register,
    ),
  );
  await whenServiceReachable('NATS', natsUrl(), 4222, 'LAUNCHPLAN_NATS_URL', () =>
    describeOn(
      title,
      'NATS JetStream',
      () => {
        const prefix = `${scratch}_${runId()}`;
        const store = createNatsEventStore({ servers: natsUrl(), prefix, onWarning: () => undefined });
        return {
          store,
          args: ['--store', `${natsUrl()}?prefix=${prefix}`],
          remove: () => removeNatsStreams(prefix),
        };
      },
      register,
    ),
  );
}
