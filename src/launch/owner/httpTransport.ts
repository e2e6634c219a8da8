/**
 * Forwarded writes over HTTP, between `serve` hosts whose log is in PostgreSQL: a host advertises
 * its URL with its lease, and the others `POST /cluster/send` to it. A shared cluster secret
 * authenticates the hop (the owner trusts the actor the forwarding host authenticated only when
 * the secret matches); the owner's service answers that route (service/clusterRoute.ts).
 */
import { timingSafeEqual } from 'node:crypto';
import { isForwardAnswer, type ForwardAnswer, type Transport } from './forwarding.ts';

/** The header that carries the cluster secret. */
export const CLUSTER_SECRET_HEADER = 'x-launchplan-cluster-secret';
/** The path forwarded writes are posted to. */
export const CLUSTER_SEND_PATH = '/cluster/send';

/** Whether a presented secret is the cluster's (in constant time). */
export const clusterSecretMatches = (secret: string, presented: string | undefined): boolean => {
  if (presented === undefined) return false;
  const a = Buffer.from(secret);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
};

/** Options of {@link createHttpTransport}. */
export interface HttpTransportOptions {
  /** The shared secret of the cluster (at least 16 characters). */
  readonly secret: string;
  /** Longest wait for an owner's answer, in ms (default 5,000): a paused owner is given up on. */
  readonly timeoutMs?: number;
}

/**
 * Create the HTTP transport of one host.
 *
 * @example
 * const transport = createHttpTransport({ secret: process.env.LAUNCHPLAN_CLUSTER_SECRET! });
 */
export const createHttpTransport = (options: HttpTransportOptions): Transport => {
  if (options.secret.length < 16)
    throw new Error('createHttpTransport: the cluster secret should be at least 16 characters');
  const timeoutMs = options.timeoutMs ?? 5000;
  return {
    async forward(owner, send): Promise<ForwardAnswer> {
      const response = await fetch(new URL(CLUSTER_SEND_PATH, owner.address), {
        method: 'POST',
        headers: { 'content-type': 'application/json', [CLUSTER_SECRET_HEADER]: options.secret },
        body: JSON.stringify(send),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const body: unknown = await response.json().catch(() => null);
      if (!response.ok || !isForwardAnswer(body))
        throw new Error(`${owner.address} answered ${response.status} to a forwarded write`);
      return body;
    },
    close: () => Promise.resolve(),
  };
};
