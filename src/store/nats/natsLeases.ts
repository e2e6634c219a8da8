/**
 * Leases of launches on NATS (launch/owner/lease.ts): a key per launch in a JetStream key-value
 * bucket `<prefix>_leases` whose entries live `ttlMs` (the bucket's TTL, by the server's clock),
 * one value per key. A claim creates the key when it is free (a lease that was not renewed has
 * expired away), or updates it at the revision it read when this host holds it; both are
 * compare-and-set on the key. Because nats-server 2.9.10 can accept two concurrent
 * compare-and-sets on a replicated stream (docs/DESIGN.md, section 7), a claim reads the key back
 * and counts as held only if its own write is the one there. The log does not know the token on
 * NATS: a host whose lease ran out stops writing by its own clock, and the chained append (the
 * expected last sequence and the chain resolver) refuses a stale tail if it writes anyway.
 */
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/nats-core';
import { Kvm, type KV } from '@nats-io/kv';
import type { Claim, Holder, LeaseStore } from '../../launch/owner/lease.ts';

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
}

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
  let opened: Promise<{ nc: NatsConnection; kv: KV }> | undefined;
  const bucket = (): Promise<{ nc: NatsConnection; kv: KV }> =>
    (opened ??= (async () => {
      const nc =
        options.connection ?? (await connect({ servers: options.servers ?? [], maxReconnectAttempts: -1 }));
      const kv = await new Kvm(nc).create(`${options.prefix ?? 'launchplan'}_leases`, {
        ttl: ttlMs,
        history: 1,
        replicas: options.replicas ?? 1,
      });
      return { nc, kv };
    })().catch((error: unknown) => {
      opened = undefined;
      throw error;
    }));
  const decode = (bytes: Uint8Array): Value => JSON.parse(new TextDecoder().decode(bytes)) as Value;

  return {
    async claim(stream, holder, claimTtlMs): Promise<Claim> {
      const { kv } = await bucket();
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
          // Another host wrote the key meanwhile: read it again.
          if (attempt < 5) continue;
          throw error;
        }
        const written = await kv.get(stream);
        if (written?.revision === revision) return { _tag: 'Held', lease: { stream, holder, token } };
      }
    },
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
