/**
 * Leases of launches on NATS (launch/owner/lease.ts): a key per launch in a JetStream key-value
 * bucket `<prefix>_leases` whose entries live `ttlMs` (the bucket's TTL, by the server's clock),
 * one value per key. A claim creates the key when it is free (a lease that was not renewed has
 * expired away), or updates it at the revision it read when this host holds it; both are
 * compare-and-set on the key. Because nats-server 2.9.10 can accept two concurrent
 * compare-and-sets on a replicated stream (docs/DESIGN.md, section 7), a claim counts as held only
 * if its own write is the one there once every write accepted with it has been applied (`settled`
 * below). The log does not know the token on NATS: a host whose lease ran out stops writing by its
 * own clock, and the chained append (the expected last sequence and the chain resolver) refuses a
 * stale tail if it writes anyway.
 */
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/nats-core';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import type { Claim, Holder, LeaseStore } from '../../launch/owner/lease.ts';
import { retryWhileUnavailable } from '../storeError.ts';
import { transientNatsError } from './natsSession.ts';

/** Options of {@link createNatsLeases}. */
export interface NatsLeasesOptions {
  /** Servers to connect to; or give `connection`. */
  readonly servers?: string[];
  readonly connection?: NatsConnection;
  /** The prefix of the store whose launches these leases are for. Default `launchplan`. */
  readonly prefix?: string;
  /** The lease time to live: the bucket's TTL when this host creates it (default 5,000 ms). */
  readonly ttlMs?: number;
  /** Replicas of the bucket (default 1; 3 on a cluster). */
  readonly replicas?: number;
  /**
   * How long a claim keeps trying while the servers cannot answer (no quorum, no leader, no
   * connection) before it fails with a `StoreUnavailable` (default 10,000 ms, the store's).
   */
  readonly unavailableAfterMs?: number;
}

/**
 * A key no launch can have (stream ids start with a letter or digit): the claims' barrier writes.
 */
const BARRIER_KEY = '_claimed';

interface Value {
  readonly holder: Holder;
  readonly token: number;
}

/**
 * Create the lease store of a NATS log.
 *
 * @example
 * const leases = createNatsLeases({ servers: ['nats://127.0.0.1:4222'], prefix: 'launchplan', ttlMs: 5000 });
 */
export const createNatsLeases = (options: NatsLeasesOptions): LeaseStore => {
  const ttlMs = options.ttlMs ?? 5000;
  const unavailableAfterMs = options.unavailableAfterMs ?? 10_000;
  const name = `${options.prefix ?? 'launchplan'}_leases`;
  let opened: Promise<{ nc: NatsConnection; kv: KV; jsm: JetStreamManager }> | undefined;
  const bucket = (): Promise<{ nc: NatsConnection; kv: KV; jsm: JetStreamManager }> =>
    (opened ??= (async () => {
      const nc =
        options.connection ?? (await connect({ servers: options.servers ?? [], maxReconnectAttempts: -1 }));
      const kv = await new Kvm(nc).create(name, {
        ttl: ttlMs,
        history: 1,
        replicas: options.replicas ?? 1,
      });
      return { nc, kv, jsm: await jetstreamManager(nc) };
    })().catch((error: unknown) => {
      opened = undefined;
      throw error;
    }));
  const decode = (bytes: Uint8Array): Value => JSON.parse(new TextDecoder().decode(bytes)) as Value;

  /**
   * The revision of `stream`'s key once every write accepted together with ours is applied. A
   * second compare-and-set that 2.9.10 accepted was proposed before ours was applied, so before our
   * ack; a write sent after the ack comes after it in the bucket's log, and once that write is
   * acknowledged the stream leader (not a replica, which may lag) holds the last claim.
   */
  const settled = async (jsm: JetStreamManager, kv: KV, stream: string): Promise<number | undefined> => {
    await kv.put(BARRIER_KEY, '');
    return (await jsm.streams.getMessage(`KV_${name}`, { last_by_subj: `$KV.${name}.${stream}` }))?.seq;
  };

  /** One claim; a failure that means "the servers cannot answer now" is thrown as it is. */
  const claimOnce = async (stream: string, holder: Holder, claimTtlMs: number): Promise<Claim> => {
    const { kv, jsm } = await bucket();
    for (let attempt = 0; ; attempt++) {
      const entry = await kv.get(stream);
      const current = entry && entry.operation === 'PUT' ? decode(entry.value) : undefined;
      // The server removes an entry older than the bucket's TTL; one it has not removed yet is expired too.
      const remainingMs = entry ? entry.created.getTime() + claimTtlMs - Date.now() : 0;
      if (current && current.holder.id !== holder.id && remainingMs > 0)
        return { _tag: 'HeldByOther', owner: current.holder, remainingMs };
      // A new holder's token is the time of its claim (tokens are informative on NATS: the log does not check them).
      const token =
        current?.holder.id === holder.id ? current.token : Math.max(Date.now(), (current?.token ?? 0) + 1);
      const value = JSON.stringify({ holder, token } satisfies Value);
      let revision: number;
      try {
        revision = entry ? await kv.update(stream, value, entry.revision) : await kv.create(stream, value);
      } catch (error) {
        // Another host wrote the key meanwhile: read it again. The servers not answering is no
        // such race: it goes to the caller's retry.
        if (attempt < 5 && transientNatsError(error) === undefined) continue;
        throw error;
      }
      if ((await settled(jsm, kv, stream)) === revision)
        return { _tag: 'Held', lease: { stream, holder, token } };
    }
  };

  return {
    // Repeating a claim is safe: a compare-and-set that landed unanswered is found held by this
    // host on the next read, and renewed. Past the budget the caller gets a `StoreUnavailable`
    // (503 with Retry-After in the service), never a raw client error (a 500) or a wait without end.
    claim: (stream, holder, claimTtlMs) =>
      retryWhileUnavailable(() => claimOnce(stream, holder, claimTtlMs), {
        store: 'nats',
        operation: 'lease',
        budgetMs: unavailableAfterMs,
        transient: transientNatsError,
      }),
    async release(lease) {
      const { kv } = await bucket();
      const entry = await kv.get(lease.stream);
      if (entry?.operation === 'PUT' && decode(entry.value).holder.id === lease.holder.id)
        await kv.delete(lease.stream, { previousSeq: entry.revision });
    },
    async close() {
      const open = await opened?.catch(() => undefined);
      if (open && !options.connection) await open.nc.close();
    },
  };
};
