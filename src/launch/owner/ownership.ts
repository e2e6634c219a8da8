/**
 * Which host writes which launch: one writer per launch, held in the engine. A host that has a
 * write for a launch claims its lease (lease.ts) and, holding it, writes itself; every other host
 * forwards the write to the holder (forwarding.ts) and answers with the holder's answer. So the
 * owner decides every write against the tail it holds in memory, and hosts behind a balancer do
 * not race each other for the tail (issue 20: eight racing hosts reached 0.1–0.4× one host).
 *
 * The owner renews its leases every third of their time to live while it keeps writing, and gives
 * a lease up after `idleMs` without writes. It counts a lease as its own only until `ttlMs` less a
 * margin after the claim was *sent* (its clock and the store's may differ by a little, never by
 * the margin), so a host that was paused past its lease does not believe it still owns the launch;
 * the store's fencing token, and the chained append, refuse it if it tries anyway.
 */
import type { HeldLease, Lease, LeaseStore, Holder } from './lease.ts';
import type { ForwardAnswer, ForwardedSend, ReceiveForwarded, Transport } from './forwarding.ts';

/** Where a write goes now. */
export type Route =
  | { readonly _tag: 'Local'; readonly token: number }
  | { readonly _tag: 'Remote'; readonly owner: Holder; readonly remainingMs: number };

/** What `/healthz` and `/metrics` show. */
export interface OwnershipStats {
  readonly holder: Holder;
  /** Launches this host owns now. */
  readonly owned: readonly string[];
  readonly claims: number;
  readonly renewals: number;
  /** Leases this host found taken over by another host when it renewed. */
  readonly lost: number;
  /** Events this host forwarded to an owner, and events it received as owner (a hop may carry several). */
  readonly forwarded: number;
  readonly received: number;
}

export interface OwnershipOptions {
  readonly leases: LeaseStore;
  readonly transport: Transport;
  readonly holder: Holder;
  /** Time to live of a lease, in ms (default 5,000): how long writes wait when an owner dies. */
  readonly ttlMs?: number;
  /** A lease not written under for this long is given up (default 30,000 ms). */
  readonly idleMs?: number;
  /** Told when a renewal or a release fails (the lease then runs out by itself). */
  readonly onBackgroundError?: (error: unknown) => void;
  readonly now?: () => number;
}

export interface Ownership {
  readonly holder: Holder;
  /** Where a write to `stream` goes: this host (claiming the lease if it is free) or its owner. */
  route(stream: string): Promise<Route>;
  /** The fencing token of the last lease this host held on `stream` (the store checks it on append). */
  tokenOf(stream: string): number | undefined;
  /**
   * The last lease this host held on `stream`, as it counted it (`validUntil` may be past): the
   * NATS store publishes only while it is live, and skips confirmations under it.
   */
  leaseOf(stream: string): HeldLease | undefined;
  /** Forward a write to its owner; throws when the owner cannot be reached (then `forget` it). */
  forward(owner: Holder, send: ForwardedSend): Promise<ForwardAnswer>;
  /** Forget what this host believed about `stream`'s owner (it did not answer, or it says it is not). */
  forget(stream: string): void;
  /** Answer a forwarded write: with `write` when this host owns the launch, else `NotOwner`. */
  receive(send: ForwardedSend, write: ReceiveForwarded): Promise<ForwardAnswer>;
  /** Answer forwarded writes that come by the transport (NATS), with `write` as in `receive`. */
  listen(write: ReceiveForwarded): Promise<void>;
  stats(): OwnershipStats;
  /** Stop renewing and give every lease up. */
  close(): Promise<void>;
}

interface Held {
  lease: Lease;
  /** Local time until which this host counts the lease as its own. */
  validUntil: number;
  lastWrite: number;
}

/**
 * Create the ownership of one host.
 *
 * @example
 * const ownership = createOwnership({ leases, transport, holder: { id: 'host-a', address: 'http://10.0.0.1:8080' } });
 * const route = await ownership.route('go-live'); // { _tag: 'Local', token: 7 } or { _tag: 'Remote', owner, … }
 */
export const createOwnership = (options: OwnershipOptions): Ownership => {
  const { leases, transport, holder } = options;
  const ttlMs = options.ttlMs ?? 5000;
  const idleMs = options.idleMs ?? 30_000;
  const margin = Math.max(50, ttlMs / 5);
  const now = options.now ?? Date.now;
  const held = new Map<string, Held>();
  const tokens = new Map<string, number>();
  const lastHeld = new Map<string, HeldLease>();
  const others = new Map<string, { owner: Holder; until: number }>();
  const claiming = new Map<string, Promise<Route>>();
  const counts = { claims: 0, renewals: 0, lost: 0, forwarded: 0, received: 0 };
  const report = options.onBackgroundError ?? (() => undefined);

  const live = (stream: string): Held | undefined => {
    const mine = held.get(stream);
    return mine && mine.validUntil > now() ? mine : undefined;
  };

  /** Claim (or renew) a lease; remembers what was found. */
  const claim = async (stream: string): Promise<Route> => {
    const sentAt = now();
    const found = await leases.claim(stream, holder, ttlMs);
    if (found._tag === 'Held') {
      const before = held.get(stream);
      const validUntil = sentAt + ttlMs - margin;
      held.set(stream, {
        lease: found.lease,
        validUntil,
        lastWrite: before?.lastWrite ?? now(),
      });
      tokens.set(stream, found.lease.token);
      lastHeld.set(stream, { token: found.lease.token, validUntil });
      others.delete(stream);
      return { _tag: 'Local', token: found.lease.token };
    }
    if (held.delete(stream)) counts.lost += 1;
    others.set(stream, { owner: found.owner, until: sentAt + found.remainingMs });
    return { _tag: 'Remote', owner: found.owner, remainingMs: found.remainingMs };
  };

  const renewAll = async (): Promise<void> => {
    for (const [stream, mine] of [...held]) {
      try {
        if (now() - mine.lastWrite > idleMs) {
          held.delete(stream);
          await leases.release(mine.lease);
        } else if ((await claim(stream))._tag === 'Local') counts.renewals += 1;
      } catch (error) {
        // The lease runs out by itself if the store cannot be reached: `live` stops counting it.
        report(error);
      }
    }
  };
  let renewing: Promise<void> | null = null;
  const timer = setInterval(
    () => {
      renewing ??= renewAll().finally(() => (renewing = null));
    },
    Math.max(10, ttlMs / 3),
  );
  timer.unref();

  const receive = async (send: ForwardedSend, write: ReceiveForwarded): Promise<ForwardAnswer> => {
    const mine = live(send.stream);
    if (!mine) return { _tag: 'NotOwner', stream: send.stream };
    mine.lastWrite = now();
    counts.received += send.sends.length;
    return write(send);
  };

  return {
    holder,
    route(stream) {
      const mine = live(stream);
      if (mine) {
        mine.lastWrite = now();
        return Promise.resolve({ _tag: 'Local', token: mine.lease.token });
      }
      const other = others.get(stream);
      if (other && other.until > now())
        return Promise.resolve({ _tag: 'Remote', owner: other.owner, remainingMs: other.until - now() });
      let pending = claiming.get(stream);
      if (!pending) {
        counts.claims += 1;
        pending = claim(stream).finally(() => claiming.delete(stream));
        claiming.set(stream, pending);
      }
      return pending;
    },
    tokenOf: (stream) => tokens.get(stream),
    leaseOf: (stream) => lastHeld.get(stream),
    async forward(owner, send) {
      counts.forwarded += send.sends.length;
      return transport.forward(owner, send);
    },
    forget(stream) {
      others.delete(stream);
    },
    receive,
    async listen(write) {
      await transport.listen?.(holder, (send) => receive(send, write));
    },
    stats: () => ({
      holder,
      owned: [...held.keys()].filter((stream) => live(stream) !== undefined).sort(),
      ...counts,
    }),
    async close() {
      clearInterval(timer);
      await renewing;
      const mine = [...held.values()];
      held.clear();
      await Promise.allSettled(mine.map((entry) => leases.release(entry.lease)));
      await transport.close();
    },
  };
};
