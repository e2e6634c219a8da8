/**
 * The replay's fast path earns its place on charts it was not written against: on generated
 * plans (gates before the first phase, phases without steps, continuous plans, no-go sent back
 * to fix, nested and already-done items), every chart the compiler writes passes the fast
 * path's support check, and folding random events gives exactly what a plain XState actor
 * gives. A chart that uses what the fast path does not model is refused it, and still replays.
 */
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { createActor, createMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import { compiledPlan } from '../../src/compile/compiled.ts';
import type { LaunchMachineConfig, StateConfig } from '../../src/compile/configTypes.ts';
import { planFastPath } from '../../src/compile/fastPath.ts';
import { completeLayout } from '../../src/compile/layout.ts';
import { itemChecked, launchStarted } from '../../src/events/factories.ts';
import { planItems } from '../../src/plan/query.ts';
import { provideLaunchImplementations } from '../../src/compile/machine.ts';
import { persistedLaunch } from '../../src/compile/snapshot.ts';
import { createFold } from '../../src/launch/fold.ts';
import { arbitraryLaunchEvents, eventVocabularyOf } from '../../src/testing/arbitraries.ts';
import type { LaunchEvent } from '../../src/events/vocabulary.ts';
import type { Plan } from '../../src/plan/model.ts';
import { generatePaths } from '../../src/testing/paths.ts';
import { arbitraryPlan } from '../../src/testing/planArbitrary.ts';
import { EXAMPLE_IDS, readExample } from '../support/examples.ts';
import { fcParams } from '../testing/seed.ts';

/** A generated plan and a few hundred random events over its ids (runs of events, each from a start). */
const planAndEvents = arbitraryPlan().chain((plan) =>
  fc.tuple(
    fc.constant(plan),
    fc
      .array(arbitraryLaunchEvents(eventVocabularyOf(compiledPlan(plan).config), 60), {
        minLength: 2,
        maxLength: 6,
      })
      .map((runs) => runs.flat()),
  ),
);

/** Folds events and runs them through a plain actor, comparing the two after each event. */
function foldAsActor(plan: Plan, events: readonly LaunchEvent[]): void {
  const { machine, layout, fastPath } = compiledPlan(plan);
  const actor = createActor(machine).start();
  const fold = createFold(machine, layout, undefined, fastPath);
  for (const event of events) {
    expect(fold.apply(event)).toBe(actor.getSnapshot().can(event));
    actor.send(event);
    expect(fold.snapshot().value).toEqual(actor.getSnapshot().value);
  }
  expect(fold.snapshot()).toEqual(persistedLaunch(actor.getPersistedSnapshot()));
}

describe('the replay fast path', () => {
  it('should be supported by every example chart', () => {
    for (const id of EXAMPLE_IDS)
      expect(compiledPlan(readExample(id).plan).fastPath).toMatchObject({ _tag: 'Supported' });
  });

  it('should be supported by every generated chart, and fold random events as a plain actor loop does', () => {
    fc.assert(
      fc.property(planAndEvents, ([plan, events]) => {
        expect(compiledPlan(plan).fastPath).toMatchObject({ _tag: 'Supported' });
        foldAsActor(plan, events);
      }),
      fcParams(100),
    );
  });

  it('should fold as a plain actor loop along paths that take every transition of a generated chart', () => {
    fc.assert(
      fc.property(arbitraryPlan(), (plan) => {
        const suite = generatePaths(compiledPlan(plan));
        if (E.isLeft(suite)) throw new Error(suite.left.message);
        for (const path of suite.right.paths)
          foldAsActor(
            plan,
            path.steps.flatMap((step) => step.events),
          );
      }),
      fcParams(25),
    );
  });

  it.each([
    [
      'exit actions',
      (config: Chart) =>
        Object.assign(stateAt(config, ['progress', 'ready']), { exit: [{ type: 'recordAbort' }] }),
      /progress\.ready has exit actions/,
    ],
    [
      'one event handled side by side in a parallel state',
      (config: Chart) => {
        const phase = stateAt(config, ['progress', 'running', firstPhaseKey(config)]);
        for (const region of Object.values(phase.states ?? {}))
          region.on = { 'item.checked': { actions: [{ type: 'recordAbort' }] } };
      },
      /item\.checked is handled by .* and .*, which can be active together/,
    ],
    [
      'an eventless guard that reads no context field',
      (config: Chart) => {
        stateAt(config, ['progress', 'ready']).always = [
          { target: 'aborted', guard: { type: 'noGoDecided', params: { gate: 'none' } } },
        ];
      },
      /the eventless guard noGoDecided of progress\.ready reads no context field/,
    ],
    [
      'a target for an event the registry says cannot move a state',
      (config: Chart) => {
        stateAt(config, ['progress', 'ready']).on = { 'deadline.reached': { target: 'aborted' } };
      },
      /deadline\.reached cannot move a state \(registry\) but progress\.ready gives it a target/,
    ],
  ])('should refuse a chart with %s, and still fold it as XState does', (_what, edit, reason) => {
    const { plan } = readExample('mbayar-go-live');
    const { config } = compiledPlan(plan);
    const edited = structuredClone(config);
    edit(edited);
    const layout = completeLayout(edited, compiledPlan(plan).layout);
    const machine = provideLaunchImplementations(createMachine(edited));
    const fastPath = planFastPath(machine, layout);
    expect(fastPath._tag === 'Refused' ? fastPath.reasons.join('\n') : 'supported').toMatch(reason);
    const events = [
      launchStarted(),
      ...planItems(plan)
        .slice(0, 20)
        .map(({ item }) => itemChecked({ itemId: item.id })),
    ];
    const actor = createActor(machine).start();
    const fold = createFold(machine, layout, undefined, fastPath);
    for (const event of events) {
      fold.apply(event);
      actor.send(event);
    }
    expect(fold.snapshot()).toEqual(persistedLaunch(actor.getPersistedSnapshot()));
  });
});

type Chart = LaunchMachineConfig;

/** The state at a path of a config (the test edits it in place). */
function stateAt(config: Chart, path: readonly string[]): StateConfig {
  let node: StateConfig | undefined = config;
  for (const key of path) node = node?.states?.[key];
  if (!node) throw new Error(`no state ${path.join('.')}`);
  return node;
}

/** The key of the first phase with regions under `progress.running`. */
function firstPhaseKey(config: Chart): string {
  const running = stateAt(config, ['progress', 'running']);
  const key = Object.entries(running.states ?? {}).find(([, state]) => state.type === 'parallel')?.[0];
  if (key === undefined) throw new Error('no phase with regions');
  return key;
}
