/**
 * Lost races on NATS end as values: an append with expected version `any` that keeps losing to
 * other instances gives up with a VersionConflict naming both versions, never a raw JetStream
 * error (10071), and the appends that were answered are the log.
 */
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, describe, expect, it } from 'vitest';
import type { EventStore } from '../../src/store/EventStore.ts';
import { createNatsEventStore, natsLayout } from '../../src/store/nats/index.ts';
import { natsUrl, newEvents, readAll, runId } from './helpers.ts';
import { whenServiceReachable } from './services.ts';

await whenServiceReachable('NATS JetStream', natsUrl(), 4222, 'LAUNCHPLAN_NATS_URL', () => {
  describe('NATS races', () => {
    const prefix = `lp_${runId()}`;
    const stores: EventStore[] = [];
    afterAll(async () => {
      await Promise.all(stores.map((store) => store.close()));
      const nc = await connect({ servers: natsUrl() });
      const jsm = await jetstreamManager(nc);
      for (const name of [natsLayout(prefix).eventsStream, natsLayout(prefix).snapshotsStream])
        await jsm.streams.delete(name).catch(() => false);
      await nc.close();
    });

    it('should end races it keeps losing as a VersionConflict with both versions', async () => {
      const writers = Array.from({ length: 6 }, () =>
        createNatsEventStore({ servers: natsUrl(), prefix, maxRaceRetries: 1, onWarning: () => undefined }),
      );
      stores.push(...writers);
      // All at the same (empty) tail, then one append at a time per instance: the first appends all
      // race for version 1, and every instance races the others on every append after.
      await Promise.all(writers.map((writer) => writer.version('contended')));
      const results = await Promise.all(
        writers.map(async (writer, w) => {
          const answers = [];
          for (const event of newEvents(8, w * 10)) answers.push(await writer.append('contended', [event]));
          return answers;
        }),
      );
      const conflicts = results.flat().filter(E.isLeft);
      expect(conflicts.length).toBeGreaterThan(0);
      for (const conflict of conflicts)
        expect(conflict.left).toMatchObject({
          _tag: 'VersionConflict',
          stream: 'contended',
          expected: 'any',
        });
      expect((await readAll(writers[0]!, 'contended')).length).toBe(results.flat().filter(E.isRight).length);
    });
  });
});
