/**
 * The fast fold must give exactly the snapshot a plain XState actor gives, event by event, for
 * any sequence of events on any example plan, accepted or refused.
 */
import fc from 'fast-check';
import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { compiledPlan, rollbackOf } from '../../src/compile/index.ts';
import { itemChecked, itemUnchecked, launchStarted } from '../../src/events/factories.ts';
import type { LaunchEvent } from '../../src/events/vocabulary.ts';
import { planItems } from '../../src/plan/query.ts';
import { normalizeSnapshot } from '../../src/compile/snapshot.ts';
import { createFold } from '../../src/launch/fold.ts';
import { arbitraryLaunchEvents } from '../../src/testing/arbitraries.ts';
import { EXAMPLE_IDS, readExample } from '../support/examples.ts';
import { happyPath, loadExamples } from '../compile/drive.ts';
import { fcParams } from '../testing/seed.ts';

describe('the replay fold', () => {
  for (const id of EXAMPLE_IDS) {
    it(`should equal a plain actor loop on random events for ${id}`, () => {
      const { plan } = readExample(id);
      const { machine, layout } = compiledPlan(plan);
      // Bias items towards the first open phases, where most events of a real launch land.
      const entries = planItems(plan);
      const vocabulary = {
        items: entries.slice(0, 60).map(({ item }) => item.id),
        tests: entries
          .filter(({ item }) => item.kind === 'test')
          .slice(0, 20)
          .map(({ item }) => item.id),
        gates: plan.gates.map((gate) => gate.id),
        rollbackSteps: rollbackOf(plan).steps.map((step) => step.id),
        steps: plan.phases.flatMap((phase) => phase.steps.slice(0, 3).map((step) => step.id)),
      };
      fc.assert(
        fc.property(arbitraryLaunchEvents(vocabulary, 80), (events) => {
          const actor = createActor(machine).start();
          const fold = createFold(machine, layout);
          for (const event of events) {
            actor.send(event);
            fold.apply(event);
            expect(fold.snapshot().value).toEqual(actor.getSnapshot().value);
          }
          expect(fold.snapshot()).toEqual(normalizeSnapshot(actor.getPersistedSnapshot() as never));
        }),
        fcParams(40),
      );
    });
  }

  it('should equal a plain actor loop along each happy path with random events mixed in', async () => {
    for (const example of await loadExamples()) {
      const path = happyPath(example);
      const vocabulary = {
        items: planItems(example.plan).map(({ item }) => item.id),
        tests: planItems(example.plan)
          .filter(({ item }) => item.kind === 'test')
          .map(({ item }) => item.id),
        gates: example.plan.gates.map((gate) => gate.id),
        rollbackSteps: rollbackOf(example.plan).steps.map((step) => step.id),
        steps: example.plan.phases.flatMap((phase) => phase.steps.map((step) => step.id)),
      };
      fc.assert(
        fc.property(
          arbitraryLaunchEvents(vocabulary, 12),
          fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
          (noise, positions) => {
            const events: LaunchEvent[] = [...path];
            noise
              .slice(1)
              .forEach((event, index) =>
                events.splice((positions[index] ?? 0) % (events.length + 1), 0, event),
              );
            const actor = createActor(example.machine).start();
            const fold = createFold(example.machine, example.layout);
            for (const event of events) {
              actor.send(event);
              fold.apply(event);
            }
            expect(fold.snapshot()).toEqual(normalizeSnapshot(actor.getPersistedSnapshot() as never));
          },
        ),
        fcParams(15),
      );
    }
  });

  it('should take the fast path for item changes that move no state', () => {
    const { plan } = readExample('techplus-v1');
    const { machine, layout } = compiledPlan(plan);
    const fold = createFold(machine, layout);
    fold.apply(launchStarted({ at: '2025-03-01T08:00:00.000Z' }));
    const open = planItems(plan).filter(({ item, phase }) => !item.done && phase.id === plan.phases[1]?.id);
    for (let index = 0; index < 1000; index += 1) {
      const itemId = open[index % 7]?.item.id ?? '';
      fold.apply(
        index % 2
          ? itemUnchecked({ itemId, at: '2025-03-01T08:00:00.000Z' })
          : itemChecked({ itemId, at: '2025-03-01T08:00:00.000Z' }),
      );
    }
    expect(fold.slowEvents).toBeLessThanOrEqual(2);
  });
});
