/**
 * Counts for `inspect --stats`: the plan's phases, steps and items, and the document's GFM
 * task-list items (outside code blocks, nested included) and how many are checked.
 */
import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { Item, Plan } from './model.ts';

export interface PlanStats {
  phases: number;
  steps: number;
  items: number;
  checkboxes: number;
  checked: number;
  gates: number;
  alerts: number;
  rollbackSteps: number;
}

function countItems(items: readonly Item[]): number {
  return items.reduce((sum, item) => sum + 1 + countItems(item.children), 0);
}

/** Task-list items of a Markdown tree (code blocks are leaves, so their text never counts). */
export function countTaskItems(root: Root): { checkboxes: number; checked: number } {
  let checkboxes = 0;
  let checked = 0;
  visit(root, 'listItem', (node) => {
    if (node.checked === null || node.checked === undefined) return;
    checkboxes += 1;
    if (node.checked) checked += 1;
  });
  return { checkboxes, checked };
}

/** Stats of a plan; `tasks` comes from the Markdown tree when the plan was read from Markdown. */
export function planStats(plan: Plan, tasks: { checkboxes: number; checked: number }): PlanStats {
  const steps = plan.phases.flatMap((phase) => phase.steps);
  return {
    phases: plan.phases.length,
    steps: steps.length,
    items: steps.reduce((sum, step) => sum + countItems(step.items), 0),
    checkboxes: tasks.checkboxes,
    checked: tasks.checked,
    gates: plan.gates.length,
    alerts: plan.alerts.length,
    rollbackSteps: plan.rollback?.steps.length ?? 0,
  };
}
