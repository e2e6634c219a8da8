/**
 * The machine's context: what a launch knows beyond its state. Items live here (plans have
 * hundreds), grouped by the step (or deliverables list, or rollback protocol) that holds them,
 * so an item event copies one small group and the list of groups, never every item.
 * Everything is plain JSON: the context is persisted in snapshots.
 */
import type { TimeoutOutcome } from '../plan/gateTimeout.ts';
import type { Item, ItemKind, Phase, Plan, Step } from '../plan/model.ts';
import { flattenItems } from '../plan/query.ts';

export type ItemStatus = 'open' | 'done' | 'failed' | 'waived' | 'skipped';

/**
 * Statuses that settle an item: it no longer holds its step, gate or rollback back. A skipped
 * item (its step skipped by an operator, `step.skipped`) settles it without being done.
 */
export const SETTLED: ReadonlySet<string> = new Set<ItemStatus>(['done', 'waived', 'skipped']);

/** One item's live state: status, and who/when/evidence from the last event that changed it. */
export interface ItemState {
  status: ItemStatus;
  by?: string;
  at?: string;
  /** Test run id, alert id, URL or ticket backing the last change. */
  evidence?: string;
}

/** Static facts about an item, never reassigned after the machine starts. */
export interface ItemFacts {
  /** The group (step id, `<phase id>#deliverables`, or the rollback id) holding the item. */
  group: string;
  kind: ItemKind | 'rollback';
}

export interface AlertState {
  at?: string;
  by?: string;
  ruleId?: string;
  metric?: string;
  value?: number;
  message?: string;
  /** The alert's name and severity as the monitoring system gave them. */
  name?: string;
  severity?: string;
}

export interface DecisionRecord {
  decision: 'go' | 'no-go';
  at?: string;
  by?: string;
  reason?: string;
  /** Everyone whose approval made the go (a gate with an approval policy). */
  approvers?: string[];
}

export interface RecordedAt {
  at?: string;
  by?: string;
  reason?: string;
}

/** When the launch started, and when it goes live (anchors the T-2h … T+1h windows). */
export interface Started extends RecordedAt {
  goLiveAt?: string;
}

/** Pauses of the launch (`launch.paused` … `launch.resumed`): the one in progress, and the time paused so far. */
export interface PauseRecord {
  /** The pause in progress (null once resumed). */
  since: RecordedAt | null;
  /** Pauses so far, the current one included. */
  count: number;
  /** Milliseconds paused, over the pauses that ended (record time of resume − of pause). */
  pausedMs: number;
  /** The last resume. */
  resumed: RecordedAt | null;
}

/** An operator's retry of a step (`step.retried`): the last one, and how many. */
export interface RetryRecord extends RecordedAt {
  count: number;
}

/** The static index: what guards and actions look up, built once by the compiler. */
export interface PlanIndex {
  id: string;
  hash: string;
  items: Record<string, ItemFacts>;
  /** Gate id → ids of the items that must be done (or waived) for "go". */
  gates: Record<string, string[]>;
  /** Group holding the rollback steps. */
  rollbackGroup: string;
  /** The deadlines the plan's windows give (`deadlineIds`): the only ids `deadline.reached` may name. */
  deadlines: string[];
}

export interface LaunchContext {
  plan: PlanIndex;
  /** Group id → item id → state. */
  groups: Record<string, Record<string, ItemState>>;
  /** Groups whose step reached its final state: their items no longer change. */
  closed: Record<string, true>;
  /**
   * The record time of the event that closed the last group: a phase's end (XState's done event)
   * carries no time, so a gate reached through it waits from here. Absent from older snapshots.
   */
  closedAt?: string;
  /** Open alerts, by alert id: the launch is healthy when this is empty. */
  alerts: Record<string, AlertState>;
  /** Last decision of each gate. */
  decisions: Record<string, DecisionRecord>;
  /** Deadlines reached, by deadline id. */
  deadlines: Record<string, RecordedAt>;
  started: Started | null;
  rollback: {
    requested: RecordedAt;
    completed: RecordedAt | null;
    resumed: RecordedAt | null;
    count: number;
  } | null;
  aborted: RecordedAt | null;
  revisions: { fromHash: string; toHash: string; at?: string; by?: string }[];
  /** Comments on items (`item.commented`), by item id, oldest first. Absent from snapshots older than the event. */
  comments?: Record<string, CommentRecord[]>;
  /** Operator controls: pauses, skipped steps (by step id, with the reason), retried steps. */
  pause: PauseRecord | null;
  skipped: Record<string, RecordedAt>;
  retried: Record<string, RetryRecord>;
  /** Approvals of each gate's "go" given since its last decision (`gate.approved`). */
  approvals: Record<string, RecordedAt[]>;
  /**
   * Gates with a timeout that the launch stands at, undecided: since when (the record time of
   * the event that brought it there). Absent from snapshots older than gate timeouts.
   */
  gateWaits?: Record<string, GateWait>;
  /** The last timeout of each gate (`gate.timedOut`). Absent from snapshots older than gate timeouts. */
  timeouts?: Record<string, TimeoutRecord>;
}

/** A wait at a gate: since when, and whether its timeout escalated already (it fires once per wait). */
export interface GateWait {
  at?: string;
  escalated?: true;
}

/** A gate's timeout: the wait it ended (`since`), what it did, and when. */
export interface TimeoutRecord extends RecordedAt {
  since?: string;
  outcome: TimeoutOutcome;
  after?: string;
}

/** A comment on an item: its text, who wrote it and when (from the event). */
export interface CommentRecord {
  text: string;
  at?: string;
  by?: string;
}

/** Suffix of the group that holds a phase's deliverables. */
export const DELIVERABLES = '#deliverables';

/** The generic rollback step of plans without a protocol (reported by lint). */
export const GENERIC_ROLLBACK = {
  id: 'rollback/restore-previous-version',
  title: 'Restore the previous version',
  text: 'Restore the previous version',
  condition: null,
  pos: { line: 0, endLine: 0 },
};

/** The rollback protocol a compiled plan uses: the plan's, or one generic step. */
export function rollbackOf(plan: Plan): {
  id: string;
  steps: { id: string; title: string; condition: string | null; pos: { line: number } }[];
} {
  if (plan.rollback && plan.rollback.steps.length > 0) return plan.rollback;
  return { id: 'rollback', steps: [GENERIC_ROLLBACK] };
}

/** A list of work items of a plan: a step's items, or a phase's deliverables (`step` null). */
export interface ItemGroup {
  /** The group id: the step id, or `<phase id>#deliverables`. */
  id: string;
  phase: Phase;
  step: Step | null;
  /** Its items and their descendants, depth first, in document order. */
  items: Item[];
}

/**
 * Every group of work items of a plan, in document order: each phase's steps, then its
 * deliverables when it has some. The one enumeration of "every item of the plan" the compiler,
 * the checklist, lint and the renderers share.
 */
export function itemGroups(plan: Plan): ItemGroup[] {
  return plan.phases.flatMap((phase) => [
    ...phase.steps.map((step) => ({ id: step.id, phase, step, items: flattenItems(step.items) })),
    ...(phase.deliverables.length > 0
      ? [{ id: `${phase.id}${DELIVERABLES}`, phase, step: null, items: flattenItems(phase.deliverables) }]
      : []),
  ]);
}

/**
 * The id of each deadline a plan's windows can give: `deadline/<id>` of every phase and step with
 * a window that ends at a known time (a time of day, "09:00-10:00", names no time zone: none).
 * The scheduler appends `deadline.reached` only for these, and the chart accepts no other id.
 */
export function deadlineIds(plan: Plan): string[] {
  return plan.phases
    .flatMap((phase) => [phase, ...phase.steps])
    .filter(
      (part) => part.window !== null && part.window.anchor !== 'clock' && part.window.anchor !== 'weekday',
    )
    .map((part) => `deadline/${part.id}`);
}

/**
 * The initial context of a plan's machine: every item open or done as the plan says, no alert,
 * no decision.
 */
export function initialContext(plan: Plan): LaunchContext {
  const items: Record<string, ItemFacts> = {};
  const groups: Record<string, Record<string, ItemState>> = {};
  const add = (group: string, id: string, kind: ItemFacts['kind'], done: boolean): void => {
    items[id] = { group, kind };
    (groups[group] ??= {})[id] = { status: done ? 'done' : 'open' };
  };
  for (const group of itemGroups(plan)) {
    groups[group.id] ??= {};
    for (const item of group.items) add(group.id, item.id, item.kind, item.done);
  }
  const rollback = rollbackOf(plan);
  for (const step of rollback.steps) add(rollback.id, step.id, 'rollback', false);
  return {
    plan: {
      id: plan.id,
      hash: plan.hash,
      items,
      gates: Object.fromEntries(plan.gates.map((gate) => [gate.id, gate.criteria])),
      rollbackGroup: rollback.id,
      deadlines: deadlineIds(plan),
    },
    groups,
    closed: {},
    alerts: {},
    decisions: {},
    deadlines: {},
    started: null,
    rollback: null,
    aborted: null,
    revisions: [],
    comments: {},
    pause: null,
    skipped: {},
    retried: {},
    approvals: {},
  };
}

/**
 * The entry of `record` under a key an event names, only if the record itself holds it: a plain
 * `record[key]` or `key in record` also finds `constructor`, `__proto__` and the like.
 */
export const ownEntry = <V>(record: Readonly<Record<string, V>>, key: string): V | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined;
