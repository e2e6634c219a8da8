/**
 * A payload posted to a host that does not own the launch (issue 20): its events travel to the
 * owner in one hop, are written there as one batch, and the host answers with each event's
 * result and a status that shows them. Two services over one memory store and in-process
 * leases; the transport hands a hop to the addressed host's service and counts hops.
 */
import * as E from 'fp-ts/lib/Either.js';
import { afterEach, describe, expect, it } from 'vitest';
import { itemChecked, launchStarted } from '../../src/events/factories.ts';
import { createLaunch } from '../../src/launch/index.ts';
import type { ForwardedSend, ReceiveForwarded, Transport } from '../../src/launch/owner/forwarding.ts';
import { createMemoryLeases } from '../../src/launch/owner/memoryLeases.ts';
import { createOwnership } from '../../src/launch/owner/ownership.ts';
import { readPlanMarkdown } from '../../src/index.ts';
import type { EventStore } from '../../src/store/EventStore.ts';
import { createMemoryEventStore } from '../../src/store/index.ts';
import { right } from '../support/either.ts';
import { startService, TOKENS, type Running } from './harness.ts';

const PLAN = '# Drill\n\n## Rollout\n\n### Checks\n\n- [ ] backups verified\n- [ ] dns lowered\n';

/** Hops between in-process hosts, by address; every hop is recorded. */
const loopback = () => {
  const receivers = new Map<string, ReceiveForwarded>();
  const hops: ForwardedSend[] = [];
  const transport: Transport = {
    forward(owner, send) {
      hops.push(send);
      const receive = receivers.get(owner.address);
      return receive ? receive(send) : Promise.reject(new Error(`${owner.address} is not listening`));
    },
    listen(holder, receive) {
      receivers.set(holder.address, receive);
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
  return { transport, hops };
};

const firing = (count: number) =>
  JSON.stringify({
    status: 'firing',
    alerts: Array.from({ length: count }, (_, i) => ({
      status: 'firing',
      labels: { alertname: `Burn${i}`, service: 'api' },
      annotations: { summary: `burn ${i}` },
      startsAt: '2025-03-01T10:00:00Z',
      fingerprint: `f${i.toString(16).padStart(15, '0')}`,
    })),
  });

describe('a payload posted to a host that does not own the launch', () => {
  const running: Running[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((run) => run.close()));
  });

  /** A launch of the drill plan, and two hosts over its store. */
  const hosts = async () => {
    const store = createMemoryEventStore();
    const launch = right(
      await createLaunch({
        store,
        stream: 'drill',
        plan: readPlanMarkdown(PLAN),
        actor: { id: 'lea', roles: ['admin'] },
      }),
    );
    const leases = createMemoryLeases();
    const { transport, hops } = loopback();
    // The second host's reads of the log are counted.
    const reads = { count: 0 };
    const counted: EventStore = Object.assign(Object.create(store) as EventStore, {
      read: (...args: Parameters<EventStore['read']>) => {
        reads.count += 1;
        return store.read(...args);
      },
    });
    for (const [id, hostStore] of [
      ['a', store],
      ['b', counted],
    ] as const) {
      const ownership = createOwnership({ leases, transport, holder: { id, address: id } });
      running.push(await startService(hostStore, { authorization: 'open', cluster: { ownership } }));
    }
    return { store, launch, owner: running[0]!, other: running[1]!, hops, reads };
  };

  it('should reach the owner in one hop and answer each alert, with a status that shows them', async () => {
    const { store, launch, owner, other, hops, reads } = await hosts();
    right(await launch.send(launchStarted()));
    // The first host to write the launch owns it.
    expect(
      (
        await owner.request('POST', '/launches/drill/events', {
          token: TOKENS.admin,
          body: JSON.stringify(itemChecked({ itemId: 'rollout/checks/backups-verified' })),
        })
      ).status,
    ).toBe(201);
    expect(hops).toHaveLength(0);
    // The other host opens the launch (a read of the log) before the post.
    expect((await other.request('GET', '/launches/drill')).status).toBe(200);
    const readsBefore = reads.count;

    const posted = await other.request<{
      accepted: { version: number; appended: boolean }[];
      health: string;
    }>('POST', '/launches/drill/alertmanager', {
      token: TOKENS.alerts,
      body: firing(20),
      headers: { 'content-type': 'application/json' },
    });
    expect(posted.status).toBe(200);
    expect(hops).toHaveLength(1);
    expect(hops[0]!.sends).toHaveLength(20);
    // The owner sent its events along with its answer: the other host read nothing.
    expect(reads.count).toBe(readsBefore);
    const versions = posted.json.accepted.map((a) => a.version);
    expect(versions).toEqual(Array.from({ length: 20 }, (_, i) => versions[0]! + i));
    expect(posted.json.health).not.toBe('healthy');
    const alerts = (
      await other.request<{ blockers: { kind: string }[] }>('GET', '/launches/drill')
    ).json.blockers.filter((b) => b.kind === 'alert');
    expect(alerts).toHaveLength(20);

    // The same payload again crosses once more and writes nothing.
    const again = await other.request<{ accepted: { appended: boolean }[] }>(
      'POST',
      '/launches/drill/alertmanager',
      {
        token: TOKENS.alerts,
        body: firing(20),
        headers: { 'content-type': 'application/json' },
      },
    );
    expect(again.json.accepted.every((a) => !a.appended)).toBe(true);
    expect(hops).toHaveLength(2);
    const events: string[] = [];
    for await (const envelope of store.read('drill')) events.push(envelope.type);
    expect(events.filter((type) => type === 'alert.fired')).toHaveLength(20);
  });

  it('should answer the events of one hop in order, refusing what a lone send refuses', async () => {
    const { launch, owner, other, hops } = await hosts();
    right(await right(await owner.service.launches.get('drill')).send(launchStarted()));
    const routed = right(await other.service.launches.get('drill'));
    const [checked, unknown, retried] = await routed.sendAll([
      { event: itemChecked({ itemId: 'rollout/checks/dns-lowered' }), eventId: 'dns' },
      { event: itemChecked({ itemId: 'rollout/checks/no-such-item' }) },
      { event: itemChecked({ itemId: 'rollout/checks/dns-lowered' }), eventId: 'dns' },
    ]);
    expect(hops).toHaveLength(1);
    expect(right(checked!).appended).toBe(true);
    expect(E.isLeft(unknown!) && unknown.left._tag).toBe('NotAcceptedInState');
    expect(right(retried!)).toEqual({ version: right(checked!).version, appended: false });
    // The forwarding host's launch shows the owner's write once the answer is in.
    expect(routed.version).toBe(right(checked!).version);
    expect(launch.version).toBeLessThan(routed.version);
  });
});
