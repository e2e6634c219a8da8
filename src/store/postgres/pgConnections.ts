/**
 * The connections of a PostgreSQL store and the deadlines on them. `pg` waits for ever on a
 * connection that stops answering (issue 23: a proxy that forwarded nothing hung the service for
 * good, and three minutes after traffic flowed again), so every connection the store opens has: a
 * deadline to connect or to get a pooled connection, a deadline per query on the client
 * (`query_timeout`) and on the server (`statement_timeout`), and TCP keepalive, which ends a
 * connection whose peer has vanished. A query that misses its deadline fails, its connection is
 * dropped by the pool, and the next query opens a new one. The LISTEN connection is idle by
 * nature, so it is asked `SELECT 1` every few seconds and replaced when it does not answer.
 */
import pg from 'pg';

/** The settings every connection of the store gets; `queryTimeoutMs` bounds connecting and each query. */
export const connectionDeadlines = (queryTimeoutMs: number): pg.ClientConfig => ({
  keepAlive: true,
  // Keepalive probes start after 10 s of silence (the kernel's default is two hours).
  keepAliveInitialDelayMillis: 10_000,
  connectionTimeoutMillis: queryTimeoutMs,
  query_timeout: queryTimeoutMs,
  statement_timeout: queryTimeoutMs,
});

/** The LISTEN connection of a store: one per instance, opened on first use, replaced when it dies or stops answering. */
export interface Listener {
  /** Listens (once; again after the connection was lost). Rejects when it cannot, and the next call tries again. */
  listen(): Promise<void>;
  close(): Promise<void>;
}

export interface ListenerOptions {
  /** How to connect: the store's connection string or pool settings, with the deadlines. */
  readonly config: pg.ClientConfig;
  readonly channel: string;
  /** Called with each notification's payload. */
  readonly onNotify: (payload: string) => void;
  /** How often the connection is checked (default 5 s). */
  readonly checkMs?: number;
  /** Runs before the first connection (the schema must exist for the notifications to mean anything). */
  readonly before: () => Promise<void>;
}

/**
 * Create the LISTEN connection holder of one store.
 *
 * @example
 * const listener = createListener({ config, channel: 'launchplan_appended', onNotify, before: ensureSchema });
 * await listener.listen();
 */
export function createListener(options: ListenerOptions): Listener {
  let current: Promise<pg.Client> | undefined;
  let wanted = false;
  let closed = false;
  /** Drops a connection; it is ended without waiting (a dead peer never answers the goodbye). */
  const drop = (opened: Promise<pg.Client>): void => {
    if (current === opened) current = undefined;
    void opened.then(
      (client) => client.end().catch(() => undefined),
      () => undefined,
    );
  };
  const open = (): Promise<pg.Client> => {
    const opening = (async () => {
      await options.before();
      const client = new pg.Client(options.config);
      // The connection is gone: the next look opens a new one; subscriptions poll in between.
      client.on('error', () => drop(opening));
      try {
        await client.connect();
        client.on('notification', (message) => options.onNotify(message.payload ?? ''));
        await client.query(`LISTEN ${options.channel}`);
        return client;
      } catch (error) {
        await client.end().catch(() => undefined);
        throw error;
      }
    })();
    // A failed connection is never kept: the next look tries again.
    opening.catch(() => drop(opening));
    return opening;
  };
  // Once listening was asked for, a lost connection is replaced, and a live one must answer.
  const check = setInterval(() => {
    if (!wanted || closed) return;
    const checking = current;
    if (!checking) current = open();
    else void checking.then((client) => client.query('SELECT 1')).catch(() => drop(checking));
  }, options.checkMs ?? 5000);
  check.unref();
  return {
    async listen() {
      if (closed) return;
      wanted = true;
      current ??= open();
      await current;
    },
    async close() {
      closed = true;
      clearInterval(check);
      const last = current;
      current = undefined;
      if (!last) return;
      // Bounded: ending a connection waits for its peer, which may not answer.
      await Promise.race([
        last.then((client) => client.end()).catch(() => undefined),
        new Promise((resolve) => setTimeout(resolve, 2000).unref()),
      ]);
    },
  };
}
