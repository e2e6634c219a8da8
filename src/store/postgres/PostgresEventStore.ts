/**
 * The PostgreSQL store: one row per event, `(stream, version)` and `(stream, event_id)` unique, so
 * any number of hosts can append to one database and the database settles every race. Appends go
 * through postgresAppend.ts (group-committed, chained in the database); reads page through the
 * primary key, so a catch-up reads only what is new; live tails use LISTEN/NOTIFY. Queries are
 * retried while the server cannot answer (a restart, a failover, an ended connection), then fail
 * with a `StoreUnavailable`.
 */
import pg from 'pg';
import * as E from 'fp-ts/lib/Either.js';
import { GENESIS_HASH, sha256Hex, type EventEnvelope } from '../../events/envelope.ts';
import { EventLogError, type EventStore, type ReadOptions, type SubscribeOptions } from '../EventStore.ts';
import { createStreamWatchers, liveTail } from '../liveTail.ts';
import type { ContentionOptions } from '../contention.ts';
import { validatingAppend, type StreamTail } from '../planAppend.ts';
import {
  appendWithin,
  FIRST_CONTACT_MS,
  retryWhileUnavailable,
  StoreError,
  storeUnavailable,
  streamIdOrThrow,
} from '../storeError.ts';
import { createAppendBatcher } from '../appendBatcher.ts';
import { guardOutages } from '../outage.ts';
import { withValidStream, type InvalidStreamId } from '../streamId.ts';
import { chainBroken, createChainChecker, decodeRecord, type VerifyResult } from '../verifyChain.ts';
import { connectionDeadlines, createListener } from './pgConnections.ts';
import { refusedPgError, transientPgError } from './pgErrors.ts';
import { createPostgresAppender } from './postgresAppend.ts';
import { migrate, postgresNames } from './schema.ts';

/** Options of {@link createPostgresEventStore}. */
export interface PostgresEventStoreOptions {
  /** A connection string; or give `pool`. */
  readonly connectionString?: string;
  /** A pool to use (not ended by `close()`). */
  readonly pool?: pg.Pool;
  /** Prefix of the tables and the NOTIFY channel. Default `launchplan`. */
  readonly tablePrefix?: string;
  /** Rows per page when reading. Default 1000. */
  readonly pageSize?: number;
  /** Races lost in a row before an append gives up with a VersionConflict. Default 50. */
  readonly maxRaceRetries?: number;
  /** The backoff window after lost races (contention.ts). Default 1 to 50 ms. */
  readonly backoff?: ContentionOptions;
  /**
   * Subscriptions also re-read every this many ms, so a notification lost with a dropped LISTEN
   * connection delays events instead of losing them. Default 1000.
   */
  readonly pollIntervalMs?: number;
  /** How long a query is retried while the server cannot answer, before a StoreUnavailable. Default 10 s. */
  readonly unavailableAfterMs?: number;
  /**
   * The deadline of one query and of connecting (client `query_timeout`, server
   * `statement_timeout`, `connectionTimeoutMillis`), with TCP keepalive (pgConnections.ts). Default
   * 5 s. A `pool` you give keeps its own settings: give it these.
   */
  readonly queryTimeoutMs?: number;
  /**
   * In a cluster of hosts with leases (createPostgresLeases): the fencing token of this host's
   * lease on a stream. An append then writes only while the lease still holds that token, and
   * fails with a `StoreUnavailable` of operation `fenced-append` once another host has taken it.
   */
  readonly fencing?: (stream: string) => number | undefined;
}

interface Row {
  readonly version: string;
  readonly hash: string;
  readonly body: string;
}

/**
 * Create a PostgreSQL event store. The schema is created on first use.
 *
 * @example
 * const store = createPostgresEventStore({ connectionString: 'postgres://localhost/launches' });
 */
export const createPostgresEventStore = (options: PostgresEventStoreOptions): EventStore => {
  const names = postgresNames(options.tablePrefix ?? 'launchplan');
  const queryTimeoutMs = options.queryTimeoutMs ?? 5000;
  const pool =
    options.pool ??
    new pg.Pool({
      connectionString: options.connectionString,
      max: 10,
      ...connectionDeadlines(queryTimeoutMs),
    });
  const ownsPool = options.pool === undefined;
  // An idle pooled connection that the server drops (restart, failover, admin) is an 'error' event
  // on the pool: the pool discards that client, and the next query opens a new one. Without a
  // listener, Node would treat it as an unhandled error and stop the host process.
  if (ownsPool) pool.on('error', () => undefined);
  // A connection the server ends can report it twice (the error message, then the closed socket);
  // the pool listens once per query, so every client gets a listener of its own: the failing
  // query reports the error, and a second event must not stop the process.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const pageSize = options.pageSize ?? 1000;
  const maxRaceRetries = options.maxRaceRetries ?? 50;
  const budgetMs = options.unavailableAfterMs ?? 10_000;
  const tails = new Map<string, StreamTail>();
  const watchers = createStreamWatchers();
  let ready: Promise<void> | undefined;

  /** The server will not let the store in (a database dropped or closed to connections): said in one line. */
  const refusal = (operation: string, error: unknown): unknown => {
    const refused = refusedPgError(error);
    return refused === undefined
      ? error
      : new StoreError(
          storeUnavailable('postgres', operation, `postgres refuses the store: ${refused}`, 30_000),
          {
            cause: error,
          },
        );
  };

  /** Run work again while the server cannot answer (only work that is safe to repeat). */
  const retrying = <A>(operation: string, work: () => Promise<A>): Promise<A> =>
    retryWhileUnavailable(work, {
      store: 'postgres',
      operation,
      budgetMs,
      transient: transientPgError,
    }).catch((error: unknown) => {
      throw refusal(operation, error);
    });

  const query = <R extends pg.QueryResultRow>(
    operation: string,
    text: string,
    values: unknown[] = [],
  ): Promise<pg.QueryResult<R>> => retrying(operation, () => pool.query<R>(text, values));

  let reached = false;
  const ensureSchema = (): Promise<void> =>
    (ready ??= retryWhileUnavailable(
      () => migrate(pool, options.tablePrefix ?? 'launchplan').then(() => void (reached = true)),
      {
        store: 'postgres',
        operation: 'schema',
        budgetMs: reached ? budgetMs : Math.min(budgetMs, FIRST_CONTACT_MS),
        transient: transientPgError,
      },
    ).catch((error: unknown) => {
      // A failed migration is never kept: the next operation tries again.
      ready = undefined;
      throw refusal('schema', error);
    }));

  const readTail = async (stream: string): Promise<StreamTail> => {
    await ensureSchema();
    const result = await query<{ version: string; hash: string }>(
      'version',
      `SELECT version, hash FROM ${names.events} WHERE stream = $1 ORDER BY version DESC LIMIT 1`,
      [stream],
    );
    const row = result.rows[0];
    const tail = row ? { version: Number(row.version), hash: row.hash } : { version: 0, hash: GENESIS_HASH };
    tails.set(stream, tail);
    return tail;
  };

  const appender = createPostgresAppender({
    pool,
    names,
    tails,
    query,
    ensureSchema,
    readTail,
    budgetMs,
    maxRaceRetries,
    backoff: options.backoff,
    fencing: options.fencing,
  });
  const append = appendWithin(
    validatingAppend(
      createAppendBatcher((stream, batch) =>
        appender(stream, batch).catch((error: unknown) => {
          throw refusal('append', error);
        }),
      ),
    ),
    'postgres',
    budgetMs,
  );

  /**
   * Stored rows of a stream in version order, a page at a time. Without `to`, the first page also
   * reads the last version of the stream (one index probe in the same query), and the read ends
   * there: where the stream ended when the read started.
   */
  async function* rows(stream: string, from: number, to: number | undefined): AsyncGenerator<Row> {
    await ensureSchema();
    let next = from;
    let last = to;
    if (last === undefined) {
      const first = await query<Row & { last: string | null }>(
        'read',
        `SELECT e.version, e.hash, e.body, t.last FROM
           (SELECT max(version) AS last FROM ${names.events} WHERE stream = $1) t
           LEFT JOIN LATERAL (
             SELECT version, hash, body FROM ${names.events}
             WHERE stream = $1 AND version >= $2 AND version <= t.last ORDER BY version LIMIT $3
           ) e ON true`,
        [stream, next, pageSize],
      );
      const lastText = first.rows[0]?.last;
      if (lastText === null || lastText === undefined) return;
      last = Number(lastText);
      const page = first.rows.filter((row) => row.version !== null);
      for (const row of page) yield row;
      if (page.length < pageSize) return;
      next = Number(page[page.length - 1]!.version) + 1;
    }
    while (next <= last) {
      const result = await query<Row>(
        'read',
        `SELECT version, hash, body FROM ${names.events} WHERE stream = $1 AND version >= $2 AND version <= $3 ORDER BY version LIMIT $4`,
        [stream, next, last, pageSize],
      );
      for (const row of result.rows) yield row;
      if (result.rows.length < pageSize) return;
      next = Number(result.rows[result.rows.length - 1]!.version) + 1;
    }
  }

  const envelopeOfRow = (
    row: Row,
    version: number,
  ): E.Either<ReturnType<typeof chainBrokenAt>, EventEnvelope> => {
    let record: unknown;
    try {
      record = { ...(JSON.parse(row.body) as object), hash: row.hash };
    } catch {
      return E.left(chainBrokenAt(version, 'body is not valid JSON'));
    }
    return E.mapLeft(() => chainBrokenAt(version, 'body does not decode as an event'))(
      decodeRecord(record, version),
    );
  };

  async function* read(stream: string, readOptions: ReadOptions = {}): AsyncGenerator<EventEnvelope> {
    streamIdOrThrow(stream);
    const from = Math.max(1, readOptions.from ?? 1);
    const checker = createChainChecker(stream, { from });
    for await (const row of rows(stream, from, readOptions.to)) {
      const version = checker.version + 1;
      const decoded = envelopeOfRow(row, version);
      if (E.isLeft(decoded))
        throw new EventLogError({ _tag: 'CorruptRecord', stream, version, message: decoded.left.message });
      const broken = checker.check(decoded.right, sha256Hex(row.body));
      if (broken)
        throw new EventLogError({
          _tag: 'CorruptRecord',
          stream,
          version: broken.version,
          message: broken.message,
        });
      yield decoded.right;
    }
  }

  const withStream = <A>(stream: string, f: () => Promise<A>): Promise<E.Either<InvalidStreamId, A>> =>
    withValidStream(stream, async () => {
      await ensureSchema();
      return f();
    });

  const listener = createListener({
    config: options.pool
      ? { ...options.pool.options }
      : { connectionString: options.connectionString, ...connectionDeadlines(queryTimeoutMs) },
    channel: names.channel,
    onNotify: (payload) => watchers.notify(payload.split(':')[0] ?? ''),
    before: ensureSchema,
  });

  const subscribe = (
    stream: string,
    subscribeOptions: SubscribeOptions = {},
  ): AsyncGenerator<EventEnvelope> => {
    streamIdOrThrow(stream);
    const notifier = watchers.watch(stream, options.pollIntervalMs ?? 1000);
    // Listening before the first read, so that no notification falls between the two.
    const listening = listener.listen().catch(() => undefined);
    return liveTail(
      (from) =>
        (async function* () {
          await listening;
          yield* read(stream, { from });
        })(),
      notifier,
      subscribeOptions,
    );
  };

  const store: EventStore = {
    append,
    read,
    version: (stream) => withStream(stream, async () => (await readTail(stream)).version),
    subscribe,
    async listStreams() {
      await ensureSchema();
      const result = await query<{ stream: string }>(
        'listStreams',
        `SELECT stream FROM ${names.events} WHERE version = 1 ORDER BY stream`,
      );
      return result.rows.map((row) => row.stream);
    },
    saveSnapshot: (stream, snapshot) =>
      withStream(stream, async () => {
        await query(
          'saveSnapshot',
          `INSERT INTO ${names.snapshots} (stream, version, state) VALUES ($1, $2, $3)
           ON CONFLICT (stream) DO UPDATE SET version = EXCLUDED.version, state = EXCLUDED.state, saved_at = now()`,
          [stream, snapshot.version, JSON.stringify(snapshot.state ?? null)],
        );
      }),
    loadSnapshot: (stream) =>
      withStream(stream, async () => {
        const result = await query<{ version: string; state: string }>(
          'loadSnapshot',
          `SELECT version, state FROM ${names.snapshots} WHERE stream = $1`,
          [stream],
        );
        const row = result.rows[0];
        if (!row) return undefined;
        try {
          return { version: Number(row.version), state: JSON.parse(row.state) as unknown };
        } catch {
          throw new EventLogError({
            _tag: 'CorruptSnapshot',
            stream,
            location: names.snapshots,
            message: 'state is not valid JSON',
          });
        }
      }),
    verify: (stream): Promise<E.Either<InvalidStreamId, VerifyResult>> =>
      withStream(stream, async () => {
        const checker = createChainChecker(stream);
        for await (const row of rows(stream, 1, undefined)) {
          const version = checker.version + 1;
          const decoded = envelopeOfRow(row, version);
          const broken = E.isLeft(decoded) ? decoded.left : checker.check(decoded.right, sha256Hex(row.body));
          if (broken) return chainBroken(stream, checker.version, broken);
        }
        return { ok: true, stream, version: checker.version, hash: checker.hash ?? GENESIS_HASH };
      }),
    async close() {
      watchers.closeAll();
      await listener.close();
      // Bounded: a pool waits for its checked-out clients, which a query stuck on a dead server holds.
      if (ownsPool)
        await Promise.race([
          pool.end().catch(() => undefined),
          new Promise((resolve) => setTimeout(resolve, 2000).unref()),
        ]);
    },
  };
  // While the server does not answer, calls fail at once and one query checks it every second.
  return guardOutages(store, {
    store: 'postgres',
    probe: async () => void (await pool.query('SELECT 1')),
    probeDeadlineMs: 2 * queryTimeoutMs,
  });
};

const chainBrokenAt = (version: number, message: string) => ({
  reason: 'Undecodable' as const,
  version,
  message,
});
