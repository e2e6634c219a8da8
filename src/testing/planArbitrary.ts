/**
 * A fast-check arbitrary for whole plans, built as data rather than read from Markdown: phases
 * (sequential or continuous, some empty), steps with task, test and check items (nested, some
 * already done, some with owners), phase deliverables, go/no-go gates before a phase or at the
 * end with criteria and either no-go policy, and a rollback protocol or none. It reaches chart
 * shapes the example plans do not (a gate before the first phase, a phase without steps, a
 * continuous plan, a gate that sends a no-go back), which is what the property tests of the
 * compiler and the replay fold feed on.
 */
import fc from 'fast-check';
import { hashPlan } from '../plan/hash.ts';
import type { Gate, Item, Phase, Plan, Rollback, Step } from '../plan/model.ts';

const pos = { line: 0, endLine: 0 };

/** Items under `prefix`: `<prefix>/i1`, `<prefix>/i2` …, some with children of their own. */
function itemsUnder(prefix: string, depth: number): fc.Arbitrary<Item[]> {
  return fc
    .array(
      fc.record({
        kind: fc.constantFrom<Item['kind'][]>('task', 'task', 'test', 'check'),
        done: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
        nested: depth > 0 ? fc.boolean() : fc.constant(false),
      }),
      { maxLength: depth > 0 ? 4 : 2 },
    )
    .chain((shapes) =>
      fc.tuple(
        ...shapes.map((shape, index) => {
          const id = `${prefix}/i${index + 1}`;
          const children = shape.nested ? itemsUnder(id, depth - 1) : fc.constant<Item[]>([]);
          return children.map((nested): Item => ({
            id,
            text: `item ${id}`,
            kind: shape.kind,
            done: shape.done,
            checkbox: null,
            children: nested,
            pos,
          }));
        }),
      ),
    );
}

function stepArbitrary(phaseId: string, index: number): fc.Arbitrary<Step> {
  const id = `${phaseId}/s${index + 1}`;
  return fc.record({ items: itemsUnder(id, 1), owned: fc.boolean() }).map(({ items, owned }) => ({
    id,
    title: `step ${id}`,
    group: null,
    items,
    window: null,
    owners: owned ? ['ops'] : [],
    code: [],
    pos,
  }));
}

function phaseArbitrary(index: number): fc.Arbitrary<Phase> {
  const id = `p${index + 1}`;
  return fc
    .record({
      continuous: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
      steps: fc.integer({ min: 0, max: 3 }),
      deliverables: itemsUnder(`${id}/d`, 0),
    })
    .chain(({ continuous, steps, deliverables }) =>
      fc
        .tuple(...Array.from({ length: steps }, (_, step) => stepArbitrary(id, step)))
        .map((built): Phase => ({
          id,
          title: `phase ${id}`,
          kind: continuous ? 'continuous' : 'sequential',
          window: null,
          duration: null,
          objectives: [],
          deliverables,
          steps: built,
          pos,
        })),
    );
}

/** Every item id of some phases, nested ones included. */
const itemIds = (phases: readonly Phase[]): string[] => {
  const ids = (items: readonly Item[]): string[] => items.flatMap((item) => [item.id, ...ids(item.children)]);
  return phases.flatMap((phase) => [
    ...phase.steps.flatMap((step) => ids(step.items)),
    ...ids(phase.deliverables),
  ]);
};

function gatesFor(phases: readonly Phase[]): fc.Arbitrary<Gate[]> {
  const items = itemIds(phases);
  return fc
    .array(
      fc.record({
        before: fc.option(fc.constantFrom(...phases.map((phase) => phase.id)), { nil: null }),
        criteria:
          items.length > 0
            ? fc.subarray(items, { maxLength: Math.min(3, items.length) })
            : fc.constant<string[]>([]),
        onNoGo: fc.constantFrom<Gate['onNoGo'][]>('hold', 'fix'),
      }),
      { maxLength: 2 },
    )
    .map((gates) =>
      gates.map((gate, index): Gate => ({
        id: `gate/g${index + 1}`,
        title: `gate ${index + 1}`,
        beforePhase: gate.before,
        criteria: gate.criteria,
        onNoGo: gate.onNoGo,
        origin: 'plan',
        pos,
      })),
    );
}

const rollbackArbitrary: fc.Arbitrary<Rollback | null> = fc.option(
  fc.integer({ min: 1, max: 3 }).map((steps): Rollback => ({
    id: 'rollback/protocol',
    title: 'Rollback',
    trigger: null,
    steps: Array.from({ length: steps }, (_, index) => ({
      id: `rollback/protocol/s${index + 1}`,
      title: `rollback step ${index + 1}`,
      text: `rollback step ${index + 1}`,
      condition: index === 1 ? 'if the data moved' : null,
      pos,
    })),
    pos,
  })),
  { nil: null },
);

/**
 * A whole plan: 1 to 4 phases, gates, a rollback protocol or none; its hash is its content's.
 *
 * @example
 * fc.assert(fc.property(arbitraryPlan(), (plan) => compilePlan(plan).layout.running.length > 0));
 */
export const arbitraryPlan = (): fc.Arbitrary<Plan> =>
  fc
    .integer({ min: 1, max: 4 })
    .chain((phases) => fc.tuple(...Array.from({ length: phases }, (_, index) => phaseArbitrary(index))))
    .chain((phases) =>
      fc.record({ phases: fc.constant(phases), gates: gatesFor(phases), rollback: rollbackArbitrary }),
    )
    .map(({ phases, gates, rollback }) => {
      const plan: Plan = {
        id: 'generated',
        title: 'A generated plan',
        hash: '',
        phases,
        gates,
        rollback,
        alerts: [],
        risks: [],
        notes: [],
        schedule: [],
        roles: [],
        diagnostics: [],
      };
      return { ...plan, hash: hashPlan(plan) };
    });
