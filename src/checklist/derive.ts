/**
 * The checklist: a pure function of the plan and a replayed snapshot. Per phase, step and item
 * the status, who and when, the evidence; progress per phase and overall; and what blocks the
 * launch (open alerts, failed tests, pending gates, overdue deadlines).
 */
import { checklistGateTimeout, type ChecklistGateTimeout } from './gateTimeout.ts';
import {
  itemGroups,
  rollbackOf,
  SETTLED,
  type CommentRecord,
  type ItemState,
  type LaunchContext,
} from '../compile/context.ts';
import { launchStatus, type ChartLayout, type LaunchStatus } from '../compile/layout.ts';
import { windowEnd } from '../launch/deadlines.ts';
import type { Plan, Window } from '../plan/model.ts';

export type ItemStatusName = 'done' | 'pending' | 'failed' | 'waived' | 'skipped';

export interface ChecklistItem {
  id: string;
  text: string;
  kind: string;
  status: ItemStatusName;
  by: string | null;
  at: string | null;
  evidence: string | null;
  line: number;
  /** Comments on the item (`item.commented`), oldest first; left out when there are none. */
  comments?: ChecklistComment[];
}

/** A comment on an item. */
export interface ChecklistComment {
  text: string;
  by: string | null;
  at: string | null;
}

export interface Progress {
  done: number;
  total: number;
}

export interface ChecklistStep {
  id: string;
  title: string;
  /** `skipped`: an operator skipped it (`step.skipped`); its open items show as skipped, not done. */
  status: 'done' | 'skipped' | 'active' | 'blocked' | 'pending';
  overdue: boolean;
  owners: string[];
  window: string | null;
  /** When the window ends, as a date: null until its anchor (the start, go-live) is known. */
  due: string | null;
  progress: Progress;
  items: ChecklistItem[];
}

export interface ChecklistPhase {
  id: string;
  title: string;
  status: 'done' | 'active' | 'pending';
  continuous: boolean;
  window: string | null;
  /** When the phase's window ends, as a date (null until its anchor is known). */
  due: string | null;
  /** Its deadline was reached with the phase not done. */
  overdue: boolean;
  progress: Progress;
  steps: ChecklistStep[];
  deliverables: ChecklistItem[];
}

export interface ChecklistGate {
  id: string;
  title: string;
  /** `skipped`: its timeout (`onTimeout: skip`) passed it without a decision. */
  status: 'pending' | 'waiting' | 'go' | 'no-go' | 'skipped';
  by: string | null;
  at: string | null;
  reason: string | null;
  /** How long it waits and what then, for a gate with a timeout (see `gateTimeout.ts`). */
  timeout?: ChecklistGateTimeout;
}

/** An open alert as the monitoring system described it, and when the launch recorded it. */
export interface ChecklistAlert {
  id: string;
  name: string | null;
  summary: string | null;
  severity: string | null;
  metric: string | null;
  value: number | null;
  since: string | null;
  by: string | null;
}

export type Blocker =
  | { kind: 'alert'; id: string; message: string }
  | { kind: 'failed-test'; id: string; message: string }
  | { kind: 'pending-gate'; id: string; message: string }
  | { kind: 'overdue'; id: string; message: string };

export interface Checklist {
  stream: string;
  version: number;
  planId: string;
  planHash: string;
  /** Where the launch is: ready, running, rolling-back, rolled-back, completed, operating, aborted. */
  state: LaunchStatus;
  /** The active phase or gate ids, in plan order. */
  current: string[];
  /** The anchors of the plan's windows: when the launch started and goes live (null until known). */
  schedule: { startedAt: string | null; goLiveAt: string | null };
  health: 'healthy' | 'degraded';
  progress: Progress;
  phases: ChecklistPhase[];
  gates: ChecklistGate[];
  rollback: { status: 'idle' | 'rolling-back' | 'rolled-back'; steps: ChecklistItem[]; count: number };
  /** The open alerts, oldest first. */
  alerts: ChecklistAlert[];
  blockers: Blocker[];
  /** Pauses (`launch.paused`): the one in progress (null when running), how many, and the time paused that ended. */
  pause: {
    since: string | null;
    by: string | null;
    reason: string | null;
    count: number;
    pausedMs: number;
  } | null;
}

/** What the checklist needs of a snapshot: its state value and context. */
export interface SnapshotView {
  value: unknown;
  context: LaunchContext;
}

function itemView(
  item: { id: string; text: string; kind: string; pos: { line: number } },
  state: ItemState | undefined,
  comments: readonly CommentRecord[] = [],
): ChecklistItem {
  const status = state?.status ?? 'open';
  return {
    id: item.id,
    text: item.text,
    kind: item.kind,
    status: status === 'open' ? 'pending' : status,
    by: state?.by ?? null,
    at: state?.at ?? null,
    evidence: state?.evidence ?? null,
    line: item.pos.line,
    ...(comments.length > 0
      ? { comments: comments.map(({ text, by, at }) => ({ text, by: by ?? null, at: at ?? null })) }
      : {}),
  };
}

function progressOf(items: readonly ChecklistItem[]): Progress {
  return { done: items.filter((item) => SETTLED.has(item.status)).length, total: items.length };
}

function windowText(window: Window | null): string | null {
  return window ? window.raw : null;
}

/** When a window ends as an ISO date, given the launch's anchors; null while they are unknown. */
function dueOf(window: Window | null, started: LaunchContext['started']): string | null {
  if (!window || !started?.at) return null;
  const end = windowEnd(
    window,
    Date.parse(started.at),
    started.goLiveAt ? Date.parse(started.goLiveAt) : null,
  );
  return end === null || !Number.isFinite(end) ? null : new Date(end).toISOString();
}

/**
 * Derives the checklist of a launch from its plan, the layout of its chart and a replayed
 * snapshot (`Launch.checklist()` and `LaunchView.checklist()` call this).
 *
 * @example
 * const checklist = deriveChecklist(plan, compiledPlan(plan).layout, fold.snapshot(), { stream: 'go-live', version: 42 });
 * checklist.progress // { done: 17, total: 63 }
 */
export function deriveChecklist(
  plan: Plan,
  layout: ChartLayout,
  snapshot: SnapshotView,
  position: { stream: string; version: number },
): Checklist {
  const { context } = snapshot;
  const { status: state, current } = launchStatus(layout, snapshot.value);
  const overdue = new Set(Object.keys(context.deadlines).map((id) => id.replace(/^deadline\//, '')));
  const ended = state === 'completed' || state === 'operating';
  const groups = itemGroups(plan);
  const byId = new Map(groups.map((group) => [group.id, group]));
  const itemsOf = (id: string): ChecklistItem[] =>
    (byId.get(id)?.items ?? []).map((item) =>
      itemView(item, context.groups[id]?.[item.id], context.comments?.[item.id]),
    );

  const phases: ChecklistPhase[] = plan.phases.map((phase) => {
    const steps: ChecklistStep[] = phase.steps.map((step) => {
      const items = itemsOf(step.id);
      const progress = progressOf(items);
      const done = progress.done === progress.total || Boolean(context.closed[step.id]);
      const failed = items.some((item) => item.status === 'failed');
      const skipped = Object.hasOwn(context.skipped, step.id);
      return {
        id: step.id,
        title: step.title,
        status: skipped
          ? 'skipped'
          : done
            ? 'done'
            : failed
              ? 'blocked'
              : current.includes(phase.id)
                ? 'active'
                : 'pending',
        overdue: !done && overdue.has(step.id),
        owners: step.owners,
        window: windowText(step.window),
        due: dueOf(step.window, context.started),
        progress,
        items,
      };
    });
    const deliverables = groups
      .filter((group) => group.phase === phase && group.step === null)
      .flatMap((group) => itemsOf(group.id));
    const all = [...steps.flatMap((step) => step.items), ...deliverables];
    const progress = progressOf(all);
    const done = ended || (progress.done === progress.total && !current.includes(phase.id));
    return {
      id: phase.id,
      title: phase.title,
      status: done ? 'done' : current.includes(phase.id) ? 'active' : 'pending',
      continuous: phase.kind === 'continuous',
      window: windowText(phase.window),
      due: dueOf(phase.window, context.started),
      overdue: !done && overdue.has(phase.id),
      progress,
      steps,
      deliverables,
    };
  });

  const gates: ChecklistGate[] = plan.gates.map((gate) => {
    const decision = context.decisions[gate.id];
    const waiting = current.includes(gate.id);
    const timeout = checklistGateTimeout(gate, context);
    const status =
      decision && !(waiting && decision.decision === 'go')
        ? decision.decision
        : waiting
          ? 'waiting'
          : 'pending';
    return {
      id: gate.id,
      title: gate.title,
      // A gate its timeout passed without a decision was skipped, not pending.
      status: status === 'pending' && timeout?.last?.outcome === 'skip' ? 'skipped' : status,
      by: decision?.by ?? null,
      at: decision?.at ?? null,
      reason: decision?.reason ?? null,
      ...(timeout ? { timeout } : {}),
    };
  });

  const rollback = rollbackOf(plan);
  const rollbackSteps = rollback.steps.map((step) =>
    itemView(
      { id: step.id, text: step.title, kind: 'rollback', pos: step.pos },
      context.groups[context.plan.rollbackGroup]?.[step.id],
      context.comments?.[step.id],
    ),
  );

  const blockers: Blocker[] = [
    ...Object.entries(context.alerts).map(([id, alert]) => ({
      kind: 'alert' as const,
      id,
      message: `alert ${alert.name ? `${alert.name} (${id})` : id} open${alert.metric ? ` (${alert.metric})` : ''}${alert.message ? `: ${alert.message}` : ''}${alert.at ? ` since ${alert.at}` : ''}`,
    })),
    ...phases.flatMap((phase) =>
      phase.steps.flatMap((step) =>
        step.items
          .filter((item) => item.status === 'failed')
          .map((item) => ({
            kind: 'failed-test' as const,
            id: item.id,
            message: `test failed: ${item.text}${item.evidence ? ` (${item.evidence})` : ''}`,
          })),
      ),
    ),
    ...gates
      .filter((gate) => gate.status === 'waiting' || (gate.status === 'no-go' && current.includes(gate.id)))
      .map((gate) => ({
        kind: 'pending-gate' as const,
        id: gate.id,
        message: `${gate.title}: waiting for a go decision`,
      })),
    ...phases.flatMap((phase) =>
      [...(phase.overdue ? [phase] : []), ...phase.steps.filter((step) => step.overdue)].map((late) => ({
        kind: 'overdue' as const,
        id: late.id,
        message: `overdue: ${late.title}${late.window ? ` (${late.window}${late.due ? `, due ${late.due}` : ''})` : ''}`,
      })),
    ),
  ];

  const alerts: ChecklistAlert[] = Object.entries(context.alerts)
    .map(([id, alert]) => ({
      id,
      name: alert.name ?? null,
      summary: alert.message ?? null,
      severity: alert.severity ?? null,
      metric: alert.metric ?? null,
      value: alert.value ?? null,
      since: alert.at ?? null,
      by: alert.by ?? null,
    }))
    .sort((a, b) => (a.since ?? '').localeCompare(b.since ?? ''));
  const items = phases.flatMap((phase) => phase.steps.flatMap((step) => step.items));
  return {
    stream: position.stream,
    version: position.version,
    planId: plan.id,
    planHash: plan.hash,
    state,
    current,
    schedule: { startedAt: context.started?.at ?? null, goLiveAt: context.started?.goLiveAt ?? null },
    health: Object.keys(context.alerts).length > 0 ? 'degraded' : 'healthy',
    progress: progressOf(items),
    phases,
    gates,
    rollback: {
      status: state === 'rolling-back' ? 'rolling-back' : state === 'rolled-back' ? 'rolled-back' : 'idle',
      steps: rollbackSteps,
      count: context.rollback?.count ?? 0,
    },
    alerts,
    blockers,
    pause: context.pause
      ? {
          since: context.pause.since?.at ?? null,
          by: context.pause.since?.by ?? null,
          reason: context.pause.since?.reason ?? null,
          count: context.pause.count,
          pausedMs: context.pause.pausedMs,
        }
      : null,
  };
}

/** Item id → whether it counts as done (done or waived; a skipped item is not), for the Markdown renderer. */
export function doneById(checklist: Checklist): Map<string, boolean> {
  const done = new Map<string, boolean>();
  for (const phase of checklist.phases) {
    for (const item of [...phase.steps.flatMap((step) => step.items), ...phase.deliverables])
      done.set(item.id, item.status === 'done' || item.status === 'waived');
  }
  return done;
}
