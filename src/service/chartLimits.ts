/**
 * How large a launch's statechart may be before the service refuses its plan. Reading a plan runs
 * in a worker, but compiling it to a machine and creating the launch run on the event loop, and
 * grow faster than the plan: on a 2-core machine one phase of 500 steps blocked the loop 90 ms,
 * 5,000 steps 1.4 s, and a plan of 10,000 headings took 31 s with `/healthz` waiting 3 s (issue
 * 23); 5,000 items cost 170–290 ms. The biggest real plans read so far have 8 phases, 40 steps and
 * 96 items, far inside the limits.
 */
import type { Plan } from '../plan/model.ts';
import { planItems } from '../plan/query.ts';
import type { HttpError } from './reply.ts';

/** The most states (phases, steps, gates, rollback steps) and items a plan's chart may have. */
export interface ChartLimits {
  states: number;
  items: number;
}

export const DEFAULT_CHART_LIMITS: ChartLimits = { states: 500, items: 3000 };

/**
 * The refusal of a plan whose chart is past the limits (422 `ChartTooLarge`), or `undefined`.
 *
 * @example
 * chartTooLarge(plan, DEFAULT_CHART_LIMITS) // { status: 422, kind: 'ChartTooLarge', message: 'the plan compiles to 5,003 states …' }
 */
export function chartTooLarge(plan: Plan, limits: ChartLimits): HttpError | undefined {
  const states =
    plan.phases.length +
    plan.phases.reduce((sum, phase) => sum + phase.steps.length, 0) +
    plan.gates.length +
    (plan.rollback?.steps.length ?? 0);
  const items = planItems(plan).length;
  if (states <= limits.states && items <= limits.items) return undefined;
  return {
    status: 422,
    kind: 'ChartTooLarge',
    message: `the plan compiles to ${states} states (phases, steps, gates, rollback steps) and ${items} items; the service takes at most ${limits.states} and ${limits.items}: split the launch into several plans`,
    details: { states, items, limits },
  };
}
