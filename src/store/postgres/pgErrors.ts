/**
 * Which PostgreSQL failures mean "the server cannot answer now" (a restart, a failover, an
 * administrator ending the connection, a network cut) rather than a refusal or a bug: those are
 * retried while safe, then reported as `StoreUnavailable`.
 */

/**
 * SQLSTATE classes and codes of a connection that is gone or a server that cannot take work; 57014
 * is a statement cancelled by `statement_timeout` (a server too slow to answer within the deadline).
 */
const TRANSIENT_SQLSTATE = /^(08...|57P01|57P02|57P03|53300|57014)$/;
const NETWORK = /^E(CONNREFUSED|CONNRESET|TIMEDOUT|HOSTUNREACH|NETUNREACH|PIPE|AI_AGAIN)$/;
/**
 * node-postgres reports in words a connection lost during a query, a pool that cannot connect, and
 * a query that got no answer within `query_timeout` (a network that stopped answering).
 */
const LOST =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Query read timeout/i;

/**
 * SQLSTATE classes of a server that answers but will not let this store in: no such database
 * (3D000), a login refused (class 28), no right to connect or to create the tables (42501), a
 * database not accepting connections (55000, `ALLOW_CONNECTIONS false`). Configuration, not an
 * outage: not retried, and said in the server's words, at the first contact and at any later one.
 */
const REFUSED_SQLSTATE = /^(3D000|28...|42501|55000)$/;

/** The server's reason when it will not let the store in, or `undefined` for any other error. */
export const refusedPgError = (error: unknown): string | undefined => {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && REFUSED_SQLSTATE.test(code)
    ? `${(error as Error).message} (${code})`
    : undefined;
};

/** Why an error means the server cannot answer now, or `undefined` for any other error. */
export const transientPgError = (error: unknown): string | undefined => {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (TRANSIENT_SQLSTATE.test(code) || NETWORK.test(code)))
    return `${error.message} (${code})`;
  return LOST.test(error.message) ? error.message : undefined;
};
