import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { alertFired, alertResolved, gateDecided, launchStarted } from '../../src/events/factories.ts';
import { given } from '../../src/testing/givenWhenThen.ts';
import { finishPhase, loadExamples, type Example } from '../compile/drive.ts';

const example = (await loadExamples()).find((candidate) => candidate.name === 'mbayar-go-live') as Example;
const gateId = example.plan.gates[0]?.id as string;
const firstPhase = example.plan.phases[0];

describe('given / when / then', () => {
  it('should refuse "go" while an alert is open, and accept it once resolved', async () => {
    if (!firstPhase) throw new Error('phase');
    const spec = await given(example.plan, [
      launchStarted(),
      ...finishPhase(firstPhase),
      alertFired({ alertId: 'p99' }),
    ]);
    if (E.isLeft(spec)) throw new Error(JSON.stringify(spec.left));
    const refused = await spec.right.when(gateDecided({ gateId, decision: 'go' }));
    expect(refused).toMatchObject({
      _tag: 'Refused',
      error: { _tag: 'NotAcceptedInState', explanation: { _tag: 'GuardFailed', guard: 'goAllowed' } },
    });
    expect((await spec.right.when(alertResolved({ alertId: 'p99' })))._tag).toBe('Accepted');
    const accepted = await spec.right.when(gateDecided({ gateId, decision: 'go' }));
    expect(
      accepted._tag === 'Accepted' && accepted.checklist.gates.find((gate) => gate.id === gateId)?.status,
    ).toBe('go');
  });

  it('should name the given event that was refused', async () => {
    const spec = await given(example.plan, [launchStarted(), launchStarted()]);
    expect(E.isLeft(spec) && spec.left.index).toBe(1);
  });
});
