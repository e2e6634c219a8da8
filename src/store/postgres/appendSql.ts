/**
 * The statements of a PostgreSQL append. The insert is chained in the database: it writes the
 * sealed events only if the row they chain to is the current tail of the stream with that hash
 * (the same statement checks it), so a host whose view is stale, or ahead of a database that lost
 * its last commits in a failover, can never write rows onto a version that is not there. The
 * primary key settles two hosts that chain onto the same tail at the same moment.
 *
 * A host of a cluster also gives the fencing token of its lease on the launch: the insert then
 * writes only while the lease row holds that token, and share-locks the row, so a host taking the
 * lease over waits for an insert under the old token to commit and then reads it (issue 20).
 */
import type { NewEvent, SealedEvent } from '../../events/envelope.ts';
import type { StreamTail } from '../planAppend.ts';
import type { PostgresNames } from './schema.ts';

/**
 * Insert the sealed events of one append, chained to the tail `(version $10, hash $11)`, and
 * notify listeners in the same statement. Answers `inserted` = 0 when that is not the tail.
 * Parameters: stream, versions[], event ids[], types[], ats[], prev hashes[], hashes[], bodies[],
 * channel, tail version, tail hash, fencing token (or null). Answers `fenced` = false when the
 * token is not the lease's (nothing is written).
 */
export const chainedInsertSql = (names: PostgresNames): string => `WITH fence AS (
  SELECT ($12::bigint IS NULL OR EXISTS (SELECT 1 FROM ${names.leases} WHERE stream = $1 AND token = $12 FOR SHARE)) AS ok
), tail_ok AS (
  SELECT (SELECT ok FROM fence)
     AND ($10::bigint = 0 OR EXISTS (SELECT 1 FROM ${names.events} WHERE stream = $1 AND version = $10 AND hash = $11))
     AND NOT EXISTS (SELECT 1 FROM ${names.events} WHERE stream = $1 AND version > $10) AS ok
), inserted AS (
  INSERT INTO ${names.events} (stream, version, event_id, type, at, prev_hash, hash, body)
  SELECT $1, x.version, x.event_id, x.type, x.at, x.prev_hash, x.hash, x.body
  FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
    AS x(version, event_id, type, at, prev_hash, hash, body)
  WHERE (SELECT ok FROM tail_ok)
  RETURNING version
), notified AS (
  SELECT pg_notify($9, $1 || ':' || max(version)::text) FROM inserted HAVING count(*) > 0
)
SELECT (SELECT count(*) FROM inserted)::int AS inserted, (SELECT count(*) FROM notified)::int AS notified,
  (SELECT ok FROM fence) AS fenced_ok`;

/**
 * The chained insert of `sealed` onto `tail` as a named (prepared) statement: each pooled
 * connection parses and plans it once. Parsing and planning the unnamed statement on every append
 * took half of an append's time (about 400 of 830 µs on the benchmark machine,
 * docs/benchmarks.md); the plan, custom or generic, evaluates the same tail and fence conditions
 * in the statement, so the guarantee is unchanged. The name carries the table, so stores of two
 * prefixes can share one pool. `events` are the new events of `sealed`, in the same order.
 *
 * @example
 * await pool.query(chainedInsertQuery(names, 'launch-1', tail, [event], [sealed], undefined));
 */
export const chainedInsertQuery = (
  names: PostgresNames,
  stream: string,
  tail: StreamTail,
  events: readonly Pick<NewEvent, 'type' | 'at'>[],
  sealed: readonly SealedEvent[],
  token: number | undefined,
): { readonly name: string; readonly text: string; readonly values: unknown[] } => ({
  name: `${names.events}_chained_insert`,
  text: chainedInsertSql(names),
  values: [
    stream,
    sealed.map((s) => s.version),
    sealed.map((s) => s.eventId),
    events.map((event) => event.type),
    events.map((event) => event.at),
    [tail.hash, ...sealed.slice(0, -1).map((s) => s.hash)],
    sealed.map((s) => s.hash),
    sealed.map((s) => s.body),
    names.channel,
    tail.version,
    tail.hash,
    token ?? null,
  ],
});

/**
 * The tail of a stream and the versions of the given event ids already in it, in one round trip.
 * Parameters: stream, event ids[]. One row per stored id, or one row with null ids.
 */
export const tailAndIdsSql = (
  names: PostgresNames,
): string => `SELECT t.version, t.hash, ids.event_id, ids.version AS id_version
FROM (SELECT 1) one
LEFT JOIN (SELECT version, hash FROM ${names.events} WHERE stream = $1 ORDER BY version DESC LIMIT 1) t ON true
LEFT JOIN (SELECT event_id, version FROM ${names.events} WHERE stream = $1 AND event_id = ANY($2::text[])) ids ON true`;
