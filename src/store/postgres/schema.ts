/**
 * The PostgreSQL schema of the event log. It is created on first use (under an advisory lock, so
 * many hosts starting at once do not race); docs/event-log.md shows the same SQL for DBAs who
 * prefer to run it themselves.
 */
import type pg from 'pg';

/** Table and channel names derived from a prefix (letters, digits, underscores). */
export interface PostgresNames {
  readonly events: string;
  readonly snapshots: string;
  readonly channel: string;
  /** One row per launch written by a cluster of hosts: who holds its lease (launch/owner/lease.ts). */
  readonly leases: string;
}

const PREFIX = /^[a-z_][a-z0-9_]{0,40}$/;

/** Names for a table prefix; throws for a prefix that is not a plain lower-case SQL identifier. */
export const postgresNames = (prefix: string): PostgresNames => {
  if (!PREFIX.test(prefix)) {
    throw new Error(
      `createPostgresEventStore: tablePrefix should match ${PREFIX.source}, got ${JSON.stringify(prefix)}`,
    );
  }
  return {
    events: `${prefix}_events`,
    snapshots: `${prefix}_snapshots`,
    channel: `${prefix}_appended`,
    leases: `${prefix}_leases`,
  };
};

/**
 * The migration SQL for a prefix. `body` holds the exact canonical JSON that was hashed, so every
 * stored byte is covered by `hash`; the other columns are there to be indexed and queried.
 */
export const migrationSql = (prefix: string): string => {
  const names = postgresNames(prefix);
  return `CREATE TABLE IF NOT EXISTS ${names.events} (
  stream      text        NOT NULL,
  version     bigint      NOT NULL CHECK (version >= 1),
  event_id    text        NOT NULL,
  type        text        NOT NULL,
  at          text        NOT NULL,
  prev_hash   text        NOT NULL,
  hash        text        NOT NULL,
  body        text        NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (stream, version),
  UNIQUE (stream, event_id)
);
CREATE TABLE IF NOT EXISTS ${names.snapshots} (
  stream   text        PRIMARY KEY,
  version  bigint      NOT NULL,
  state    text        NOT NULL,
  saved_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS ${names.leases} (
  stream     text        PRIMARY KEY,
  holder     text        NOT NULL,
  address    text        NOT NULL,
  token      bigint      NOT NULL,
  expires_at timestamptz NOT NULL
);`;
};

/** Create the schema of a prefix if it is not there, in one transaction under an advisory lock. */
export const migrate = async (pool: pg.Pool, prefix: string): Promise<void> => {
  const client = await pool.connect();
  // A connection ended while checked out (between two queries) is an 'error' event on the client;
  // the failing query reports it, and an unhandled event would stop the process.
  const ignore = (): void => undefined;
  client.on('error', ignore);
  let failed: Error | undefined;
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
      `launchplan-schema:${postgresNames(prefix).events}`,
    ]);
    await client.query(migrationSql(prefix));
    await client.query('COMMIT');
  } catch (error) {
    failed = error as Error;
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.off('error', ignore);
    // A client whose transaction failed (its connection may be gone) is not given back to the pool.
    client.release(failed);
  }
};
