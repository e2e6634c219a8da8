/**
 * The replay fold and a plain XState actor agree on plans whose gates time out, for any sequence
 * of events, including `gate.timedOut` events that name the wait the launch is in (accepted) or
 * another one (refused).
 */
import fc from 'fast-check';
import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { compiledPlan, rollbackOf } from '../../src/compile/index.ts';
import { normalizeSnapshot } from '../../src/compile/snapshot.ts';
import { createFold } from '../../src/launch/fold.ts';
import { withApprovalPolicies } from '../../src/plan/approvals.ts';
import { planItems } from '../../src/plan/query.ts';
import { arbitraryLaunchEvents } from '../../src/testing/arbitraries.ts';
import { readExample } from '../support/examples.ts';
import { fcParams } from '../testing/seed.ts';
import { finishPhase } from '../compile/drive.ts';
import type { LaunchEvent } from '../../src/events/vocabulary.ts';

const minutesAfter = (index: number) =>
  new Date(Date.parse('2025-03-01T08:00:00.000Z') + index * 60_000).toISOString();

describe('the replay fold with gate timeouts', () => {
  for (const outcome of ['no-go', 'skip', 'escalate'] as const)
    it(`should equal a plain actor loop when gates ${outcome} after a minute`, () => {
      const plan = withApprovalPolicies(readExample('mbayar-go-live').plan, {
        '*': { timeout: '1m', onTimeout: outcome },
      });
      const { machine, layout } = compiledPlan(plan);
      const vocabulary = {
        items: planItems(plan)
          .slice(0, 40)
          .map(({ item }) => item.id),
        tests: [],
        gates: plan.gates.map((gate) => gate.id),
        rollbackSteps: rollbackOf(plan).steps.map((step) => step.id),
        steps: plan.phases.flatMap((phase) => phase.steps.map((step) => step.id)),
      };
      let accepted = 0;
      fc.assert(
        fc.property(arbitraryLaunchEvents(vocabulary, 80), fc.boolean(), (noise, aim) => {
          const actor = createActor(machine).start();
          const fold = createFold(machine, layout);
          // The first phase done first, so that the launch stands at the gate early and often.
          const events = [noise[0]!, ...finishPhase(plan.phases[0]!), ...noise.slice(1)].map(
            (event, index): LaunchEvent => ({ ...event, at: minutesAfter(index) }),
          );
          for (const sent of events) {
            // Half the runs aim their timeouts at the wait the launch is in.
            const wait =
              sent.type === 'gate.timedOut'
                ? actor.getSnapshot().context.gateWaits?.[sent.gateId]
                : undefined;
            const event = aim && wait?.at ? { ...sent, since: wait.at, outcome } : sent;
            const timeout = event.type === 'gate.timedOut' && actor.getSnapshot().can(event);
            actor.send(event);
            fold.apply(event);
            if (timeout) accepted += 1;
            expect(fold.snapshot().value).toEqual(actor.getSnapshot().value);
          }
          expect(fold.snapshot()).toEqual(normalizeSnapshot(actor.getPersistedSnapshot() as never));
        }),
        fcParams(60),
      );
      expect(accepted).toBeGreaterThan(0);
    });
});
