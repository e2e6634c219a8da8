/**
 * One writer per launch (issue 20): which host a write goes to, from the leases alone — in one
 * process, with memory leases and a clock the test moves. The HTTP and NATS transports, the
 * PostgreSQL fence and failover with real hosts are in test/cluster/leases*.test.ts.
 */
import * as E from 'fp-ts/lib/Either.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { ForwardAnswer, ForwardedSend, Transport } from '../../src/launch/owner/forwarding.ts';
import { createMemoryLeases } from '../../src/launch/owner/memoryLeases.ts';
import { createOwnership, type Ownership } from '../../src/launch/owner/ownership.ts';

const TTL = 1000;
let clock = 0;
const now = () => clock;
const opened: Ownership[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((ownership) => ownership.close()));
});

/** Hosts over one lease store whose transport hands a write straight to the addressed host. */
const hosts = (count: number): Ownership[] => {
  const leases = createMemoryLeases(now);
  const byAddress = new Map<string, Ownership>();
  const written: ForwardedSend[] = [];
  const transport: Transport = {
    forward: (owner, send) =>
      byAddress.get(owner.address)!.receive(send, (s): Promise<ForwardAnswer> => {
        written.push(s);
        return Promise.resolve({
          _tag: 'Sent',
          results: [E.right({ version: written.length, appended: true })],
        });
      }),
    close: () => Promise.resolve(),
  };
  return Array.from({ length: count }, (_, i) => {
    const ownership = createOwnership({
      leases,
      transport,
      holder: { id: `h${i}`, address: `a${i}` },
      ttlMs: TTL,
      now,
    });
    byAddress.set(`a${i}`, ownership);
    opened.push(ownership);
    return ownership;
  });
};

const send: ForwardedSend = {
  stream: 'go-live',
  sends: [{ event: { type: 'item.checked', itemId: 'x' }, eventId: 'e1' }],
  actor: { id: 'lea', roles: [] },
};

describe('ownership', () => {
  it('should let the first host that writes own the launch and send the others to it', async () => {
    clock = 0;
    const [a, b] = hosts(2) as [Ownership, Ownership];
    expect(await a.route('go-live')).toEqual({ _tag: 'Local', token: 1 });
    expect(await b.route('go-live')).toMatchObject({ _tag: 'Remote', owner: { id: 'h0' } });
    const answer = await b.forward(a.holder, send);
    expect(answer._tag).toBe('Sent');
    expect(a.stats()).toMatchObject({ owned: ['go-live'], received: 1 });
    expect(b.stats()).toMatchObject({ owned: [], forwarded: 1 });
  });

  it('should hand the launch to another host only after the lease has run out, with a newer token', async () => {
    clock = 0;
    const [a, b] = hosts(2) as [Ownership, Ownership];
    await a.route('go-live');
    clock = TTL - 1;
    b.forget('go-live');
    expect((await b.route('go-live'))._tag).toBe('Remote');
    clock = TTL + 1;
    b.forget('go-live');
    expect(await b.route('go-live')).toEqual({ _tag: 'Local', token: 2 });
    // A no longer counts the lease as its own (its margin ran out before the lease did).
    expect(a.stats().owned).toEqual([]);
    expect(await a.receive(send, () => Promise.reject(new Error('must not write')))).toEqual({
      _tag: 'NotOwner',
      stream: 'go-live',
    });
    expect(a.tokenOf('go-live')).toBe(1);
  });

  it('should keep the token while the same host claims again', async () => {
    clock = 0;
    const [a] = hosts(1) as [Ownership];
    await a.route('go-live');
    clock = 5 * TTL;
    expect(await a.route('go-live')).toEqual({ _tag: 'Local', token: 1 });
  });
});
