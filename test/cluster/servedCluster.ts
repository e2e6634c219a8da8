/**
 * `launchplan serve --cluster` processes for the cluster tests: start hosts on given ports, and a
 * burst of writes to one launch during which the owner of the launch is killed with `kill -9`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServed, type Served } from '../hostile/served.ts';
import { TOKENS } from '../service/harness.ts';
import { burst, CLUSTER_SECRET, type Burst, type Target } from './leaseCluster.ts';

/** A `serve` process as a burst's target. */
export type ServedHost = Target & { readonly served: Served; killed: boolean };

/** Start one `serve --cluster` process per port; `args(port)` are its log options. */
export const startServedCluster = async (
  ports: readonly number[],
  args: (port: number) => string[],
): Promise<ServedHost[]> => {
  const dir = mkdtempSync(join(tmpdir(), 'leases-serve-'));
  const hosts: ServedHost[] = [];
  for (const port of ports) {
    const served = await startServed(
      dir,
      [...args(port), '--open', '--cluster', '--lease-ms', '1500', '--host-id', `serve-${port}`],
      { LAUNCHPLAN_CLUSTER_SECRET: CLUSTER_SECRET },
      port,
    );
    const host = { url: served.url, served, killed: false, crashed: false };
    Object.defineProperty(host, 'crashed', { get: () => host.killed });
    hosts.push(host);
  }
  return hosts;
};

/** The live host that owns `stream` now, by its /healthz. */
const ownerOf = async (hosts: readonly ServedHost[], stream: string): Promise<ServedHost | undefined> => {
  for (const host of hosts) {
    if (host.killed) continue;
    const answer = await fetch(`${host.url}/healthz`, {
      headers: { authorization: `Bearer ${TOKENS.admin}` },
    });
    const health = (await answer.json()) as unknown as { cluster?: { owned: string[] } };
    if (health.cluster?.owned.includes(stream)) return host;
  }
  return undefined;
};

/** A burst of 60 writes to `stream` over the hosts; after the 20th acknowledgement the owner is killed. */
export const burstKillingOwner = async (
  hosts: readonly ServedHost[],
  stream: string,
): Promise<{ outcome: Burst; killed: string | undefined }> => {
  let killed: string | undefined;
  const outcome = await burst(hosts, stream, 60, 2, async (acknowledged) => {
    if (acknowledged !== 20 || killed) return;
    const owner = await ownerOf(hosts, stream);
    if (!owner) return;
    killed = owner.url;
    owner.killed = true;
    owner.served.child.kill('SIGKILL');
  });
  return { outcome, killed };
};

/**
 * A burst of 60 writes to `stream`; after the 20th acknowledgement the owner is stopped with
 * SIGSTOP for `pauseMs` (past its lease), then resumed: its clients wait, the others go on through
 * a new owner, and whatever the paused host had in hand is refused or forwarded, never forked.
 */
export const burstPausingOwner = async (
  hosts: readonly ServedHost[],
  stream: string,
  pauseMs: number,
): Promise<{ outcome: Burst; paused: string | undefined }> => {
  let paused: string | undefined;
  const outcome = await burst(hosts, stream, 60, 2, async (acknowledged) => {
    if (acknowledged !== 20 || paused) return;
    const owner = await ownerOf(hosts, stream);
    if (!owner) return;
    paused = owner.url;
    owner.served.child.kill('SIGSTOP');
    setTimeout(() => owner.served.child.kill('SIGCONT'), pauseMs).unref();
  });
  return { outcome, paused };
};
