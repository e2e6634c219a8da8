/**
 * A lease: the right to write one launch's log, held by one host for a time to live and renewed
 * while it writes. Its fencing token grows with every change of holder, so a store that knows the
 * current token (PostgreSQL) refuses the writes of a host whose lease was taken over. Each log
 * backend keeps its leases beside the log: a row per launch in PostgreSQL
 * (store/postgres/postgresLeases.ts), a key of a JetStream key-value bucket on NATS
 * (store/nats/natsLeases.ts); memoryLeases.ts serves hosts in one process.
 */

/** A host that can own launches: its id, and where other hosts reach it (a URL, a NATS subject). */
export interface Holder {
  readonly id: string;
  readonly address: string;
}

/** A lease this host holds. */
export interface Lease {
  readonly stream: string;
  readonly holder: Holder;
  /** Grows with each change of holder; the same while one holder renews. */
  readonly token: number;
}

/** A lease as its holder counts it: its token, and the local time (`Date.now()`) until which it is its own. */
export interface HeldLease {
  readonly token: number;
  readonly validUntil: number;
}

/** What claiming a lease found. */
export type Claim =
  | { readonly _tag: 'Held'; readonly lease: Lease }
  | { readonly _tag: 'HeldByOther'; readonly owner: Holder; readonly remainingMs: number };

/** Where a backend keeps its leases. */
export interface LeaseStore {
  /**
   * Take the lease of `stream` for `ttlMs` if it is free or expired, or renew it if `holder`
   * holds it; otherwise answer who holds it and for how much longer (at most).
   */
  claim(stream: string, holder: Holder, ttlMs: number): Promise<Claim>;
  /** Give a lease up before it expires (a host that stops writing, or shuts down). */
  release(lease: Lease): Promise<void>;
  close(): Promise<void>;
}
