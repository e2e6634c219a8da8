/**
 * The append path of the PostgreSQL store: a batch of appends (group commit) is one INSERT chained
 * in the database (appendSql.ts: it writes only onto the current tail with that hash). A stale
 * tail, a unique violation or a lost connection means: read the tail and the ids again in one
 * round trip, and decide again; an insert whose connection was lost may have committed, so its
 * appends, found stored, are reported as its own. Lost races back off per stream (contention.ts).
 */
import type pg from 'pg';
import * as E from 'fp-ts/lib/Either.js';
import { GENESIS_HASH, type PreparedEvent, type SealedEvent } from '../../events/envelope.ts';
import type { WriteBatch } from '../appendBatcher.ts';
import { createContention, type ContentionOptions } from '../contention.ts';
import type { AppendError, AppendResult } from '../EventStore.ts';
import {
  answersWithoutWriting,
  lostRaces,
  planBatch,
  writingAppends,
  type BatchAppend,
  type StreamTail,
} from '../planAppend.ts';
import { FENCED_APPEND, StoreError, storeUnavailable } from '../storeError.ts';
import { chainedInsertQuery, tailAndIdsSql } from './appendSql.ts';
import { transientPgError } from './pgErrors.ts';
import type { PostgresNames } from './schema.ts';

const UNIQUE_VIOLATION = '23505';

/** What the database holds of a stream for an append: its tail and the versions of given ids. */
interface Known {
  readonly tail: StreamTail;
  readonly ids: ReadonlyMap<string, number>;
}

/** What the append path shares with the rest of the store. */
export interface PostgresAppendContext {
  readonly pool: pg.Pool;
  readonly names: PostgresNames;
  /** The last tail this instance knows per stream (kept up to date here and by `readTail`). */
  readonly tails: Map<string, StreamTail>;
  /** A query retried while the server cannot answer. */
  readonly query: <R extends pg.QueryResultRow>(
    operation: string,
    text: string,
    values?: unknown[],
  ) => Promise<pg.QueryResult<R>>;
  readonly ensureSchema: () => Promise<void>;
  readonly readTail: (stream: string) => Promise<StreamTail>;
  readonly budgetMs: number;
  readonly maxRaceRetries: number;
  readonly backoff: ContentionOptions | undefined;
  /** The fencing token of this host's lease on a stream, if it holds or held one (PostgresEventStoreOptions.fencing). */
  readonly fencing: ((stream: string) => number | undefined) | undefined;
}

/**
 * Create the append path of one store instance: a writer of batches for `createAppendBatcher`.
 *
 * @example
 * const batcher = createAppendBatcher(createPostgresAppender(context));
 */
export const createPostgresAppender = (context: PostgresAppendContext): WriteBatch => {
  const { pool, names, tails, query, ensureSchema, readTail, budgetMs, maxRaceRetries } = context;
  const contention = createContention(context.backoff);

  /** The tail of a stream and which of `ids` it holds, in one round trip. */
  const readKnown = async (stream: string, ids: readonly string[]): Promise<Known> => {
    const result = await query<{
      version: string | null;
      hash: string | null;
      event_id: string | null;
      id_version: string | null;
    }>('append', tailAndIdsSql(names), [stream, ids]);
    const first = result.rows[0];
    const tail = first?.version
      ? { version: Number(first.version), hash: first.hash! }
      : { version: 0, hash: GENESIS_HASH };
    tails.set(stream, tail);
    const known = new Map<string, number>();
    for (const row of result.rows) if (row.event_id !== null) known.set(row.event_id, Number(row.id_version));
    return { tail, ids: known };
  };

  /**
   * Insert sealed events chained onto `tail`: `Inserted`, `Moved` (that is not the tail, or another
   * host took the version: read again), or a thrown error (a transient one: the insert may have
   * been committed before the connection was lost).
   */
  const insert = async (
    stream: string,
    tail: StreamTail,
    events: readonly PreparedEvent[],
    sealed: readonly SealedEvent[],
  ): Promise<'Inserted' | 'Moved'> => {
    try {
      const token = context.fencing?.(stream);
      const result = await pool.query<{ inserted: number; fenced_ok: boolean }>(
        chainedInsertQuery(
          names,
          stream,
          tail,
          events.map((prepared) => prepared.event),
          sealed,
          token,
        ),
      );
      if (result.rows[0]?.fenced_ok === false)
        throw new StoreError(
          storeUnavailable(
            'postgres',
            FENCED_APPEND,
            `this host's lease on launch ${stream} (token ${String(token)}) was taken over by another host: nothing was written; send again`,
            500,
          ),
        );
      return result.rows[0]?.inserted === sealed.length ? 'Inserted' : 'Moved';
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) return 'Moved';
      throw error;
    }
  };

  /** Write a batch of appends to one stream as one chained INSERT (group commit). */
  const appendBatch = async (
    stream: string,
    batch: readonly BatchAppend[],
  ): Promise<readonly E.Either<AppendError, AppendResult>[]> => {
    await ensureSchema();
    const ids = batch.flatMap((append) => append.events.map((prepared) => prepared.event.eventId));
    // Optimistic first attempt from the cached tail; ids are checked by the unique constraint.
    let known: Known = { tail: tails.get(stream) ?? (await readTail(stream)), ids: new Map() };
    let fresh = false;
    // Appends of this batch whose insert lost its connection may have been committed: found stored, they are its own.
    const maybeOurs = new Set<number>();
    const deadline = Date.now() + budgetMs;
    for (let race = 1; ;) {
      // After a pause the tail others have written meanwhile is newer than ours: read it first.
      if (await contention.waitTurn(stream, async () => (await readTail(stream)).version)) {
        known = await readKnown(stream, ids);
        fresh = true;
      }
      const plan = planBatch(stream, known.tail, batch, (id) => known.ids.get(id));
      if (plan.conflicted && !fresh) {
        known = await readKnown(stream, ids);
        fresh = true;
        continue;
      }
      const sealed = plan.writes.flat();
      if (sealed.length === 0) return answersWithoutWriting(plan, batch, maybeOurs);
      const prepared = batch.flatMap((append, index) =>
        plan.writes[index]!.length > 0 ? append.events : [],
      );
      let outcome: 'Inserted' | 'Moved';
      try {
        outcome = await insert(stream, known.tail, prepared, sealed);
      } catch (error) {
        const transient = transientPgError(error);
        if (transient === undefined) throw error;
        if (Date.now() > deadline) {
          throw new StoreError(
            storeUnavailable(
              'postgres',
              'append',
              `postgres is unavailable (append): ${transient}; the append may have been written: append the same event ids again (a retry is written once)`,
            ),
            { cause: error },
          );
        }
        for (const index of writingAppends(plan)) maybeOurs.add(index);
        await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100));
        known = await readKnown(stream, ids);
        fresh = true;
        continue;
      }
      if (outcome === 'Inserted') {
        const last = sealed[sealed.length - 1]!;
        tails.set(stream, { version: last.version, hash: last.hash });
        contention.won(stream);
        return plan.results;
      }
      // Another host appended first, this is a retry of an append that was written, or the tail
      // this instance knew is not in the database (a failover lost it): read again and decide.
      known = await readKnown(stream, ids);
      fresh = true;
      contention.lost(stream);
      if (race >= maxRaceRetries) return lostRaces(stream, batch, known.tail.version);
      race += 1;
    }
  };

  return appendBatch;
};
