/**
 * The appends of a launch's owner on a 3-node JetStream cluster (R3): under its lease, an append
 * onto the owner's own last append is taken as the server's ack says, without the confirmation get
 * (docs/event-log.md, "Forks on NATS"); every other append is confirmed as before: the first under
 * a lease, one onto a tail another writer wrote, one under a new lease, and every append of a
 * store given no lease. A host whose lease ran out publishes nothing. The gets are counted on the wire: a subscriber to the stream's get requests.
 */
import { connect, type NatsConnection } from '@nats-io/transport-node';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeldLease } from '../../src/launch/owner/lease.ts';
import type { EventStore } from '../../src/store/EventStore.ts';
import { createNatsEventStore, natsLayout } from '../../src/store/nats/index.ts';
import { isFencedAppend } from '../../src/store/storeError.ts';
import { newEvent, readAll, runId } from '../store/helpers.ts';
import { startNatsCluster, type NatsCluster } from './natsCluster.ts';
import { whenNatsServerAvailable } from './natsServerRequired.ts';

whenNatsServerAvailable('NATS owner appends on a cluster', () => {
  describe("a launch owner's appends on a 3-node JetStream cluster", () => {
    const prefix = `own_${runId()}`;
    const layout = natsLayout(prefix);
    let cluster: NatsCluster;
    let watcher: NatsConnection;
    const stores: EventStore[] = [];
    /** Confirmation gets seen: "the subject's next message after n" requests, per launch subject. */
    const gets = new Map<string, number>();
    let lease: HeldLease | undefined;
    // The stores and the watcher on one node: it hands the watcher each get before routing it on.
    const server = (): string => cluster.servers[0]!;
    const open = (withLease: boolean): EventStore => {
      const store = createNatsEventStore({
        servers: [server()],
        prefix,
        replicas: 3,
        onWarning: () => undefined,
        ...(withLease ? { lease: () => lease } : {}),
      });
      stores.push(store);
      return store;
    };
    const appendOne = async (store: EventStore, stream: string, n: number): Promise<void> => {
      expect(E.isRight(await store.append(stream, [newEvent(n)]))).toBe(true);
    };
    /** Confirmation gets of `stream` while `work` runs. */
    const getsDuring = async (stream: string, work: () => Promise<void>): Promise<number> => {
      const subject = layout.eventSubject(stream);
      const before = gets.get(subject) ?? 0;
      await work();
      await watcher.flush();
      return (gets.get(subject) ?? 0) - before;
    };

    beforeAll(async () => {
      cluster = await startNatsCluster();
      watcher = await connect({ servers: [server()] });
      watcher.subscribe(`$JS.API.STREAM.MSG.GET.${layout.eventsStream}`, {
        callback: (_error, message) => {
          const request = message.json<{ next_by_subj?: string }>();
          if (request.next_by_subj) gets.set(request.next_by_subj, (gets.get(request.next_by_subj) ?? 0) + 1);
        },
      });
      await watcher.flush();
      await open(false).listStreams();
      await cluster.waitStreamHealthy(layout.eventsStream);
    }, 60_000);

    afterAll(async () => {
      await Promise.allSettled(stores.map((store) => store.close()));
      await watcher?.close();
      await cluster?.stop();
    }, 30_000);

    it('should confirm only the first append under a lease, and take the owner’s next ones as acknowledged', async () => {
      lease = { token: 1, validUntil: Date.now() + 60_000 };
      const owner = open(true);
      expect(await getsDuring('owned', () => appendOne(owner, 'owned', 1))).toBe(1);
      expect(
        await getsDuring('owned', async () => {
          for (let n = 2; n <= 20; n++) await appendOne(owner, 'owned', n);
        }),
      ).toBe(0);
      const stored = await readAll(open(false), 'owned');
      expect(stored.map((event) => event.version)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    });

    it('should confirm an append onto a tail another writer wrote or under a new lease, and publish nothing once the lease ran out', async () => {
      lease = { token: 2, validUntil: Date.now() + 60_000 };
      const owner = open(true);
      const other = open(false);
      expect(await getsDuring('shared', () => appendOne(owner, 'shared', 1))).toBe(1);
      expect(await getsDuring('shared', () => appendOne(owner, 'shared', 2))).toBe(0);
      await getsDuring('shared', () => appendOne(other, 'shared', 3));
      // The owner's view still ends at its own append: the server refuses it; one get reads the
      // other writer's append, and one confirms the owner's append onto it.
      expect(await getsDuring('shared', () => appendOne(owner, 'shared', 4))).toBe(2);
      lease = { token: 3, validUntil: Date.now() + 60_000 };
      expect(await getsDuring('shared', () => appendOne(owner, 'shared', 5))).toBe(1);
      // A lease run out by the host's clock: nothing is published.
      lease = { token: 3, validUntil: Date.now() - 1 };
      await expect(owner.append('shared', [newEvent(6)])).rejects.toSatisfy(isFencedAppend);
      lease = undefined;
      expect(await getsDuring('shared', () => appendOne(owner, 'shared', 7))).toBe(1);
      const stored = await readAll(other, 'shared');
      expect(stored.map((event) => event.version)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(stored.map((event) => (event.data as { n?: number } | undefined)?.n)).not.toContain(6);
      expect(await other.verify('shared')).toMatchObject(E.right({ ok: true, version: 6 }));
    });

    it('should confirm every append of a store given no lease', async () => {
      const plain = open(false);
      expect(
        await getsDuring('plain', async () => {
          for (let n = 1; n <= 5; n++) await appendOne(plain, 'plain', n);
        }),
      ).toBe(5);
    });
  });
});
