/**
 * The HTTP server a launch service runs in, with the limits a request handler cannot set: how
 * long a client may take to send its headers and its whole request, how often that is checked,
 * and how many connections are held at once. Node's defaults (60 s for headers, 300 s for a
 * request, checked every 30 s, no connection cap) let 22,000 half-sent requests hold every file
 * descriptor of `launchplan serve` for a minute (issue 23).
 */
import { createServer, type RequestListener, type Server } from 'node:http';

/** The server's limits; each has a default that suits `launchplan serve`. */
export interface ServerLimits {
  /** Longest a client may take to send a request's headers, in ms (default 10,000). */
  headersTimeoutMs?: number;
  /**
   * Longest a client may take to send a whole request, body included, in ms (default 60,000: a
   * 4 MiB report on a slow link). A live stream's answer is not bounded by it.
   */
  requestTimeoutMs?: number;
  /** Connections held at once; more are closed as they come (default 1,024). */
  maxConnections?: number;
}

/** The limits `createServiceServer` uses when none are given. */
export const DEFAULT_SERVER_LIMITS: Required<ServerLimits> = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  maxConnections: 1024,
};

/**
 * An HTTP server for a launch service (or any request handler) with its limits set. A request
 * whose headers or body do not arrive in time is answered 408 and closed; a connection past the
 * cap is closed at once; a malformed request closes its connection.
 *
 * @example
 * const server = createServiceServer(createLaunchService({ store, tokens }));
 * server.listen(8080, '127.0.0.1');
 */
export function createServiceServer(handler: RequestListener, limits: ServerLimits = {}): Server {
  const { headersTimeoutMs, requestTimeoutMs, maxConnections } = { ...DEFAULT_SERVER_LIMITS, ...limits };
  const server = createServer(
    {
      headersTimeout: headersTimeoutMs,
      requestTimeout: Math.max(requestTimeoutMs, headersTimeoutMs),
      // Node checks the two timeouts on this period (30 s by default), which would let a slow client
      // hold its connection three times longer than the limit says.
      connectionsCheckingInterval: Math.min(1000, headersTimeoutMs),
    },
    handler,
  );
  server.maxConnections = maxConnections;
  server.on('clientError', (_error, socket) => socket.destroy());
  return server;
}
