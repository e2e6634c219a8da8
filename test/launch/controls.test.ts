/**
 * Operator controls (issue 24): pausing and resuming a launch, skipping a step, retrying a step.
 * Each is a lead's event with a reason, refused with the reason when the state does not allow
 * it, and replayed to the same checklist.
 */
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import {
  gateDecided,
  itemChecked,
  launchPaused,
  launchResumed,
  launchStarted,
  stepRetried,
  stepSkipped,
  testFailed,
} from '../../src/events/factories.ts';
import type { LaunchEvent } from '../../src/events/vocabulary.ts';
import { createLaunch, replayLaunch, type Launch } from '../../src/launch/index.ts';
import type { Plan } from '../../src/plan/model.ts';
import { createMemoryEventStore } from '../../src/store/index.ts';
import type { EventStore } from '../../src/store/EventStore.ts';
import { exampleBytes, readExample, type ExampleId } from '../support/examples.ts';
import { right } from '../support/either.ts';

const lead = { id: 'lou', roles: ['lead'] };
const etika = readExample('etika-platform').plan;
const [firstPhase] = etika.phases;
const withTests = firstPhase!.steps.find((step) => step.items.some((item) => item.kind === 'test'))!;
const firstTest = withTests.items.find((item) => item.kind === 'test')!;

/**
 * A launch of an example plan (with its Markdown) started by a lead, on a clock that moves one
 * minute per reading; `jumpTo` moves it to a later time (a tick may not run ahead of the clock).
 */
async function started(
  id: ExampleId = 'etika-platform',
): Promise<{ launch: Launch; store: EventStore; jumpTo: (at: Date) => Date }> {
  const store = createMemoryEventStore();
  let now = Date.parse('2026-01-05T08:00:00.000Z');
  const clock = () => new Date((now += 60_000));
  const jumpTo = (at: Date) => {
    now = at.getTime();
    return at;
  };
  const plan = { plan: readExample(id).plan, format: 'markdown' as const, source: exampleBytes(id) };
  const launch = right(await createLaunch({ store, stream: 'controls', plan, actor: lead, clock }));
  right(await launch.send(launchStarted()));
  return { launch, store, jumpTo };
}

/** Every item of a phase checked (tests passed as checks would be refused: sent as passes). */
const finish = (steps: Plan['phases'][number]['steps']): LaunchEvent[] =>
  steps.flatMap((step) =>
    step.items.map((item): LaunchEvent =>
      item.kind === 'test'
        ? { type: 'test.passed', itemId: item.id, runId: 'r1' }
        : itemChecked({ itemId: item.id }),
    ),
  );

const refusal = async (launch: Launch, event: LaunchEvent): Promise<string> => {
  const sent = await launch.send(event);
  if (E.isRight(sent)) throw new Error(`expected ${event.type} to be refused`);
  return JSON.stringify(sent.left);
};

describe('pausing a launch', () => {
  it('should let items be ticked while paused, advance no phase until resumed, and record the time paused', async () => {
    const { launch, store, jumpTo } = await started();
    right(await launch.send(launchPaused({ reason: 'payment provider incident' })));
    expect(launch.checklist()).toMatchObject({ state: 'paused', pause: { by: 'lou', count: 1 } });
    for (const event of finish(firstPhase!.steps)) right(await launch.send(event));
    // Every item of the first phase is done, yet the launch stays where it was.
    expect(launch.checklist().state).toBe('paused');
    expect(launch.checklist().phases[0]?.progress).toMatchObject({
      done: launch.checklist().phases[0]?.progress.total,
    });
    const gate = etika.gates[0]!.id;
    expect(await refusal(launch, gateDecided({ gateId: gate, decision: 'go' }))).toContain(
      'NotAcceptedInState',
    );
    expect(right(await launch.tick(jumpTo(new Date('2030-01-01T00:00:00.000Z'))))).toBe(0);
    expect(await refusal(launch, launchResumed())).toContain('launch.resumed needs a reason here');
    expect(await refusal(launch, launchPaused({ reason: 'again' }))).toContain('NotAcceptedInState');
    right(await launch.send(launchResumed({ reason: 'provider back' })));
    const checklist = launch.checklist();
    expect(checklist.state).toBe('running');
    expect(checklist.phases[0]?.status).toBe('done');
    expect(checklist.current).not.toContain(firstPhase!.id);
    const at = async (type: string) => {
      for await (const envelope of store.read('controls'))
        if (envelope.type === type) return Date.parse(envelope.at);
      return NaN;
    };
    const pausedMs = (await at('launch.resumed')) - (await at('launch.paused'));
    expect(pausedMs).toBeGreaterThan(0);
    expect(checklist.pause).toMatchObject({ since: null, count: 1, pausedMs });
    const replayed = right(await replayLaunch(store, 'controls', { useSnapshot: false }));
    expect(replayed.checklist()).toEqual(checklist);
  });

  it('should refuse a pause before the start and from an actor without the lead role', async () => {
    const store = createMemoryEventStore();
    const launch = right(await createLaunch({ store, stream: 'ready', plan: etika, actor: lead }));
    expect(await refusal(launch, launchPaused({ reason: 'too early' }))).toContain('NotAcceptedInState');
    right(await launch.send(launchStarted()));
    const ops = await launch.send(launchPaused({ reason: 'mine' }), { actor: { id: 'o', roles: ['ops'] } });
    expect(E.isLeft(ops) && ops.left).toMatchObject({ _tag: 'NotAllowed', required: ['lead', 'admin'] });
    expect(await refusal(launch, { type: 'launch.paused' } as LaunchEvent)).toContain('reason');
    expect(launch.version).toBe(2);
  });

  it('should fire no deadline while paused, and the ones that passed once resumed', async () => {
    const { launch, jumpTo } = await started('lootopia-launch');
    right(await launch.send(launchPaused({ reason: 'hold' })));
    const later = jumpTo(new Date('2031-01-01T00:00:00.000Z'));
    expect(right(await launch.tick(later))).toBe(0);
    right(await launch.send(launchResumed({ reason: 'go on' })));
    expect(right(await launch.tick(later))).toBeGreaterThan(0);
  });
});

describe('skipping and retrying a step', () => {
  it('should show the items of a skipped step as skipped, not done, and let the phase go on', async () => {
    const { launch, store } = await started();
    const [skipped, ...rest] = firstPhase!.steps;
    right(await launch.send(stepSkipped({ stepId: skipped!.id, reason: 'done by hand last week' })));
    const step = launch.checklist().phases[0]?.steps[0];
    expect(step?.status).toBe('skipped');
    expect(new Set(step?.items.map((item) => item.status))).toEqual(new Set(['skipped']));
    // Written back into the plan, a skipped item is not marked done: the Markdown is as it was.
    expect(launch.markdown()?.markdown.toString()).toBe(exampleBytes('etika-platform').toString());
    expect(await refusal(launch, stepSkipped({ stepId: skipped!.id, reason: 'twice' }))).toContain(
      'is already done',
    );
    expect(await refusal(launch, stepSkipped({ stepId: 'no/such-step', reason: 'x' }))).toContain(
      'no step \\"no/such-step\\" in this plan',
    );
    for (const event of finish(rest)) right(await launch.send(event));
    expect(launch.checklist().current).toEqual([etika.phases[1]?.id]);
    const replayed = right(await replayLaunch(store, 'controls', { useSnapshot: false }));
    expect(replayed.checklist()).toEqual(launch.checklist());
  });

  it('should reopen a blocked step on retry, leaving the steps before it as they are', async () => {
    const { launch } = await started();
    const before = firstPhase!.steps.slice(0, firstPhase!.steps.indexOf(withTests));
    for (const event of finish(before)) right(await launch.send(event));
    expect(await refusal(launch, stepRetried({ stepId: withTests.id, reason: 'flaky' }))).toContain(
      'no failed test or skipped item',
    );
    right(await launch.send(testFailed({ itemId: firstTest.id, runId: 'r1' })));
    const stepOf = () => launch.checklist().phases[0]?.steps.find((step) => step.id === withTests.id);
    expect(stepOf()?.status).toBe('blocked');
    right(await launch.send(stepRetried({ stepId: withTests.id, reason: 'runner fixed' })));
    expect(stepOf()?.status).toBe('active');
    expect(stepOf()?.items.find((item) => item.id === firstTest.id)).toMatchObject({
      status: 'pending',
      evidence: 'retry',
      by: 'lou',
    });
    for (const step of before)
      expect(launch.checklist().phases[0]?.steps.find((s) => s.id === step.id)?.status).toBe('done');
    // A retry reopens a skipped step whose phase has not started yet.
    const later = etika.phases[1]!.steps[0]!;
    right(await launch.send(stepSkipped({ stepId: later.id, reason: 'not this time' })));
    right(await launch.send(stepRetried({ stepId: later.id, reason: 'needed after all' })));
    const reopened = launch.checklist().phases[1]?.steps[0];
    expect(reopened?.status).toBe('pending');
    expect(reopened?.items.every((item) => item.status === 'pending')).toBe(true);
  });
});
