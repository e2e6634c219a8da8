/**
 * Hosts of a cluster with leases (issue 20), in one process: each host is a launch service over
 * its own store instance, its own lease store and transport, on a port of its own. A host can be
 * crashed (its server stops answering, its lease is never given up, its leases and transport
 * fail, as after `kill -9`) or paused (its leases stop renewing while it goes on serving, as a
 * SIGSTOPped or partitioned host that comes back). Clients post each event to one host and, like
 * a balancer, move on to the next live host when theirs does not answer.
 */
import { createServer, type Server } from 'node:http';
import * as E from 'fp-ts/lib/Either.js';
import { expect } from 'vitest';
import type { EventEnvelope } from '../../src/events/envelope.ts';
import type { ForwardedSend, Transport } from '../../src/launch/owner/forwarding.ts';
import type { LeaseStore } from '../../src/launch/owner/lease.ts';
import { createOwnership, type Ownership } from '../../src/launch/owner/ownership.ts';
import { createLaunchService } from '../../src/service/handler.ts';
import type { LaunchService } from '../../src/service/serviceOptions.ts';
import type { EventStore } from '../../src/store/EventStore.ts';
import { TOKEN_ENTRIES, TOKENS } from '../service/harness.ts';
import { racePlan } from './twoHostRace.ts';

export const CLUSTER_SECRET = 'leases-test-secret-0123456789';

/** What a backend gives each host. */
export interface Backend {
  /** A store whose appends carry this host's fencing tokens (when the backend checks them). */
  store(fencing: (stream: string) => number | undefined): EventStore;
  leases(): LeaseStore;
  transport(): Transport;
  /** How other hosts reach host `id` on port `port`. */
  address(id: string, port: number): string;
}

export interface ClusterHost {
  readonly index: number;
  readonly url: string;
  readonly service: LaunchService;
  readonly ownership: Ownership;
  readonly store: EventStore;
  readonly crashed: boolean;
  /** Stop answering at once and never give the leases up (kill -9). */
  crash(): Promise<void>;
  /** Stop (true) or restart (false) renewing and claiming leases, while still serving (SIGSTOP, a partition). */
  pause(paused: boolean): void;
  close(): Promise<void>;
}

/** A lease store and transport that fail while `cut()` says so. */
const severable = (leases: LeaseStore, cut: () => boolean): LeaseStore => ({
  claim: (stream, holder, ttlMs) =>
    cut() ? Promise.reject(new Error('host cut off')) : leases.claim(stream, holder, ttlMs),
  release: (lease) => (cut() ? Promise.reject(new Error('host cut off')) : leases.release(lease)),
  close: () => leases.close(),
});

/** Start `count` hosts on ports `firstPort`, `firstPort + 1`, … */
export const startCluster = async (
  backend: Backend,
  count: number,
  firstPort: number,
  ttlMs: number,
): Promise<ClusterHost[]> => {
  const hosts: ClusterHost[] = [];
  for (let index = 0; index < count; index++) {
    const port = firstPort + index;
    let crashed = false;
    let paused = false;
    // The store asks the ownership for its tokens; the ownership is made after the store.
    const tokens: { of?: (stream: string) => number | undefined } = {};
    const store = backend.store((stream) => tokens.of?.(stream));
    const leases = backend.leases();
    const transport = backend.transport();
    const cutTransport: Transport = {
      forward: (owner, send: ForwardedSend) =>
        crashed ? Promise.reject(new Error('host crashed')) : transport.forward(owner, send),
      ...(transport.listen ? { listen: transport.listen.bind(transport) } : {}),
      close: () => transport.close(),
    };
    const ownership = createOwnership({
      leases: severable(leases, () => crashed || paused),
      transport: cutTransport,
      holder: { id: `host-${port}`, address: backend.address(`host-${port}`, port) },
      ttlMs,
    });
    tokens.of = (stream) => ownership.tokenOf(stream);
    const service = createLaunchService({
      store,
      tokens: TOKEN_ENTRIES,
      authorization: 'open',
      onError: () => undefined,
      cluster: { ownership, secret: CLUSTER_SECRET },
    });
    const server: Server = createServer(service);
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
    hosts.push({
      index,
      url: `http://127.0.0.1:${port}`,
      service,
      ownership,
      store,
      get crashed() {
        return crashed;
      },
      async crash() {
        crashed = true;
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
        // Its NATS subscription goes with the process.
        await transport.close();
      },
      pause(value) {
        paused = value;
      },
      async close() {
        if (!crashed) {
          server.closeAllConnections();
          await new Promise((resolve) => server.close(resolve));
        }
        await service.close().catch(() => undefined);
        await leases.close();
        await store.close();
      },
    });
  }
  return hosts;
};

/** What a burst saw. */
export interface Burst {
  /** Idempotency key → version acknowledged. */
  readonly acknowledged: Map<string, number>;
  readonly statuses: Map<number, number>;
  readonly failures: string[];
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Where a client posts: a host's URL, and whether it is gone. */
export type Target = Pick<ClusterHost, 'url' | 'crashed'>;

/** A request to a host; `null` when the host does not answer. */
const post = async (host: Target, path: string, body: string, headers: Record<string, string> = {}) => {
  try {
    const response = await fetch(`${host.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKENS.admin}`, ...headers },
      body,
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    return { status: response.status, text, retryAfter: Number(response.headers.get('retry-after') ?? 1) };
  } catch {
    return null;
  }
};

/**
 * Create a launch of `items` items, then post one `item.checked` for each of the first `posted`: `inFlight` clients per
 * host, each moving to the next live host when its host does not answer, again after a 503 (with
 * its Retry-After, at most 1 s). `onAck` runs after each acknowledgement (to inject faults).
 */
export const burst = async (
  hosts: readonly Target[],
  stream: string,
  items: number,
  inFlight: number,
  onAck: (acknowledged: number) => Promise<void> | void = () => undefined,
  posted = items,
): Promise<Burst> => {
  const outcome: Burst = { acknowledged: new Map(), statuses: new Map(), failures: [] };
  const created = await post(hosts[0]!, `/launches?stream=${stream}`, racePlan(items), {
    'content-type': 'text/markdown',
  });
  expect(created?.status, created?.text).toBe(201);
  const queue = Array.from({ length: posted }, (_, i) => `rollout/checks/check-${i + 1}`);
  await Promise.all(
    hosts.flatMap((_, h) =>
      Array.from({ length: inFlight }, async () => {
        let at = h;
        for (let itemId = queue.shift(); itemId !== undefined; itemId = queue.shift()) {
          const key = `${stream}-${itemId.replaceAll('/', '.')}`;
          for (;;) {
            while (hosts[at % hosts.length]!.crashed) at += 1;
            const answer = await post(
              hosts[at % hosts.length]!,
              `/launches/${stream}/events`,
              JSON.stringify({ type: 'item.checked', itemId }),
              { 'content-type': 'application/json', 'idempotency-key': key },
            );
            if (answer === null) {
              at += 1;
              continue;
            }
            outcome.statuses.set(answer.status, (outcome.statuses.get(answer.status) ?? 0) + 1);
            if (answer.status === 503) {
              await sleep(Math.min(1000, answer.retryAfter * 1000));
              continue;
            }
            if (answer.status === 200 || answer.status === 201) {
              outcome.acknowledged.set(key, (JSON.parse(answer.text) as { version: number }).version);
              await onAck(outcome.acknowledged.size);
            } else outcome.failures.push(`${answer.status} ${answer.text}`);
            break;
          }
        }
      }),
    ),
  );
  return outcome;
};

/**
 * The log as a fresh reader sees it: gap-free versions, every acknowledged event exactly once at
 * its acknowledged version, nothing else but the plan and `launch.started`, the chain whole.
 */
export const checkLog = async (
  reader: EventStore,
  stream: string,
  outcome: Burst,
): Promise<EventEnvelope[]> => {
  expect(outcome.failures).toEqual([]);
  expect(outcome.statuses.get(409) ?? 0).toBe(0);
  expect(outcome.statuses.get(500) ?? 0).toBe(0);
  const events: EventEnvelope[] = [];
  for await (const event of reader.read(stream)) events.push(event);
  expect(events.map((e) => e.version)).toEqual(Array.from({ length: events.length }, (_, i) => i + 1));
  const stored = new Map<string, number[]>();
  for (const event of events)
    stored.set(event.eventId, [...(stored.get(event.eventId) ?? []), event.version]);
  for (const [key, version] of outcome.acknowledged) expect(stored.get(key), key).toEqual([version]);
  expect(events.length).toBe(outcome.acknowledged.size + 2);
  const verified = await reader.verify(stream);
  expect(E.isRight(verified) && verified.right).toMatchObject({ ok: true, version: events.length });
  return events;
};

/** The host that owns `stream` now, if one does. */
export const ownerOf = (hosts: readonly ClusterHost[], stream: string): ClusterHost | undefined =>
  hosts.find((host) => !host.crashed && host.ownership.stats().owned.includes(stream));
