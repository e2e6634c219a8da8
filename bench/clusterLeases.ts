/**
 * One writer per launch (issue 20), each figure with its baselines in the same run: events/s of
 * `hosts` launch services each sending `each` events to one launch at once (one send in flight
 * per host, as behind a round-robin balancer), with leases and forwarding, and without (every
 * host racing for the tail, as before); against `hosts` callers on one host; with one event per
 * call (an item check) or several (`sendAll`, as a webhook payload). Also the p50/p99 of
 * a forwarded send next to a send on the owner. Hosts are launch services in this process, each
 * over its own store instance, forwarding over HTTP on loopback (PostgreSQL) or NATS
 * request–reply; the clients call the service's launches directly (no client HTTP).
 */
import { createServer, type Server } from 'node:http';
import { performance } from 'node:perf_hooks';
import * as E from 'fp-ts/lib/Either.js';
import { itemChecked, readPlanMarkdown } from '../src/index.ts';
import type { Transport } from '../src/launch/owner/forwarding.ts';
import type { LeaseStore } from '../src/launch/owner/lease.ts';
import { createOwnership, type Ownership } from '../src/launch/owner/ownership.ts';
import { createLaunchService } from '../src/service/handler.ts';
import type { LaunchService } from '../src/service/serviceOptions.ts';
import type { EventStore } from '../src/store/EventStore.ts';

/** What a backend gives each host; `owner` is the host's ownership, once it has one. */
export interface LeaseBackend {
  store(owner?: () => Pick<Ownership, 'tokenOf' | 'leaseOf'> | undefined): EventStore;
  leases(): LeaseStore;
  transport(): Transport;
  address(id: string, port: number): string;
}

const ACTOR = { id: 'bench', roles: ['admin'] };
const SECRET = 'bench-cluster-secret-0123456789';
const TOKENS = [{ token: 'bench-token-0123456789abcdef', actor: 'bench', roles: ['admin'] }];

const plan = (items: number) =>
  readPlanMarkdown(
    `# Bench\n\n## Rollout\n\n### Checks\n\n${Array.from({ length: items }, (_, i) => `- [ ] check ${i + 1}`).join('\n')}\n`,
  );

interface Host {
  readonly service: LaunchService;
  /** Whether this host writes the launch itself (always, without leases). */
  owns(stream: string): boolean;
  close(): Promise<void>;
}

const startHost = async (backend: LeaseBackend, leased: boolean, port: number): Promise<Host> => {
  const owner: { is?: Ownership } = {};
  const store = backend.store(leased ? () => owner.is : undefined);
  const leases = leased ? backend.leases() : undefined;
  const id = `bench-${port}`;
  const ownership =
    leases &&
    createOwnership({
      leases,
      transport: backend.transport(),
      holder: { id, address: backend.address(id, port) },
    });
  owner.is = ownership;
  const service = createLaunchService({
    store,
    tokens: TOKENS,
    authorization: 'open',
    onError: () => undefined,
    ...(ownership ? { cluster: { ownership, secret: SECRET } } : {}),
  });
  const server: Server | undefined = leased ? createServer(service) : undefined;
  if (server) await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  return {
    service,
    owns: (stream) => !ownership || ownership.stats().owned.includes(stream),
    async close() {
      server?.closeAllConnections();
      if (server) await new Promise((resolve) => server.close(resolve));
      await service.close();
      await leases?.close();
      await store.close();
    },
  };
};

/** Latencies of sends, by whether the host sending owned the launch. */
export interface Run {
  readonly perSec: number;
  readonly local: number[];
  readonly forwarded: number[];
}

/**
 * `hosts` hosts (`callers` sends in flight each) send `hosts × callers × each` item checks to one
 * new launch; events/s, and each send's latency by where it was written.
 */
export const leaseRun = async (
  backend: LeaseBackend,
  options: {
    hosts: number;
    callers: number;
    each: number;
    leased: boolean;
    stream: string;
    firstPort: number;
    /** Events per call: more than one sends them together (`sendAll`), as an Alertmanager post does. */
    perCall?: number;
  },
): Promise<Run> => {
  const { hosts: count, callers, each, leased, stream, firstPort } = options;
  const perCall = options.perCall ?? 1;
  const items = count * callers * each * perCall;
  const hosts: Host[] = [];
  for (let h = 0; h < count; h++) hosts.push(await startHost(backend, leased, firstPort + h));
  try {
    const created = await hosts[0]!.service.launches.create(stream, plan(items), ACTOR, {});
    if (E.isLeft(created)) throw new Error(`bench: ${JSON.stringify(created.left)}`);
    // Every host has the launch open before the clock starts.
    for (const host of hosts)
      if (E.isLeft(await host.service.launches.fresh(stream))) throw new Error('bench: open');
    const local: number[] = [];
    const forwarded: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      hosts.flatMap((host) =>
        Array.from({ length: callers }, async () => {
          const launch = await host.service.launches.get(stream);
          if (E.isLeft(launch)) throw new Error('bench: launch');
          for (let i = 0; i < each; i++) {
            const sends = Array.from({ length: perCall }, () => ({
              event: itemChecked({ itemId: `rollout/checks/check-${(next += 1)}` }),
            }));
            const sentAt = performance.now();
            const sent = await launch.right.sendAll(sends, { actor: ACTOR });
            const refused = sent.find(E.isLeft);
            if (refused) throw new Error(`bench: ${JSON.stringify(refused.left)}`);
            (host.owns(stream) ? local : forwarded).push(performance.now() - sentAt);
          }
        }),
      ),
    );
    return { perSec: Math.round((items / (performance.now() - started)) * 1000), local, forwarded };
  } finally {
    await Promise.allSettled(hosts.map((host) => host.close()));
  }
};
