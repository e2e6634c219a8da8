/**
 * What a careful launch lead reads in a plan, as a compact summary: phases in order with their
 * step and item counts, windows and owners; gates with their criteria; rollback triggers and
 * steps; thresholds; notes; the diagnostics' codes. The corpus expectation files
 * (test/fixtures/plans/*.expected.yaml) are written in this shape, by hand.
 */
import type { Gate, Item, Plan, RollbackStep } from '../../src/plan/model.ts';
import { flattenItems } from '../../src/plan/query.ts';

type Entry = Record<string, unknown>;

/** Only the fields that say something: empty lists, nulls and zero counts are left out. */
function compact(entry: Entry): Entry {
  return Object.fromEntries(
    Object.entries(entry).filter(
      ([, value]) =>
        value !== null &&
        value !== undefined &&
        value !== 0 &&
        !(Array.isArray(value) && value.length === 0) &&
        !(typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0),
    ),
  );
}

function countSteps(steps: readonly RollbackStep[]): number {
  return steps.reduce((sum, step) => sum + 1 + countSteps(step.children ?? []), 0);
}

function gateSummary(plan: Plan, gate: Gate): Entry {
  const before =
    gate.beforePhase === null
      ? 'completion'
      : plan.phases.find((phase) => phase.id === gate.beforePhase)?.title;
  return compact({
    title: gate.title,
    before,
    criteria: gate.criteria.length,
    advisory: gate.advisory?.length,
    origin: gate.origin === 'added' ? 'implied' : undefined,
    stated: gate.stated?.decision,
  });
}

function owned(items: readonly Item[]): Entry {
  return Object.fromEntries(
    flattenItems(items)
      .filter((item) => item.owners?.length)
      .map((item) => [item.text, item.owners]),
  );
}

/** The summary of a plan that the expectation files state. */
export function summarize(plan: Plan): Entry {
  return compact({
    title: plan.title,
    goLive: plan.goLive?.raw,
    phases: plan.phases.map((phase) => {
      const items = phase.steps.flatMap((step) => flattenItems(step.items));
      return compact({
        title: phase.title,
        window: phase.window?.raw,
        duration: phase.duration?.raw,
        continuous: phase.kind === 'continuous' ? true : undefined,
        owners: phase.owners,
        steps: phase.steps.length,
        items: items.length,
        done: items.filter((item) => item.done).length,
        deliverables: phase.deliverables.length,
      });
    }),
    // A step read from its phase's own heading shares the phase's window: said once, on the phase.
    windows: Object.fromEntries(
      plan.phases.flatMap((phase) =>
        phase.steps
          .filter((step) => step.window && step.window.raw !== phase.window?.raw)
          .map((step) => [step.title, step.window?.raw]),
      ),
    ),
    owners: {
      ...Object.fromEntries(
        plan.phases.flatMap((phase) =>
          phase.steps
            .filter((step) => step.owners.length && step.pos.line !== phase.pos.line)
            .map((step) => [step.title, step.owners]),
        ),
      ),
      ...owned(plan.phases.flatMap((phase) => phase.steps.flatMap((step) => step.items))),
    },
    gates: plan.gates.map((gate) => gateSummary(plan, gate)),
    rollback: plan.rollback
      ? compact({
          triggers: (plan.rollback.triggers ?? []).map((trigger) =>
            trigger.rule
              ? `${trigger.rule.metric} ${trigger.rule.comparison} ${trigger.rule.threshold}${trigger.rule.unit}${trigger.rule.sustained ? ` for ${trigger.rule.sustained.raw}` : ''}`
              : trigger.text,
          ),
          steps: plan.rollback.steps.length,
          substeps: countSteps(plan.rollback.steps) - plan.rollback.steps.length,
          alternatives: new Set(plan.rollback.steps.map((step) => step.alternative).filter(Boolean)).size,
          checks: plan.rollback.checks?.length,
        })
      : undefined,
    alerts: plan.alerts.map(
      (rule) =>
        `${rule.metric} ${rule.comparison} ${rule.threshold}${rule.unit}${rule.sustained ? ` for ${rule.sustained.raw}` : ''}${rule.side === 'healthy' ? ' (healthy)' : ''}`,
    ),
    risks: plan.risks.length,
    notes: plan.notes.map((note) => `${note.kind}: ${note.title}`),
    diagnostics: [...new Set(plan.diagnostics.map((diagnostic) => diagnostic.code))].sort(),
  });
}
