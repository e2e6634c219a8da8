import { describe, expect, it } from 'vitest';
import { explainRejection } from '../../src/compile/explain.ts';
import {
  alertFired,
  alertResolved,
  gateDecided,
  itemChecked,
  launchAborted,
  launchResumed,
  launchStarted,
  rollbackCompleted,
  rollbackRequested,
  testFailed,
  testPassed,
} from '../../src/events/factories.ts';
import type { LaunchEvent } from '../../src/events/vocabulary.ts';
import { flattenItems } from '../../src/plan/query.ts';
import type { Phase } from '../../src/plan/model.ts';
import { contextOf, finishPhase, happyPath, loadExamples, progressOf, run, type Example } from './drive.ts';

const examples = await loadExamples();
const cases = examples.map((example) => [example.name, example] as const);

/** Events up to (not including) the first gate's decision. */
function untilFirstGate(example: Example): { events: LaunchEvent[]; gateId: string; gateKey: string } {
  const events: LaunchEvent[] = [launchStarted({ at: '2025-03-01T08:00:00Z' })];
  for (const entry of example.layout.running) {
    if (entry.kind === 'gate') return { events, gateId: entry.id, gateKey: entry.key };
    events.push(...finishPhase(example.plan.phases.find((phase) => phase.id === entry.id) as Phase));
  }
  throw new Error(`${example.name} has no gate`);
}

/** The first phase with two steps that both have open items, and the events that lead into it. */
function midPhase(example: Example): { before: LaunchEvent[]; phase: Phase; key: string } {
  const before: LaunchEvent[] = [launchStarted()];
  for (const entry of example.layout.running) {
    if (entry.kind === 'gate') {
      before.push(gateDecided({ gateId: entry.id, decision: 'go' }));
      continue;
    }
    const phase = example.plan.phases.find((p) => p.id === entry.id) as Phase;
    const open = phase.steps.filter((step) => flattenItems(step.items).some((item) => !item.done));
    if (open.length >= 2) return { before, phase, key: entry.key };
    before.push(...finishPhase(phase));
  }
  throw new Error(`${example.name} has no phase with two open steps`);
}

describe('compiled example plans: scenarios', () => {
  it.each(cases)('%s: an alert during a gate makes "go" refused until it is resolved', (_name, example) => {
    const { events, gateId, gateKey } = untilFirstGate(example);
    const actor = run(example.machine, [
      ...events,
      alertFired({ alertId: 'p99', metric: 'latency', value: 950, at: '2025-03-02T09:00:00Z' }),
    ]);
    expect(progressOf(actor)).toEqual({ running: { [gateKey]: 'pending' } });
    const go = gateDecided({ gateId, decision: 'go', by: 'cto' });
    expect(actor.getSnapshot().can(go)).toBe(false);
    expect(explainRejection(example.layout, actor.getSnapshot(), go)).toMatchObject({
      _tag: 'GuardFailed',
      guard: 'goAllowed',
      state: `progress.running.${gateKey}`,
      reason: 'alert(s) open: p99',
    });
    actor.send(go);
    expect(progressOf(actor)).toEqual({ running: { [gateKey]: 'pending' } });
    actor.send(gateDecided({ gateId, decision: 'no-go', reason: 'latency' }));
    expect(progressOf(actor)).toEqual({ running: { [gateKey]: 'held' } });
    actor.send(alertResolved({ alertId: 'p99' }));
    expect((actor.getSnapshot().value as { health: string }).health).toBe('healthy');
    expect(actor.getSnapshot().can(go)).toBe(true);
    actor.send(go);
    expect(progressOf(actor)).not.toEqual(
      // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- vitest types asymmetric matchers as any, to stand in for any field
      expect.objectContaining({ running: expect.objectContaining({ [gateKey]: expect.anything() }) }),
    );
    expect(contextOf(actor).decisions[gateId]).toEqual({ decision: 'go', by: 'cto' });
  });

  it.each(cases)(
    '%s: a rollback mid-phase and a resume land back in the same step states',
    (_name, example) => {
      const { before, phase, key } = midPhase(example);
      const firstOpen = phase.steps.find((step) => flattenItems(step.items).some((item) => !item.done));
      const partial = flattenItems(firstOpen!.items).map((item) =>
        item.kind === 'test' ? testPassed({ itemId: item.id }) : itemChecked({ itemId: item.id }),
      );
      const actor = run(example.machine, [...before, ...partial]);
      const during = actor.getSnapshot().value as {
        progress: { running: Record<string, Record<string, string>> };
      };
      const phaseValue = during.progress.running[key] as Record<string, string>;
      expect(Object.values(phaseValue)).toContain('done');
      expect(Object.values(phaseValue)).toContain('open');

      actor.send(rollbackRequested({ reason: 'payments failing', at: '2025-03-03T10:00:00Z', by: 'sre' }));
      expect(Object.keys(progressOf(actor) as object)).toEqual(['rollingBack']);
      expect(actor.getSnapshot().can(rollbackCompleted())).toBe(false);
      expect(explainRejection(example.layout, actor.getSnapshot(), rollbackCompleted())).toMatchObject({
        _tag: 'GuardFailed',
        guard: 'rollbackDone',
      });
      const planItem = itemChecked({ itemId: flattenItems(phase.steps.at(-1)!.items).at(-1)!.id });
      expect(explainRejection(example.layout, actor.getSnapshot(), planItem)).toMatchObject({
        _tag: 'GuardFailed',
        guard: 'isRollbackStep',
      });
      for (const id of Object.keys(contextOf(actor).groups[contextOf(actor).plan.rollbackGroup] ?? {}))
        actor.send(itemChecked({ itemId: id, by: 'sre' }));
      expect(progressOf(actor)).toEqual({ rollingBack: 'done' });
      actor.send(rollbackCompleted({ at: '2025-03-03T11:00:00Z' }));
      expect(progressOf(actor)).toBe('rolledBack');
      expect(actor.getSnapshot().can(launchResumed())).toBe(true);
      actor.send(launchResumed({ by: 'lead' }));
      expect(actor.getSnapshot().value).toEqual(during);
      expect(contextOf(actor).rollback).toMatchObject({
        requested: { reason: 'payments failing', by: 'sre' },
        completed: { at: '2025-03-03T11:00:00Z' },
        resumed: { by: 'lead' },
        count: 1,
      });
    },
  );

  it.each(cases)('%s: a failed test blocks its step until a later pass', (_name, example) => {
    const withTest = example.plan.phases.flatMap((phase) =>
      phase.steps.flatMap((step) =>
        flattenItems(step.items)
          .filter((item) => item.kind === 'test' && !item.done)
          .map((item) => ({ phase, step, item })),
      ),
    )[0];
    if (!withTest) {
      // No open test item in this plan: test events are refused with a reason instead.
      const anyItem = example.plan.phases[0]!.steps[0]!.items[0]!;
      const actor = run(example.machine, [launchStarted()]);
      expect(
        explainRejection(example.layout, actor.getSnapshot(), testFailed({ itemId: anyItem.id })),
      ).toMatchObject({ _tag: 'GuardFailed', guard: 'testChangeable' });
      return;
    }
    const events = happyPath(example);
    const firstOfPhase = events.findIndex(
      (event) =>
        'itemId' in event &&
        withTest.phase.steps.some((step) =>
          flattenItems(step.items).some((item) => item.id === event.itemId),
        ),
    );
    const actor = run(example.machine, events.slice(0, firstOfPhase));
    const stepRegion = Object.entries(
      example.config.states!['progress']!.states!['running']!.states!,
    ).flatMap(([phaseKey, state]) =>
      Object.entries(state.states ?? {})
        .filter(([, region]) => region.meta?.id === withTest.step.id)
        .map(([stepKey]) => [phaseKey, stepKey] as const),
    )[0]!;
    const stepState = () =>
      ((actor.getSnapshot().value as { progress: { running: Record<string, Record<string, string>> } })
        .progress.running[stepRegion[0]] ?? {})[stepRegion[1]];
    actor.send(testFailed({ itemId: withTest.item.id, runId: 'ci-1', message: 'timeout' }));
    expect(stepState()).toBe('blocked');
    expect(contextOf(actor).groups[withTest.step.id]?.[withTest.item.id]).toEqual({
      status: 'failed',
      evidence: 'ci-1',
    });
    for (const item of flattenItems(withTest.step.items))
      if (item.id !== withTest.item.id && item.kind !== 'test') actor.send(itemChecked({ itemId: item.id }));
    expect(stepState()).toBe('blocked');
    actor.send(testPassed({ itemId: withTest.item.id, runId: 'ci-2' }));
    for (const item of flattenItems(withTest.step.items))
      if (item.kind === 'test') actor.send(testPassed({ itemId: item.id, runId: 'ci-2' }));
    expect(stepState()).toBe('done');
    expect(contextOf(actor).groups[withTest.step.id]?.[withTest.item.id]).toEqual({
      status: 'done',
      evidence: 'ci-2',
    });
  });

  it.each(cases)('%s: an abort ends progress in the final aborted state', (_name, example) => {
    const actor = run(example.machine, [
      launchStarted(),
      ...finishPhase(example.plan.phases[0]!).slice(0, 2),
      launchAborted({ reason: 'budget', by: 'ceo', at: '2025-03-04T00:00:00Z' }),
    ]);
    expect(progressOf(actor)).toBe('aborted');
    expect(contextOf(actor).aborted).toEqual({ reason: 'budget', by: 'ceo', at: '2025-03-04T00:00:00Z' });
    expect(actor.getSnapshot().can(launchStarted())).toBe(false);
    expect(
      actor.getSnapshot().can(itemChecked({ itemId: example.plan.phases[0]!.steps[0]!.items[0]!.id })),
    ).toBe(false);
    expect(explainRejection(example.layout, actor.getSnapshot(), launchResumed())).toEqual({
      _tag: 'NotHandled',
      eventType: 'launch.resumed',
      states: ['progress.aborted', 'health.healthy'],
    });
  });
});
