/**
 * The notification of a gate timeout (issue 24): an escalation tells that the gate got no decision
 * in time and carries fresh decision links; a no-go timeout tells what it decided and carries none
 * (the gate no longer waits), and is followed by the gate's decision, in the same thread.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { EventEnvelope } from '../../src/events/envelope.ts';
import { describe, expect, it } from 'vitest';
import { replayLaunch } from '../../src/launch/index.ts';
import type { TimeoutOutcome } from '../../src/plan/gateTimeout.ts';
import { withLinks, type PersonLinks } from '../../src/service/links/noteLinks.ts';
import { notesOf } from '../../src/service/notify/notes.ts';
import { createMemoryEventStore } from '../../src/store/index.ts';
import { launchAtTimedGate } from '../support/timedGate.ts';
import { right } from '../support/either.ts';

const HOUR = 3_600_000;

/** The notifications of the timeout of the first gate of mbayar, with links for a lead. */
async function timeoutNotes(outcome: TimeoutOutcome) {
  let now = Date.parse('2026-03-02T08:00:00.000Z');
  const store = createMemoryEventStore();
  const { launch, plan } = await launchAtTimedGate({
    store,
    stream: 'go',
    timeout: '2h',
    outcome,
    clock: () => new Date(now),
  });
  now += 2 * HOUR;
  expect(right(await launch.tick())).toBe(1);
  const before = right(await replayLaunch(store, 'go', { to: launch.version - 1, useSnapshot: false }));
  let last: EventEnvelope | undefined;
  for await (const event of store.read('go', { from: launch.version })) last = event;
  const after = before.apply(last!);
  if (E.isLeft(after)) throw new Error('not applied');
  const settings = {
    secret: 'a-link-secret-of-at-least-32-characters',
    publicUrl: 'https://launch.example',
    people: [{ id: 'sam', roles: ['lead'] }],
    expiresInMs: HOUR,
  };
  return notesOf(last!, before.checklist(), after.right.checklist(), plan.title).map((note) =>
    withLinks(note, plan, settings),
  );
}

describe('notifications of a gate timeout', () => {
  it('should escalate with fresh links while the gate still waits', async () => {
    const [note, ...more] = await timeoutNotes('escalate');
    expect(more).toEqual([]);
    expect(note).toMatchObject({
      kind: 'gate.timedOut',
      actor: 'launchplan-scheduler',
      details: { outcome: 'escalate', after: '2h' },
    });
    expect(note!.text).toContain('got no decision within 2h: it still waits');
    const links = note!.details['links'] as PersonLinks[];
    expect(links.map((link) => link.person)).toEqual(['sam']);
    expect(links[0]?.approve).toMatch(/^https:\/\/launch\.example\/approve\//u);
  });

  it('should tell a no-go timeout without links, then the decision in the same thread', async () => {
    const notes = await timeoutNotes('no-go');
    expect(notes.map((note) => note.kind)).toEqual(['gate.timedOut', 'gate.decided']);
    expect(notes[0]!.details['links']).toBeUndefined();
    expect(notes[1]!.details).toMatchObject({
      decision: 'no-go',
      by: 'launchplan-scheduler',
      thread: notes[0]!.details['thread'],
    });
  });
});
