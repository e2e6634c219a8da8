/**
 * Gate timeouts (issue 24): a gate with a timeout waits from the record time of the event that
 * brought the launch to it; once the wait runs out, `tick` appends one `gate.timedOut`, stamped at
 * or after the end of the wait, that decides no-go, passes the gate, or only escalates. The wait
 * comes from the log, so a replay on another host rebuilds the same state and a second tick
 * appends nothing.
 */
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../src/events/envelope.ts';
import { gateDecided, gateTimedOut, launchPaused, launchResumed } from '../../src/events/factories.ts';
import { openLaunch, replayLaunch, SCHEDULER, type Launch } from '../../src/launch/index.ts';
import type { TimeoutOutcome } from '../../src/plan/gateTimeout.ts';
import { createMemoryEventStore } from '../../src/store/index.ts';
import type { EventStore } from '../../src/store/EventStore.ts';
import { readHistory } from '../../src/service/console/history.ts';
import { renderConsoleFragment } from '../../src/service/console/render.ts';
import { consoleView } from '../../src/service/console/view.ts';
import { launchAtTimedGate } from '../support/timedGate.ts';
import { right } from '../support/either.ts';

const HOUR = 3_600_000;
const START = Date.parse('2026-03-02T08:00:00.000Z');

/** A launch whose gates time out after 4h with `outcome`, at its first gate (reached an hour after the start), on a clock the test moves. */
async function atGate(outcome: TimeoutOutcome) {
  let now = START;
  const store = createMemoryEventStore();
  const { launch, gate, since } = await launchAtTimedGate({
    store,
    stream: 'gated',
    timeout: '4h',
    outcome,
    clock: () => new Date(now),
    afterStart: () => (now += HOUR),
  });
  expect(launch.checklist().current).toEqual([gate]);
  expect(since).toBe(new Date(START + HOUR).toISOString());
  return { launch, store, gate, reachedAt: since, at: (ms: number) => (now = ms) };
}

const timeouts = async (store: EventStore): Promise<EventEnvelope[]> => {
  const out: EventEnvelope[] = [];
  for await (const event of store.read('gated')) if (event.type === 'gate.timedOut') out.push(event);
  return out;
};

const dueOf = (reachedAt: string) => Date.parse(reachedAt) + 4 * HOUR;

/** The launch replayed from its log: the state every other host rebuilds. */
const replayed = async (store: EventStore, launch: Launch) => {
  const replay = right(await replayLaunch(store, 'gated', { useSnapshot: false }));
  expect(replay.snapshot).toEqual(launch.snapshot());
  return replay;
};

describe('gate timeouts', () => {
  it('should wait since the event that reached the gate, and time out once, no earlier than its end', async () => {
    const { launch, store, gate, reachedAt, at } = await atGate('no-go');
    expect(launch.snapshot().context.gateWaits).toEqual({ [gate]: { at: reachedAt } });
    const due = dueOf(reachedAt);
    at(due - 1);
    expect(right(await launch.tick())).toBe(0);
    at(due + 5_000);
    expect(right(await launch.tick())).toBe(1);
    expect(right(await launch.tick())).toBe(0);
    const [timedOut, ...more] = await timeouts(store);
    expect(more).toEqual([]);
    expect(Date.parse(timedOut!.at)).toBeGreaterThanOrEqual(due);
    expect(timedOut).toMatchObject({
      eventId: `gated:gate-timeout/${gate}/${reachedAt}`,
      actor: SCHEDULER,
      data: { gateId: gate, outcome: 'no-go', since: reachedAt, after: '4h' },
    });
    const { context } = launch.snapshot();
    expect(context.decisions[gate]).toMatchObject({ decision: 'no-go', by: SCHEDULER.id });
    expect(context.gateWaits).toEqual({});
    await replayed(store, launch);
  });

  it('should pass the gate on "skip", and leave it waiting, escalated once, on "escalate"', async () => {
    const skipping = await atGate('skip');
    expect(skipping.launch.checklist().gates[0]?.timeout).toEqual({
      after: '4h',
      outcome: 'skip',
      waitingSince: skipping.reachedAt,
      due: new Date(dueOf(skipping.reachedAt)).toISOString(),
      last: null,
    });
    skipping.at(dueOf(skipping.reachedAt));
    expect(right(await skipping.launch.tick())).toBe(1);
    expect(skipping.launch.checklist().current).not.toContain(skipping.gate);
    expect(skipping.launch.checklist().gates[0]).toMatchObject({
      status: 'skipped',
      timeout: { waitingSince: null, last: { outcome: 'skip', since: skipping.reachedAt } },
    });
    await replayed(skipping.store, skipping.launch);

    const escalating = await atGate('escalate');
    escalating.at(dueOf(escalating.reachedAt));
    expect(right(await escalating.launch.tick())).toBe(1);
    escalating.at(dueOf(escalating.reachedAt) + 10 * HOUR);
    expect(right(await escalating.launch.tick())).toBe(0);
    expect(escalating.launch.checklist().current).toEqual([escalating.gate]);
    expect(escalating.launch.snapshot().context.timeouts?.[escalating.gate]).toMatchObject({
      outcome: 'escalate',
      since: escalating.reachedAt,
    });
    right(await escalating.launch.send(gateDecided({ gateId: escalating.gate, decision: 'go' })));
    expect(escalating.launch.checklist().current).not.toContain(escalating.gate);
    await replayed(escalating.store, escalating.launch);
  });

  it('should refuse a timeout sent before the end of the wait, or naming another wait', async () => {
    const { launch, gate, reachedAt, at } = await atGate('no-go');
    at(dueOf(reachedAt) - 60_000);
    const early = await launch.send(
      gateTimedOut({ gateId: gate, outcome: 'no-go', since: reachedAt, after: '4h' }),
      { actor: SCHEDULER },
    );
    expect(E.isLeft(early) && early.left._tag).toBe('NotAcceptedInState');
    at(dueOf(reachedAt));
    const otherWait = await launch.send(
      gateTimedOut({ gateId: gate, outcome: 'no-go', since: '2026-03-02T08:00:00.000Z', after: '4h' }),
      { actor: SCHEDULER },
    );
    expect(E.isLeft(otherWait) && otherWait.left._tag).toBe('NotAcceptedInState');
    const otherOutcome = await launch.send(
      gateTimedOut({ gateId: gate, outcome: 'skip', since: reachedAt, after: '4h' }),
      { actor: SCHEDULER },
    );
    expect(E.isLeft(otherOutcome) && otherOutcome.left._tag).toBe('NotAcceptedInState');
  });

  it('should end the wait with a pause and wait afresh from the resume', async () => {
    const { launch, gate, reachedAt, at } = await atGate('no-go');
    at(Date.parse(reachedAt) + HOUR);
    right(await launch.send(launchPaused({ reason: 'provider down' })));
    expect(launch.snapshot().context.gateWaits).toEqual({});
    at(dueOf(reachedAt) + HOUR);
    expect(right(await launch.tick())).toBe(0);
    right(await launch.send(launchResumed({ reason: 'provider back' })));
    const resumedAt = new Date(dueOf(reachedAt) + HOUR).toISOString();
    expect(launch.snapshot().context.gateWaits).toEqual({ [gate]: { at: resumedAt } });
    expect(right(await launch.tick())).toBe(0);
    at(dueOf(resumedAt));
    expect(right(await launch.tick())).toBe(1);
  });

  it('should show the console when the wait ends, and tell the timeout in the history', async () => {
    const { launch, store, reachedAt, at } = await atGate('escalate');
    const due = new Date(dueOf(reachedAt)).toISOString();
    const before = renderConsoleFragment(launch.plan, consoleView(launch, null), [], 0, '/all');
    expect(before).toContain(`No decision by <time datetime="${due}">`);
    expect(before).toContain('people are told again');
    at(dueOf(reachedAt));
    right(await launch.tick());
    const view = consoleView(launch, null);
    const rows = await readHistory(store, 'gated', launch.version, null, view.checklist);
    const after = renderConsoleFragment(launch.plan, view, rows, launch.version, '/all');
    expect(after).toContain('Timed out <time');
    expect(rows.map((row) => row.text)).toContain(
      `timed out: ${launch.plan.gates[0]!.title} after 4h (escalate)`,
    );
  });

  it('should write one timeout when two hosts tick at once, each answering without an error', async () => {
    for (const outcome of ['no-go', 'skip', 'escalate'] as const) {
      const { launch, store, reachedAt, at } = await atGate(outcome);
      at(dueOf(reachedAt));
      const other = right(
        await openLaunch({
          store,
          stream: 'gated',
          actor: SCHEDULER,
          clock: () => new Date(dueOf(reachedAt)),
        }),
      );
      const ticked = await Promise.all([launch.tick(), other.tick()]);
      expect(ticked.map(right).reduce((sum, count) => sum + count, 0)).toBe(1);
      expect(await timeouts(store)).toHaveLength(1);
      right(await other.refresh());
      expect(other.snapshot()).toEqual(launch.snapshot());
    }
  });
});
