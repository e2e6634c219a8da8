/**
 * `launchplan serve --cluster`: this host as one of several writing one log, with a lease per
 * launch and writes forwarded to each launch's owner (docs/event-log.md, "Running on a
 * cluster"). On PostgreSQL the hosts forward over HTTP: each needs the URL the others reach it at
 * (`--advertise`) and the shared secret (`LAUNCHPLAN_CLUSTER_SECRET`); on NATS they forward over
 * the NATS servers of the log.
 */
import { hostname } from 'node:os';
import type { Ownership } from '../launch/owner/ownership.ts';
import type { EventStore } from '../store/EventStore.ts';
import type { ClusterOptions } from '../service/clusterRoute.ts';
import { CliExit } from './io.ts';

/** What `serve --cluster` needs besides the log options. */
export interface ClusterFlags {
  readonly store?: string;
  readonly advertise?: string;
  readonly hostId?: string;
  readonly leaseMs?: string;
}

/** The store with its fencing, and the service's cluster options. */
export interface ClusterHost {
  readonly store: EventStore;
  readonly cluster: ClusterOptions;
  /** Closes what the cluster opened besides the store (the service closes the ownership). */
  close(): Promise<void>;
}

const positive = (text: string | undefined, flag: string, fallback: number): number => {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 200)
    throw new CliExit(2, `${flag} ${text}: expected milliseconds, at least 200`);
  return value;
};

/**
 * Open the store and the cluster of a `serve --cluster` host.
 *
 * @example
 * const { store, cluster } = await openClusterHost({ store: 'postgres://db/launches', advertise: 'http://10.0.0.5:8080' });
 */
export async function openClusterHost(flags: ClusterFlags): Promise<ClusterHost> {
  const url = flags.store;
  const ttlMs = positive(flags.leaseMs, '--lease-ms', 5000);
  const id = flags.hostId ?? `${hostname()}-${process.pid}`;
  const { createOwnership } = await import('../launch/owner/ownership.ts');
  const tokens: { of?: (stream: string) => number | undefined } = {};
  if (url?.startsWith('postgres://') || url?.startsWith('postgresql://')) {
    const secret = process.env['LAUNCHPLAN_CLUSTER_SECRET'] ?? '';
    if (secret.length < 16)
      throw new CliExit(
        2,
        '--cluster on PostgreSQL: set LAUNCHPLAN_CLUSTER_SECRET (at least 16 characters, the same on every host)',
      );
    if (!flags.advertise)
      throw new CliExit(
        2,
        '--cluster on PostgreSQL: give --advertise <url>, where the other hosts reach this one',
      );
    const { createPostgresEventStore, createPostgresLeases } = await import('../store/postgres/index.ts');
    const { createHttpTransport } = await import('../launch/owner/httpTransport.ts');
    const store = createPostgresEventStore({
      connectionString: url,
      fencing: (stream) => tokens.of?.(stream),
    });
    const leases = createPostgresLeases({ connectionString: url });
    const ownership = createOwnership({
      leases,
      transport: createHttpTransport({ secret, timeoutMs: ttlMs }),
      holder: { id, address: flags.advertise },
      ttlMs,
    });
    tokens.of = (stream) => ownership.tokenOf(stream);
    return { store, cluster: { ownership, secret }, close: () => leases.close() };
  }
  if (url?.startsWith('nats://')) {
    const nats = await import('../store/nats/index.ts');
    const parsed = nats.parseNatsUrl(url);
    const prefix = parsed.prefix ?? 'launchplan';
    const held: { of?: Ownership['leaseOf'] } = {};
    // Every write of a launch goes through its owner here, so the owner's appends skip the confirmation get.
    const store = nats.createNatsEventStore({ servers: url, lease: (stream) => held.of?.(stream) });
    const leases = nats.createNatsLeases({
      servers: parsed.servers,
      prefix,
      ttlMs,
      replicas: parsed.replicas ?? 1,
    });
    const ownership = createOwnership({
      leases,
      transport: nats.createNatsTransport({ servers: parsed.servers, timeoutMs: ttlMs }),
      holder: { id, address: nats.ownerSubject(prefix, id) },
      ttlMs,
    });
    held.of = (stream) => ownership.leaseOf(stream);
    return { store, cluster: { ownership }, close: () => leases.close() };
  }
  throw new CliExit(2, '--cluster needs a shared log: --store postgres://… or nats://…');
}
