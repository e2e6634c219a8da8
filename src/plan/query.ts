/** Small read-only queries over a plan, shared by the compiler, the checklist and the CLI. */
import type { Item, Phase, Plan, Step } from './model.ts';

/** Every item of a list and its descendants, depth first, in document order. */
export function flattenItems(items: readonly Item[]): Item[] {
  return items.flatMap((item) => [item, ...flattenItems(item.children)]);
}

/** The ids of a phase's step items, depth first: what a gate after the phase waits on by default. */
export function stepItemIds(phase: Phase): string[] {
  return phase.steps.flatMap((step) => flattenItems(step.items)).map((item) => item.id);
}

/** Every item of a phase, its steps' and then its deliverables', each list depth first. */
export function phaseItems(phase: Phase): Item[] {
  return [...phase.steps.flatMap((step) => flattenItems(step.items)), ...flattenItems(phase.deliverables)];
}

/** Every item of the plan's steps with the step and phase that hold it. */
export function planItems(plan: Plan): { item: Item; step: Step; phase: Phase }[] {
  return plan.phases.flatMap((phase) =>
    phase.steps.flatMap((step) => flattenItems(step.items).map((item) => ({ item, step, phase }))),
  );
}

/** Checkbox counts of a plan that did not come from Markdown: items carrying a checkbox. */
export function countItemsWithCheckbox(plan: Plan): { checkboxes: number; checked: number } {
  const boxed = planItems(plan).filter(({ item }) => item.checkbox !== null);
  return { checkboxes: boxed.length, checked: boxed.filter(({ item }) => item.done).length };
}
