/**
 * The PostgreSQL schema of the event log. It is created on first use (under an advisory lock, so
 * many hosts starting at once do not race); docs/event-log.md shows the same SQL for DBAs who
 * prefer to run it themselves.
 */

/** Table and channel names derived from a prefix (letters, digits, underscores). */
export interface PostgresNames {
  readonly events: string;
  readonly snapshots: string;
  readonly channel: string;
}

const PREFIX = /^[a-z_][a-z0-9_]{0,40}$/;

/** Names for a table prefix; throws for a prefix that is not a plain lower-case SQL identifier. */
export const postgresNames = (prefix: string): PostgresNames => {
  if (!PREFIX.test(prefix)) {
    throw new Error(`createPostgresEventStore: tablePrefix should match ${PREFIX.source}, got ${JSON.stringify(prefix)}`);
  }
  return { events: `${prefix}_events`, snapshots: `${prefix}_snapshots`, channel: `${prefix}_appended` };
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
);`;
};
