import { describe, expect, it } from 'vitest';
import { explainRejection, formatExplanation } from '../../src/compile/explain.ts';
import {
  alertResolved,
  gateDecided,
  itemChecked,
  itemUnchecked,
  launchStarted,
  testPassed,
} from '../../src/events/factories.ts';
import { loadExamples, run } from './drive.ts';

const mbayar = (await loadExamples()).find((example) => example.name === 'mbayar-go-live')!;
const firstItem = mbayar.plan.phases[0]!.steps[0]!.items.find((item) => !item.done)!;

describe('explainRejection', () => {
  it('should say Accepted when the state takes the event', () => {
    const actor = run(mbayar.machine, []);
    expect(explainRejection(mbayar.layout, actor.getSnapshot(), launchStarted())).toEqual({
      _tag: 'Accepted',
    });
  });

  it('should name an item the plan does not have', () => {
    const actor = run(mbayar.machine, [launchStarted()]);
    const explanation = explainRejection(
      mbayar.layout,
      actor.getSnapshot(),
      itemChecked({ itemId: 'ghost' }),
    );
    expect(explanation).toEqual({ _tag: 'UnknownItem', itemId: 'ghost' });
    expect(formatExplanation(explanation)).toBe('no item "ghost" in this plan');
  });

  it('should report an event that does not decode, with the field', () => {
    const actor = run(mbayar.machine, []);
    expect(explainRejection(mbayar.layout, actor.getSnapshot(), { type: 'item.checked' })).toMatchObject({
      _tag: 'InvalidEvent',
      error: { _tag: 'InvalidEventData', errors: [{ path: 'itemId' }] },
    });
    expect(explainRejection(mbayar.layout, actor.getSnapshot(), { type: 'item.sparkled' })).toMatchObject({
      _tag: 'InvalidEvent',
      error: { _tag: 'UnknownEventType' },
    });
  });

  it('should name the states when no active state handles the event', () => {
    const actor = run(mbayar.machine, []);
    expect(
      explainRejection(
        mbayar.layout,
        actor.getSnapshot(),
        gateDecided({ gateId: mbayar.plan.gates[0]!.id, decision: 'go' }),
      ),
    ).toEqual({
      _tag: 'NotHandled',
      eventType: 'gate.decided',
      states: ['progress.ready', 'health.healthy'],
    });
    expect(
      explainRejection(mbayar.layout, actor.getSnapshot(), alertResolved({ alertId: 'x' })),
    ).toMatchObject({ _tag: 'NotHandled', eventType: 'alert.resolved' });
  });

  it('should name the guard, its state and the open criteria when "go" comes too early', () => {
    const actor = run(mbayar.machine, [launchStarted()]);
    expect(actor.getSnapshot().can(gateDecided({ gateId: mbayar.plan.gates[0]!.id, decision: 'go' }))).toBe(
      false,
    );
    const explanation = explainRejection(
      mbayar.layout,
      actor.getSnapshot(),
      testPassed({ itemId: firstItem.id }),
    );
    expect(explanation).toMatchObject({
      _tag: 'GuardFailed',
      guard: 'testChangeable',
      state: 'progress.running',
    });
    expect(formatExplanation(explanation)).toMatch(/is a (task|check) item, not a test/);
  });

  it('should refuse a change to an item whose step is done, saying so', () => {
    const step = mbayar.plan.phases[0]!.steps[0]!;
    const actor = run(mbayar.machine, [
      launchStarted(),
      ...step.items.filter((item) => !item.done).map((item) => itemChecked({ itemId: item.id })),
    ]);
    const uncheck = itemUnchecked({ itemId: firstItem.id });
    expect(actor.getSnapshot().can(uncheck)).toBe(false);
    expect(explainRejection(mbayar.layout, actor.getSnapshot(), uncheck)).toMatchObject({
      _tag: 'GuardFailed',
      guard: 'itemChangeable',
      // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- vitest types asymmetric matchers as any, to stand in for any field
      reason: expect.stringMatching(/is already done/),
    });
    expect(actor.getSnapshot().can(itemChecked({ itemId: firstItem.id, by: 'auditor' }))).toBe(true);
  });
});
