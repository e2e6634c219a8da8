/**
 * Forwarded writes over HTTP, between `serve` hosts whose log is in PostgreSQL: a host advertises
 * its URL with its lease, and the others `POST /cluster/send` to it. A shared cluster secret
 * authenticates the hop (the owner trusts the actor the forwarding host authenticated only when
 * the secret matches); the owner's service answers that route (service/clusterRoute.ts).
 */
import { timingSafeEqual } from 'node:crypto';
import { Agent, request } from 'node:http';
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
  // Node's own client on kept-alive sockets: `fetch` cost the forwarding host about as much CPU
  // as the write itself (bench/clusterLeases.ts).
  const agent = new Agent({ keepAlive: true });
  return {
    forward: (owner, send) =>
      new Promise<ForwardAnswer>((resolve, reject) => {
        const body = JSON.stringify(send);
        const hop = request(
          new URL(CLUSTER_SEND_PATH, owner.address),
          {
            method: 'POST',
            agent,
            timeout: timeoutMs,
            headers: {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
              [CLUSTER_SECRET_HEADER]: options.secret,
            },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('error', reject);
            response.on('end', () => {
              let answer: unknown = null;
              try {
                answer = JSON.parse(Buffer.concat(chunks).toString('utf8'));
              } catch {
                // Not JSON: refused below with the status.
              }
              if (response.statusCode === 200 && isForwardAnswer(answer, send.sends.length)) resolve(answer);
              else reject(new Error(`${owner.address} answered ${response.statusCode} to a forwarded write`));
            });
          },
        );
        // A paused owner is given up on: the caller looks the owner up again.
        hop.on('timeout', () => hop.destroy(new Error(`${owner.address} did not answer in ${timeoutMs} ms`)));
        hop.on('error', reject);
        hop.end(body);
      }),
    close: () => {
      agent.destroy();
      return Promise.resolve();
    },
  };
};
