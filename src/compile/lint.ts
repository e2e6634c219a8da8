/**
 * Static checks on a compiled plan, each finding with the Markdown line it concerns:
 * unreachable states and states with no way out (errors: the chart cannot finish), gates
 * without criteria or naming unknown items, phases without items, no rollback protocol, steps
 * without an owner when the plan names owners elsewhere, and what the reader could not read.
 */
import type { Plan } from '../plan/model.ts';
import { phaseItems } from '../plan/query.ts';
import { compilePlan } from './config.ts';
import type { LaunchMachineConfig } from './configTypes.ts';
import { configGraph, pathText, reachableStates, type GraphNode } from './graph.ts';

export type LintSeverity = 'error' | 'warning' | 'info';

export interface LintFinding {
  severity: LintSeverity;
  code: string;
  message: string;
  /** 1-based Markdown line (0 when the finding has no place in the source). */
  line: number;
  /** Dotted state path, for findings about the chart. */
  state?: string;
}

function lineOf(node: GraphNode | null): number {
  for (let current = node; current; current = current.parent)
    if (current.config.meta?.line) return current.config.meta.line;
  return 0;
}

function chartFindings(config: LaunchMachineConfig): LintFinding[] {
  const graph = configGraph(config);
  const reached = reachableStates(graph);
  const findings: LintFinding[] = [];
  const leaving = new Set(graph.edges.filter((edge) => edge.to !== null).map((edge) => edge.from));
  for (const node of graph.nodes) {
    const state = pathText(node.path);
    if (!reached.has(node))
      findings.push({
        severity: 'error',
        code: 'unreachable-state',
        message: `state ${state} can never be entered`,
        line: lineOf(node),
        state,
      });
    const atomic = Object.keys(node.config.states ?? {}).length === 0;
    if (!atomic || node.config.type === 'final' || node.config.type === 'history' || node.path.length === 0)
      continue;
    let wayOut = false;
    for (let current: GraphNode | null = node; current && !wayOut; current = current.parent)
      wayOut = leaving.has(current);
    if (!wayOut)
      findings.push({
        severity: 'error',
        code: 'dead-end-state',
        message: `state ${state} is not final and no event leads out of it`,
        line: lineOf(node),
        state,
      });
  }
  return findings;
}

/**
 * Reader diagnostics that mean part of the plan was not read, or was read on a close call:
 * lint repeats them as warnings.
 */
const READER_LOSSES = new Set([
  'unread-checkboxes',
  'unread-items',
  'unread-rows',
  'gate-without-phase',
  'box-mark-disagree',
  'boxes-in-template',
  'role-uncertain',
  'window-outside-phase',
]);

function planFindings(plan: Plan): LintFinding[] {
  const findings: LintFinding[] = [];
  const known = new Set(plan.phases.flatMap(phaseItems).map((item) => item.id));
  for (const gate of plan.gates) {
    if (gate.criteria.length === 0)
      findings.push({
        severity: 'warning',
        code: 'gate-without-criteria',
        message: `gate "${gate.title}" has no criteria: "go" passes on health alone`,
        line: gate.pos.line,
      });
    const unknown = gate.criteria.filter((id) => !known.has(id));
    if (unknown.length > 0)
      findings.push({
        severity: 'error',
        code: 'gate-unknown-criteria',
        message: `gate "${gate.title}" names items the plan does not have: ${unknown.join(', ')}`,
        line: gate.pos.line,
      });
  }
  for (const phase of plan.phases) {
    if (phaseItems(phase).length === 0)
      findings.push({
        severity: 'warning',
        code: 'phase-without-items',
        message: `phase "${phase.title}" has no items: the launch passes it at once`,
        line: phase.pos.line,
      });
  }
  if (!plan.rollback || plan.rollback.steps.length === 0) {
    findings.push({
      severity: 'warning',
      code: 'no-rollback-protocol',
      message:
        'the plan has no rollback protocol: rolling back uses one generic step, "Restore the previous version"',
      line: 1,
    });
  }
  const steps = plan.phases.flatMap((phase) => phase.steps);
  const someOwned = steps.some((step) => step.owners.length > 0);
  if (someOwned || plan.roles.length > 0) {
    for (const step of steps.filter((s) => s.owners.length === 0)) {
      findings.push({
        severity: someOwned ? 'warning' : 'info',
        code: 'step-without-owner',
        message: `step "${step.title}" has no owner while the plan names ${someOwned ? 'owners of other steps' : `roles (${plan.roles.slice(0, 3).join(', ')}${plan.roles.length > 3 ? ', …' : ''})`}`,
        line: step.pos.line,
      });
    }
  }
  // What the reader could not turn into work or notes: checkboxes, list items, table rows.
  for (const diagnostic of plan.diagnostics.filter((candidate) => READER_LOSSES.has(candidate.code))) {
    findings.push({
      severity: 'warning',
      code: diagnostic.code,
      message: diagnostic.message,
      line: diagnostic.line,
    });
  }
  if (plan.phases.length === 0)
    findings.push({
      severity: 'error',
      code: 'no-phases',
      message: 'the plan has no phase: the launch goes from ready straight to its end',
      line: 1,
    });
  return findings;
}

/**
 * Lints a plan and its compiled chart (compiled here unless given), findings sorted by line.
 *
 * @example
 * const errors = lintPlan(plan).filter((finding) => finding.severity === 'error');
 */
export function lintPlan(plan: Plan, config: LaunchMachineConfig = compilePlan(plan).config): LintFinding[] {
  return [...chartFindings(config), ...planFindings(plan)].sort(
    (a, b) => a.line - b.line || a.code.localeCompare(b.code),
  );
}
