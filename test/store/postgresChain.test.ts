/**
 * PostgreSQL appends are chained in the database: a host whose cached tail is not in the table
 * any more (a failover to a standby that lost the last commits) cannot write onto it; it reads
 * the real tail and decides again. Lost races end as values, never as a driver error.
 */
import pg from 'pg';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealEvent } from '../../src/events/envelope.ts';
import { chainedInsertQuery } from '../../src/store/postgres/appendSql.ts';
import { createPostgresEventStore, postgresNames } from '../../src/store/postgres/index.ts';
import type { EventStore } from '../../src/store/EventStore.ts';
import { newEvent, newEvents, pgUrl, readAll, runId } from './helpers.ts';
import { whenServiceReachable } from './services.ts';

await whenServiceReachable('PostgreSQL', pgUrl(), 5432, 'LAUNCHPLAN_PG_URL', () => {
  describe('PostgreSQL appends chained in the database', () => {
    const tablePrefix = `lp_${runId()}`;
    let admin: pg.Client;
    const stores: EventStore[] = [];
    const open = (maxRaceRetries?: number): EventStore => {
      const store = createPostgresEventStore({
        connectionString: pgUrl(),
        tablePrefix,
        ...(maxRaceRetries ? { maxRaceRetries } : {}),
      });
      stores.push(store);
      return store;
    };

    beforeAll(async () => {
      admin = new pg.Client({ connectionString: pgUrl() });
      await admin.connect();
    });
    afterAll(async () => {
      await Promise.all(stores.map((store) => store.close()));
      await admin.query(
        `DROP TABLE IF EXISTS ${tablePrefix}_events, ${tablePrefix}_snapshots, ${tablePrefix}_leases`,
      );
      await admin.end();
    });

    it('should never write onto a tail the database lost, and append at the real one', async () => {
      const host = open();
      expect(await host.append('lost', newEvents(5))).toEqual(E.right({ version: 5, appended: 5 }));
      // What a failover to an asynchronous standby can do: the last commits are gone.
      await admin.query(`DELETE FROM ${tablePrefix}_events WHERE stream = 'lost' AND version > 3`);
      const stale = await host.append('lost', [newEvent(6)], { expectedVersion: 5 });
      expect(stale).toEqual(E.left({ _tag: 'VersionConflict', stream: 'lost', expected: 5, actual: 3 }));
      expect(await host.append('lost', [newEvent(7)])).toEqual(E.right({ version: 4, appended: 1 }));
      const stored = await readAll(host, 'lost');
      expect(stored.map((e) => e.version)).toEqual([1, 2, 3, 4]);
      expect(stored[3]!.prevHash).toBe(stored[2]!.hash);
      expect(await host.verify('lost')).toMatchObject(E.right({ ok: true, version: 4 }));
    });

    // The store sends the chained insert as a prepared statement: the server may run it with a
    // plan made for these values (custom) or one made for any values (generic); both must refuse.
    for (const plan of ['custom', 'generic'] as const) {
      const connectWith = async (): Promise<pg.Client> => {
        const client = new pg.Client({ connectionString: pgUrl() });
        await client.connect();
        await client.query(`SET plan_cache_mode = force_${plan}_plan`);
        return client;
      };

      it(`should insert, in the statement itself, only onto the current tail with that hash (${plan} plan)`, async () => {
        const host = open();
        const stream = `chained-${plan}`;
        await host.append(stream, newEvents(2));
        const rows = (
          await admin.query<{ hash: string }>(
            `SELECT hash FROM ${tablePrefix}_events WHERE stream = $1 ORDER BY version`,
            [stream],
          )
        ).rows;
        const [first, second] = rows.map((row) => row.hash) as [string, string];
        const event = newEvent(3);
        const names = postgresNames(tablePrefix);
        const client = await connectWith();
        const insertOnto = async (version: number, hash: string): Promise<number> => {
          const sealed = sealEvent(stream, version + 1, hash, event);
          const query = chainedInsertQuery(names, stream, { version, hash }, [event], [sealed], undefined);
          return (await client.query<{ inserted: number }>(query)).rows[0]?.inserted ?? -1;
        };
        try {
          expect(await insertOnto(2, 'e'.repeat(64))).toBe(0); // a hash the tail does not have
          expect(await insertOnto(1, first)).toBe(0); // a row that is not the tail
          expect(await insertOnto(7, second)).toBe(0); // a row that is not there (lost)
          expect(await insertOnto(2, second)).toBe(1);
        } finally {
          await client.end();
        }
        expect(await host.verify(stream)).toMatchObject(E.right({ ok: true, version: 3 }));
      });

      it(`should write with a fencing token only while the lease row holds it (${plan} plan)`, async () => {
        const host = open();
        const stream = `fenced-${plan}`;
        await host.append(stream, newEvents(1));
        const names = postgresNames(tablePrefix);
        await admin.query(
          `INSERT INTO ${names.leases} (stream, holder, address, token, expires_at) VALUES ($1, 'b', 'http://b', 2, now() + interval '1 minute')`,
          [stream],
        );
        const hash = (
          await admin.query<{ hash: string }>(
            `SELECT hash FROM ${names.events} WHERE stream = $1 AND version = 1`,
            [stream],
          )
        ).rows[0]!.hash;
        const event = newEvent(2);
        const sealed = sealEvent(stream, 2, hash, event);
        const client = await connectWith();
        const insertWith = async (token: number) =>
          (
            await client.query<{ inserted: number; fenced_ok: boolean }>(
              chainedInsertQuery(names, stream, { version: 1, hash }, [event], [sealed], token),
            )
          ).rows[0];
        try {
          expect(await insertWith(1)).toEqual({ inserted: 0, notified: 0, fenced_ok: false });
          expect(await insertWith(3)).toEqual({ inserted: 0, notified: 0, fenced_ok: false });
          expect(await insertWith(2)).toEqual({ inserted: 1, notified: 1, fenced_ok: true });
        } finally {
          await client.end();
        }
      });
    }

    it('should end races it keeps losing as a VersionConflict with both versions, never a driver error', async () => {
      const writers = Array.from({ length: 6 }, () => open(1));
      // All at the same (empty) tail first: the first appends all race for version 1.
      await Promise.all(writers.map((writer) => writer.version('contended')));
      const results = await Promise.all(
        writers.flatMap((writer, w) =>
          newEvents(8, w * 10).map((event) => writer.append('contended', [event])),
        ),
      );
      const conflicts = results.filter(E.isLeft);
      expect(conflicts.length).toBeGreaterThan(0);
      for (const conflict of conflicts)
        expect(conflict.left).toMatchObject({
          _tag: 'VersionConflict',
          stream: 'contended',
          expected: 'any',
        });
      expect((await readAll(writers[0]!, 'contended')).length).toBe(results.filter(E.isRight).length);
    });
  });
});
