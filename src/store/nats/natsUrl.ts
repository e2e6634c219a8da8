/**
 * The store URL of a NATS log: `nats://h1:4222,h2:4222,h3:4222?replicas=3&upgradeReplicas=true`.
 * The hosts are the seed servers of one cluster (any of them will do to connect); the query sets
 * store options, so one string configures the store from a CLI flag or an environment variable.
 */

/** What a store URL says. */
export interface NatsUrlOptions {
  readonly servers: string[];
  readonly replicas?: number;
  readonly upgradeReplicas?: boolean;
  readonly prefix?: string;
}

const KNOWN = ['replicas', 'upgradeReplicas', 'prefix'];

/**
 * Read server URLs and store options from one or more store URLs. Misuse (an unknown option, a
 * replica count that is not 1 to 5) throws an `Error` naming the fix.
 *
 * @example
 * parseNatsUrl('nats://h1,h2:4223,h3?replicas=3')
 * // { servers: ['nats://h1', 'nats://h2:4223', 'nats://h3'], replicas: 3 }
 */
export const parseNatsUrl = (value: string | readonly string[]): NatsUrlOptions => {
  const urls = typeof value === 'string' ? [value] : value;
  const servers: string[] = [];
  const query = new URLSearchParams();
  for (const url of urls) {
    const mark = url.indexOf('?');
    const hosts = mark < 0 ? url : url.slice(0, mark);
    if (mark >= 0)
      for (const [key, option] of new URLSearchParams(url.slice(mark + 1))) query.set(key, option);
    const scheme = /^[a-z]+:\/\//i.exec(hosts)?.[0] ?? 'nats://';
    for (const host of hosts.slice(hosts.startsWith(scheme) ? scheme.length : 0).split(',')) {
      if (host.trim() !== '') servers.push(`${scheme}${host.trim()}`);
    }
  }
  for (const key of query.keys()) {
    if (!KNOWN.includes(key))
      throw new Error(`NATS store URL: unknown option ${key}=; known: ${KNOWN.join(', ')}`);
  }
  const replicasText = query.get('replicas');
  const replicas = replicasText === null ? undefined : Number(replicasText);
  if (replicas !== undefined && !(Number.isInteger(replicas) && replicas >= 1 && replicas <= 5)) {
    throw new Error(
      `NATS store URL: replicas=${replicasText} should be an integer from 1 to 5 (JetStream's limit)`,
    );
  }
  const upgrade = query.get('upgradeReplicas');
  if (upgrade !== null && upgrade !== 'true' && upgrade !== 'false') {
    throw new Error(`NATS store URL: upgradeReplicas=${upgrade} should be true or false`);
  }
  const prefix = query.get('prefix');
  return {
    servers,
    ...(replicas !== undefined ? { replicas } : {}),
    ...(upgrade !== null ? { upgradeReplicas: upgrade === 'true' } : {}),
    ...(prefix !== null ? { prefix } : {}),
  };
};
