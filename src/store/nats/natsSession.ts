/**
 * The connection of a NATS store and the JetStream streams behind it. A connection is opened on
 * first use and retried with backoff while the servers cannot be reached, but a failure is never
 * kept: the next operation tries again (a host that started during an outage recovers with the
 * cluster). On connect the server version is checked (a warning for the known defect of 2.9
 * servers) and the streams are created with the asked replicas, or reported (and upgraded on
 * request) when they have fewer. Errors that mean "the servers cannot answer now" are told apart
 * from the others, for `retryWhileUnavailable`.
 */
import {
  connect,
  ConnectionError,
  ClosedConnectionError,
  DrainingConnectionError,
  nanos,
  NoRespondersError,
  RequestError,
  TimeoutError,
  type NatsConnection,
} from '@nats-io/transport-node';
import {
  jetstream,
  jetstreamManager,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type JetStreamClient,
  type JetStreamManager,
  type StreamConfig,
} from '@nats-io/jetstream';
import { FIRST_CONTACT_MS, retryWhileUnavailable, StoreError, storeUnavailable } from '../storeError.ts';
import type { NatsLayout } from './natsLayout.ts';
import { serverDefectWarning, type NatsStoreWarning } from './natsWarnings.ts';

/** An open connection with its JetStream clients and what was learned on connect. */
export interface NatsSession {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly serverVersion: string;
  /** Whether the server is part of a cluster (a single server checks expected sequences atomically). */
  readonly clustered: boolean;
  /** Replicas of the events stream as created or found. */
  readonly replicas: number;
}

/** Settings of {@link createNatsSessions}. */
export interface NatsSessionSettings {
  readonly servers: string[];
  readonly connection: NatsConnection | undefined;
  readonly layout: NatsLayout;
  readonly replicas: number | undefined;
  readonly upgradeReplicas: boolean;
  readonly duplicateWindowMs: number;
  /** How long an operation keeps retrying while the servers cannot answer. */
  readonly unavailableAfterMs: number;
  /** Timeout of one JetStream request. */
  readonly requestTimeoutMs: number;
  readonly warn: (warning: NatsStoreWarning) => void;
}

/** Hands out the current session, opening one when there is none. */
export interface NatsSessions {
  session(operation: string): Promise<NatsSession>;
  /** Runs `work` on a session, again while the servers cannot answer (only for work safe to repeat). */
  retrying<A>(operation: string, work: (session: NatsSession) => Promise<A>): Promise<A>;
  close(): Promise<void>;
}

/** JetStream API error codes that mean "not now" rather than "no". */
const TRANSIENT_API_CODES = new Set([
  10008, // JetStream system temporarily unavailable
  10009, // JetStream cluster not leader
  10118, // stream is offline
  10005, // no suitable peers for placement (a node is down)
  10023, // insufficient resources (a node is down)
  10039, // JetStream not enabled for account (a server starting, or without -js)
]);

/**
 * Why an error means the servers cannot answer now, or `undefined` when it means something else
 * (a refusal, a bug), which must not be retried.
 */
export const transientNatsError = (error: unknown): string | undefined => {
  if (error instanceof JetStreamApiError) {
    return TRANSIENT_API_CODES.has(error.code) || error.status === 503
      ? `${error.message} (${error.code})`
      : undefined;
  }
  // The client reports "no responders" to a JetStream request as JetStreamNotEnabled (not exported).
  if (
    (error instanceof Error && error.name === 'JetStreamNotEnabled') ||
    error instanceof NoRespondersError ||
    (error instanceof RequestError && error.isNoResponders())
  ) {
    return 'no responders: JetStream is not enabled on the server (nats-server -js), or the stream has no leader yet';
  }
  if (error instanceof TimeoutError || (error instanceof RequestError && error.cause instanceof TimeoutError))
    return 'request timed out';
  if (
    error instanceof ConnectionError ||
    error instanceof ClosedConnectionError ||
    error instanceof DrainingConnectionError
  )
    return `connection: ${error.message}`;
  if (error instanceof RequestError) return error.message;
  const code = (error as { code?: unknown } | null)?.code;
  if (
    typeof code === 'string' &&
    /^E(CONNREFUSED|CONNRESET|TIMEDOUT|HOSTUNREACH|NETUNREACH|PIPE|AI_AGAIN)$/.test(code)
  )
    return code;
  return undefined;
};

/** How often the connection is pinged; two pings unanswered make it stale. */
const PING_INTERVAL_MS = 5000;

/** The cluster size a server reports: itself and the other servers it gossips (1 when not clustered). */
const clusterSizeOf = (nc: NatsConnection): number =>
  nc.info?.cluster ? Math.max(1, nc.info.connect_urls?.length ?? 1) : 1;

/**
 * Create the session holder of one store.
 *
 * @example
 * const sessions = createNatsSessions({ servers: ['nats://127.0.0.1:4222'], ... });
 * const count = await sessions.retrying('version', ({ jsm }) => jsm.streams.info('launchplan_events'));
 */
export const createNatsSessions = (settings: NatsSessionSettings): NatsSessions => {
  let current: Promise<NatsSession> | undefined;
  let closed = false;
  let reached = false;
  const opened = new Set<NatsConnection>();

  const transient = (error: unknown): string | undefined => transientNatsError(error);

  const ensureStreams = async (nc: NatsConnection, jsm: JetStreamManager): Promise<number> => {
    const asked = settings.replicas ?? Math.min(3, clusterSizeOf(nc));
    const ensure = async (name: string, config: Partial<StreamConfig>): Promise<number> => {
      const found = await jsm.streams.info(name).catch((error: unknown) => {
        if (error instanceof JetStreamApiError && error.code === 10059) return undefined; // stream not found
        throw error;
      });
      if (!found) {
        try {
          await jsm.streams.add({
            name,
            storage: StorageType.File,
            retention: RetentionPolicy.Limits,
            num_replicas: asked,
            ...config,
          });
          return asked;
        } catch (error) {
          if (error instanceof JetStreamApiError && error.code === 10074) {
            throw new StoreError(
              storeUnavailable(
                'nats',
                'connect',
                `${asked} replicas asked, but the NATS server is not clustered (${error.message}): ask for replicas=1 or connect to a cluster`,
              ),
            );
          }
          // Another host created it in between.
          const again = await jsm.streams.info(name).catch(() => undefined);
          if (!again) throw error;
          return again.config.num_replicas;
        }
      }
      const replicas = found.config.num_replicas;
      if (replicas >= asked) return replicas;
      if (!settings.upgradeReplicas) {
        settings.warn({
          _tag: 'FewerReplicas',
          jetStreamStream: name,
          replicas,
          asked,
          message: `JetStream stream ${name} has ${replicas} replica(s), ${asked} asked: losing the server that holds it stops every host; upgrade it with upgradeReplicas (store URL ?upgradeReplicas=true) or nats stream edit ${name} --replicas ${asked}`,
        });
        return replicas;
      }
      await jsm.streams.update(name, { ...found.config, num_replicas: asked });
      settings.warn({
        _tag: 'ReplicasUpgraded',
        jetStreamStream: name,
        from: replicas,
        to: asked,
        message: `JetStream stream ${name} upgraded from ${replicas} to ${asked} replicas`,
      });
      return asked;
    };
    const replicas = await ensure(settings.layout.eventsStream, {
      subjects: [settings.layout.eventWildcard],
      duplicate_window: nanos(settings.duplicateWindowMs),
    });
    await ensure(settings.layout.snapshotsStream, {
      subjects: [settings.layout.snapshotSubject('>')],
      max_msgs_per_subject: 1,
    });
    return replicas;
  };

  const open = async (operation: string): Promise<NatsSession> =>
    retryWhileUnavailable(
      async () => {
        if (closed) throw new StoreError(storeUnavailable('nats', operation, 'the NATS store is closed'));
        const nc =
          settings.connection ??
          (await connect({
            servers: settings.servers,
            maxReconnectAttempts: -1,
            reconnectTimeWait: 250,
            timeout: settings.requestTimeoutMs,
            // A connection that stops answering is found stale after two unanswered pings and
            // replaced: with the client's defaults (2 minutes) requests timed out for minutes after
            // the network came back (issue 23).
            pingInterval: PING_INTERVAL_MS,
            maxPingOut: 2,
          }));
        if (nc !== settings.connection) opened.add(nc);
        try {
          if (closed) throw new StoreError(storeUnavailable('nats', operation, 'the NATS store is closed'));
          // A server started without JetStream says so when we connect: no use waiting for it.
          if (nc.info?.jetstream !== true) {
            throw new StoreError(
              storeUnavailable(
                'nats',
                operation,
                `the NATS server ${nc.getServer()} has no JetStream: start it with -js (or jetstream {} in its configuration)`,
              ),
            );
          }
          const jsm = await jetstreamManager(nc, { timeout: settings.requestTimeoutMs });
          const replicas = await ensureStreams(nc, jsm);
          const serverVersion = nc.info?.version ?? 'unknown';
          const defect = serverDefectWarning(serverVersion, replicas);
          if (defect) settings.warn(defect);
          reached = true;
          return {
            nc,
            js: jetstream(nc, { timeout: settings.requestTimeoutMs }),
            jsm,
            serverVersion,
            clustered: nc.info?.cluster !== undefined,
            replicas,
          };
        } catch (error) {
          if (nc !== settings.connection) {
            opened.delete(nc);
            await nc.close().catch(() => undefined);
          }
          throw error;
        }
      },
      {
        store: 'nats',
        operation,
        budgetMs: reached
          ? settings.unavailableAfterMs
          : Math.min(settings.unavailableAfterMs, FIRST_CONTACT_MS),
        transient,
      },
    );

  const session = (operation: string): Promise<NatsSession> => {
    if (!current) {
      const opening = open(operation);
      current = opening;
      opening.then(
        ({ nc }) => {
          // A connection that ends for good (closed by the server, or after a fatal error) is
          // forgotten, so the next operation opens a new one.
          void nc.closed().then(() => {
            if (current === opening) current = undefined;
          });
        },
        () => {
          // A failed connect is never kept: the next operation tries again.
          if (current === opening) current = undefined;
        },
      );
    }
    return current;
  };

  return {
    session,
    retrying: (operation, work) =>
      retryWhileUnavailable(async () => work(await session(operation)), {
        store: 'nats',
        operation,
        budgetMs: settings.unavailableAfterMs,
        transient,
      }),
    async close() {
      closed = true;
      current = undefined;
      const connections = [...opened];
      opened.clear();
      // Drain lets in-flight work end; it is bounded, then the connection is closed regardless.
      await Promise.all(
        connections.map(async (nc) => {
          const timer = new Promise<void>((resolve) => setTimeout(resolve, 2000).unref());
          await Promise.race([nc.drain().catch(() => undefined), timer]);
          await nc.close().catch(() => undefined);
        }),
      );
    },
  };
};
