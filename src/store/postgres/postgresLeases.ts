/**
 * Leases of launches in PostgreSQL (launch/owner/lease.ts): a row per launch in `<prefix>_leases`
 * with its holder, the holder's address, a fencing token and an expiry by the database's clock.
 * One statement claims: it inserts the row, renews it for its holder, or takes it over once it
 * has expired (the token then grows), and otherwise reads who holds it. A given-up lease is
 * expired rather than deleted, so tokens never go back. The store's append checks the token
 * (appendSql.ts), so a host whose lease was taken over cannot write.
 */
import pg from 'pg';
import type { Claim, LeaseStore } from '../../launch/owner/lease.ts';
import { connectionDeadlines } from './pgConnections.ts';
import { migrate, postgresNames, type PostgresNames } from './schema.ts';

/** Claim, renew or take over, then say who holds the lease. Parameters: stream, holder, address, ttl ms. */
const claimSql = (names: PostgresNames): string => `WITH claimed AS (
  INSERT INTO ${names.leases} AS l (stream, holder, address, token, expires_at)
  VALUES ($1, $2, $3, 1, now() + $4 * interval '1 millisecond')
  ON CONFLICT (stream) DO UPDATE SET
    holder = EXCLUDED.holder,
    address = EXCLUDED.address,
    token = CASE WHEN l.holder = EXCLUDED.holder THEN l.token ELSE l.token + 1 END,
    expires_at = EXCLUDED.expires_at
  WHERE l.holder = EXCLUDED.holder OR l.expires_at < now()
  RETURNING token
)
SELECT c.token AS mine, l.holder, l.address,
  GREATEST(0, ceil(EXTRACT(EPOCH FROM (l.expires_at - now())) * 1000))::int AS remaining_ms
FROM (SELECT 1) one
LEFT JOIN claimed c ON true
LEFT JOIN ${names.leases} l ON l.stream = $1`;

/** Options of {@link createPostgresLeases}. */
export interface PostgresLeasesOptions {
  readonly connectionString?: string;
  /** A pool to use (not ended by `close()`). */
  readonly pool?: pg.Pool;
  /** The table prefix of the store whose launches these leases are for. Default `launchplan`. */
  readonly tablePrefix?: string;
}

/**
 * Create the lease store of a PostgreSQL log.
 *
 * @example
 * const leases = createPostgresLeases({ connectionString, tablePrefix: 'launchplan' });
 */
export const createPostgresLeases = (options: PostgresLeasesOptions): LeaseStore => {
  const prefix = options.tablePrefix ?? 'launchplan';
  const names = postgresNames(prefix);
  const pool =
    options.pool ??
    new pg.Pool({ connectionString: options.connectionString, max: 2, ...connectionDeadlines(5000) });
  if (!options.pool) pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  let ready: Promise<void> | undefined;
  const schema = (): Promise<void> =>
    (ready ??= migrate(pool, prefix).catch((error: unknown) => {
      ready = undefined;
      throw error;
    }));
  return {
    async claim(stream, holder, ttlMs): Promise<Claim> {
      await schema();
      for (;;) {
        const result = await pool.query<{
          mine: string | null;
          holder: string | null;
          address: string;
          remaining_ms: number;
        }>(claimSql(names), [stream, holder.id, holder.address, Math.round(ttlMs)]);
        const row = result.rows[0]!;
        if (row.mine !== null) return { _tag: 'Held', lease: { stream, holder, token: Number(row.mine) } };
        // Another host inserted the row after this statement's snapshot was taken: ask again.
        if (row.holder === null) continue;
        return {
          _tag: 'HeldByOther',
          owner: { id: row.holder, address: row.address },
          remainingMs: row.remaining_ms,
        };
      }
    },
    async release(lease) {
      await pool.query(
        `UPDATE ${names.leases} SET expires_at = now() - interval '1 millisecond' WHERE stream = $1 AND holder = $2 AND token = $3`,
        [lease.stream, lease.holder.id, lease.token],
      );
    },
    async close() {
      if (!options.pool) await pool.end();
    },
  };
};
