/**
 * Two hosts, one launch: the race the cluster tests run on every backend. Each host is a launch
 * service over its own store instance (its own connections); a client posts `item.checked`
 * events for its half of the items to each host at once, retrying a 409 conflict or a 503 with
 * the same idempotency key, as a real client does. Then the log is checked from a third instance:
 * every acknowledged event stored exactly once, versions gap-free, nothing else written, the
 * chain verified, and both hosts serving the identical checklist.
 */
import { withoutCountdown } from '../../src/checklist/countdown.ts';
import * as E from 'fp-ts/lib/Either.js';
import { expect } from 'vitest';
import type { EventEnvelope } from '../../src/events/envelope.ts';
import type { EventStore } from '../../src/store/EventStore.ts';
import type { SkippedAppend } from '../../src/store/verifyChain.ts';
import type { Running } from '../service/harness.ts';

/** A plan of one phase with `items` items in one step. */
export const racePlan = (items: number): string =>
  `# Cluster race\n\n## Rollout\n\n### Checks\n\n${Array.from({ length: items }, (_, i) => `- [ ] check ${i + 1}`).join('\n')}\n`;

/** What a race saw: the events each host acknowledged (id → version), and every answer's status. */
export interface RaceOutcome {
  readonly acknowledged: Map<string, number>;
  readonly statuses: Map<number, number>;
  /** Bodies of answers that were neither a success nor a retryable 409/503. */
  readonly failures: string[];
}

/** Requests in flight per host. */
const IN_FLIGHT = 4;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** An answer, its JSON body read as the parts the race reads (null when it is not JSON). */
type Answer = Awaited<ReturnType<Running['request']>> & { json: Body | null };

/** The parts of the service's JSON answers the race reads. */
interface Body {
  readonly error?: { readonly kind?: string };
  readonly version?: number;
  readonly phases?: readonly {
    readonly steps: readonly { readonly items: readonly { readonly id: string }[] }[];
  }[];
}
const bodyOf = (answer: Answer): Body => answer.json ?? {};

/** A request, again after a 409 conflict or a 503 (honouring Retry-After, at most 1 s). */
const persist = async (host: Running, outcome: RaceOutcome, send: () => Promise<Answer>): Promise<Answer> => {
  for (;;) {
    const answer = await send();
    outcome.statuses.set(answer.status, (outcome.statuses.get(answer.status) ?? 0) + 1);
    const retry =
      answer.status === 503 || (answer.status === 409 && bodyOf(answer).error?.kind === 'VersionConflict');
    if (!retry) return answer;
    await sleep(
      answer.status === 503
        ? Math.min(1000, Number(answer.headers.get('retry-after') ?? 1) * 1000)
        : 5 + Math.random() * 20,
    );
  }
};

/**
 * Create a launch of `2 × perHost` items in `stream` through the first host, then post each
 * host's half at once. `onAck` is called after every acknowledgement (for fault injection).
 */
export const raceTwoHosts = async (
  hosts: readonly [Running, Running],
  stream: string,
  perHost: number,
  onAck: (acknowledged: number) => void = () => {},
): Promise<RaceOutcome> => {
  const outcome: RaceOutcome = { acknowledged: new Map(), statuses: new Map(), failures: [] };
  const created = await persist(hosts[0], outcome, () =>
    hosts[0].request<Body | null>('POST', `/launches?stream=${stream}`, {
      body: racePlan(perHost * 2),
      headers: { 'content-type': 'text/markdown' },
    }),
  );
  expect(created.status, created.text).toBe(201);
  const status = await persist(hosts[0], outcome, () =>
    hosts[0].request<Body | null>('GET', `/launches/${stream}`),
  );
  const items = (bodyOf(status).phases ?? []).flatMap((p) =>
    p.steps.flatMap((s) => s.items.map((i) => i.id)),
  );
  expect(items).toHaveLength(perHost * 2);
  // Several requests in flight per host keep each host's queue of sends full, so the two hosts
  // append back to back and their publishes meet at the server as often as they can.
  await Promise.all(
    hosts.flatMap((host, h) => {
      const queue = items.slice(h * perHost, (h + 1) * perHost);
      return Array.from({ length: IN_FLIGHT }, async () => {
        for (let itemId = queue.shift(); itemId !== undefined; itemId = queue.shift()) {
          const key = `${stream}-${itemId.replaceAll('/', '.')}`;
          const answer = await persist(host, outcome, () =>
            host.request<Body | null>('POST', `/launches/${stream}/events`, {
              body: JSON.stringify({ type: 'item.checked', itemId }),
              headers: { 'idempotency-key': key },
            }),
          );
          if (answer.status === 200 || answer.status === 201) {
            outcome.acknowledged.set(key, bodyOf(answer).version ?? -1);
            onAck(outcome.acknowledged.size);
          } else outcome.failures.push(`${answer.status} ${answer.text}`);
        }
      });
    }),
  );
  return outcome;
};

/** What the log check found besides its assertions: the appends readers skip (forks). */
export interface LogCheck {
  readonly version: number;
  readonly skipped: readonly SkippedAppend[];
}

/**
 * Assert the log of a race from an independent store instance, and that both hosts serve the
 * identical checklist.
 */
export const checkRaceLog = async (
  reader: EventStore,
  hosts: readonly [Running, Running],
  stream: string,
  outcome: RaceOutcome,
): Promise<LogCheck> => {
  expect(outcome.failures).toEqual([]);
  expect(outcome.statuses.get(500) ?? 0).toBe(0);
  const events: EventEnvelope[] = [];
  for await (const event of reader.read(stream)) events.push(event);
  // Gap-free versions, each once: no fork is part of the log.
  expect(events.map((e) => e.version)).toEqual(Array.from({ length: events.length }, (_, i) => i + 1));
  // Every acknowledged event exactly once, at the version it was acknowledged with, and nothing
  // else: launch.created, launch.started and one item.checked per acknowledgement.
  const stored = new Map<string, number[]>();
  for (const event of events)
    stored.set(event.eventId, [...(stored.get(event.eventId) ?? []), event.version]);
  for (const [key, version] of outcome.acknowledged) expect(stored.get(key), key).toEqual([version]);
  expect(events.length).toBe(outcome.acknowledged.size + 2);
  const verified = await reader.verify(stream);
  expect(E.isRight(verified) && verified.right).toMatchObject({ ok: true, version: events.length });
  const skipped = E.isRight(verified) && verified.right.ok ? (verified.right.skipped ?? []) : [];
  const [a, b] = await Promise.all(
    hosts.map((host) => host.request<Body | null>('GET', `/launches/${stream}`)),
  );
  expect(a!.status).toBe(200);
  expect(b!.status).toBe(200);
  expect(bodyOf(a!).version).toBe(events.length);
  // The launch must be the same on both hosts; `now` and the countdown are each host's clock.
  expect(JSON.stringify(withoutCountdown(b!.json ?? {}))).toBe(
    JSON.stringify(withoutCountdown(a!.json ?? {})),
  );
  return { version: events.length, skipped };
};
