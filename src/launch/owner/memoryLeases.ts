/**
 * Leases for hosts that share one process (tests, an embedding that runs several launch services
 * over one store): a map with the same rules as the server backends.
 */
import type { Holder, LeaseStore } from './lease.ts';

/**
 * Create an in-process lease store.
 *
 * @example
 * const leases = createMemoryLeases();
 * await leases.claim('go-live', { id: 'a', address: 'http://a' }, 5000); // { _tag: 'Held', … }
 */
export const createMemoryLeases = (now: () => number = Date.now): LeaseStore => {
  const rows = new Map<string, { holder: Holder; token: number; expiresAt: number }>();
  let tokens = 0;
  return {
    claim(stream, holder, ttlMs) {
      const row = rows.get(stream);
      const at = now();
      if (row && row.holder.id !== holder.id && row.expiresAt > at)
        return Promise.resolve({ _tag: 'HeldByOther', owner: row.holder, remainingMs: row.expiresAt - at });
      const token = row && row.holder.id === holder.id ? row.token : (tokens += 1);
      rows.set(stream, { holder, token, expiresAt: at + ttlMs });
      return Promise.resolve({ _tag: 'Held', lease: { stream, holder, token } });
    },
    release(lease) {
      const row = rows.get(lease.stream);
      if (row && row.token === lease.token) rows.delete(lease.stream);
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
};
