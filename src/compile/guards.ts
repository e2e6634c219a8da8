/**
 * Guard implementations, by the names the compiled config uses. Each guard is a pure function
 * of the context, the event and its params (typed per guard: `GuardParamsByName`), with a
 * companion `why` that says in words why it refuses (used by `explainRejection`) and the context
 * fields it `reads` (so the replay fold knows which eventless transitions a change can enable).
 */
import type { LaunchEvent } from '../events/vocabulary.ts';
import type { TimeoutOutcome } from '../plan/gateTimeout.ts';
import type { NamedRef } from './configTypes.ts';
import { ownEntry, SETTLED, type ItemStatus, type LaunchContext } from './context.ts';

/** The guards that take no params: they read all they need from the event and the context. */
type WithoutParams =
  | 'knownItem'
  | 'isRollbackStep'
  | 'rollbackDone'
  | 'alertNotOpen'
  | 'alertOpen'
  | 'lastAlertOpen'
  | 'stepSkippable'
  | 'stepRetriable'
  | 'reasonGiven'
  | 'deadlineKnown';

/** What each guard is given by the config (`undefined`: nothing). */
export type GuardParamsByName = Record<WithoutParams, undefined> & {
  /** `status`: the status the event would give the item. */
  itemChangeable: { status: ItemStatus };
  testChangeable: { status: ItemStatus };
  /** `group`: the item group (step, deliverables) of the region. */
  groupFailed: { group: string };
  groupClear: { group: string };
  groupDone: { group: string };
  /** `gate`: the gate's plan id. */
  goAllowed: { gate: string };
  noGoDecided: { gate: string };
  /** `item`: the rollback step's id. */
  itemSettled: { item: string };
  /** `gate`: the gate's plan id. */
  approvalOpen: { gate: string };
  /** `gate`: the gate's plan id; `afterMs` and `outcome`: its timeout, as the plan gives it. */
  gateTimeoutDue: { gate: string; afterMs: number; outcome: TimeoutOutcome };
};

export type GuardName = keyof GuardParamsByName;

export interface GuardSpec<P> {
  test(context: LaunchContext, event: LaunchEvent, params: P): boolean;
  /** Why the guard refuses (called only when `test` is false). */
  why(context: LaunchContext, event: LaunchEvent, params: P): string;
  /** The context fields `test` reads. */
  reads: readonly (keyof LaunchContext)[];
}

/** A guard as the config names it: its name, and its params when it takes some. */
export type GuardRef = NamedRef<GuardParamsByName>;

const FAILED: ReadonlySet<string> = new Set(['failed']);

const itemIdOf = (event: LaunchEvent): string => ('itemId' in event ? event.itemId : '');
const alertIdOf = (event: LaunchEvent): string => ('alertId' in event ? (event.alertId ?? '') : '');

function groupItems(context: LaunchContext, group: string): [string, { status: string }][] {
  return Object.entries(context.groups[group] ?? {});
}

/** Ids of the group's items whose status is (`want` true) or is not (`want` false) one of `statuses`. */
function idsWhere(
  context: LaunchContext,
  group: string,
  statuses: ReadonlySet<string>,
  want: boolean,
): string[] {
  return groupItems(context, group)
    .filter(([, item]) => statuses.has(item.status) === want)
    .map(([id]) => id);
}

/** Whether some item of the group has one of the statuses (`want` true) or lacks all (`want` false); no allocation: runs after every event. */
function someItem(
  context: LaunchContext,
  group: string,
  statuses: ReadonlySet<string>,
  want: boolean,
): boolean {
  const items = context.groups[group];
  if (!items) return false;
  for (const id in items) if (statuses.has((items[id] as { status: string }).status) === want) return true;
  return false;
}

/**
 * Why an item event cannot change a plan item, or null when it can: the item exists, is not a
 * rollback step, and its step is still open, unless the event leaves its status as it is
 * (confirming a done item records who and when).
 */
function planItem(context: LaunchContext, event: LaunchEvent, status: string | undefined): string | null {
  const id = itemIdOf(event);
  const facts = ownEntry(context.plan.items, id);
  if (!facts) return `no item "${id}" in this plan`;
  if (facts.kind === 'rollback') return `"${id}" is a rollback step: it is checked while rolling back`;
  if (context.closed[facts.group] && context.groups[facts.group]?.[id]?.status !== status)
    return `the step "${facts.group}" holding "${id}" is already done`;
  return null;
}

/**
 * Why a check or uncheck cannot settle a failed test, or null: a failed test blocks its step until
 * it passes (`test.passed`) or is waived (`item.waived`, which records a reason).
 */
function failedTest(context: LaunchContext, event: LaunchEvent, status: string | undefined): string | null {
  const id = itemIdOf(event);
  const facts = ownEntry(context.plan.items, id);
  if (!facts || status === 'waived' || context.groups[facts.group]?.[id]?.status !== 'failed') return null;
  return `test "${id}" failed: it is settled by test.passed or item.waived, not ${event.type}`;
}

function unsettledCriteria(context: LaunchContext, gate: string): string[] {
  return (ownEntry(context.plan.gates, gate) ?? []).filter((id) => {
    const facts = ownEntry(context.plan.items, id);
    const status = facts ? context.groups[facts.group]?.[id]?.status : undefined;
    return status === undefined || !SETTLED.has(status);
  });
}

const decisionOf = (event: LaunchEvent): string | undefined =>
  event.type === 'gate.decided' ? event.decision : undefined;
const gateIdOf = (event: LaunchEvent): string | undefined =>
  event.type === 'gate.decided' ? event.gateId : undefined;

function gateMismatch(event: LaunchEvent, gate: string): string | null {
  return gateIdOf(event) === gate
    ? null
    : `the launch stands at gate "${gate}", not "${String(gateIdOf(event))}"`;
}

const openAlerts = (context: LaunchContext): string[] => Object.keys(context.alerts);

const stepIdOf = (event: LaunchEvent): string =>
  event.type === 'step.skipped' || event.type === 'step.retried' ? event.stepId : '';

/** Why an operator control cannot act on the step it names, or null: a plan step (or deliverables) not yet done. */
function openStep(context: LaunchContext, event: LaunchEvent): string | null {
  const step = stepIdOf(event);
  if (!Object.hasOwn(context.groups, step) || step === context.plan.rollbackGroup)
    return `no step "${step}" in this plan`;
  if (context.closed[step]) return `the step "${step}" is already done`;
  return null;
}

const RETRIABLE: ReadonlySet<string> = new Set(['failed', 'skipped']);

/** The guards of the operator controls (`step.skipped`, `step.retried`, resuming a pause). */
const CONTROL_GUARDS: {
  [K in 'stepSkippable' | 'stepRetriable' | 'reasonGiven' | 'deadlineKnown']: GuardSpec<undefined>;
} = {
  stepSkippable: {
    test: (context, event) =>
      openStep(context, event) === null && someItem(context, stepIdOf(event), SETTLED, false),
    why: (context, event) =>
      openStep(context, event) ?? `every item of "${stepIdOf(event)}" is already done, waived or skipped`,
    reads: ['plan', 'closed', 'groups'],
  },
  stepRetriable: {
    test: (context, event) =>
      openStep(context, event) === null && someItem(context, stepIdOf(event), RETRIABLE, true),
    why: (context, event) =>
      openStep(context, event) ?? `no failed test or skipped item in "${stepIdOf(event)}" to retry`,
    reads: ['plan', 'closed', 'groups'],
  },
  /** Not a control: a deadline must be one of the plan's (a made-up id would be stored and shown as overdue). */
  deadlineKnown: {
    test: (context, event) =>
      event.type === 'deadline.reached' && context.plan.deadlines.includes(event.deadlineId),
    why: (_context, event) =>
      `no deadline "${event.type === 'deadline.reached' ? event.deadlineId : ''}" in this plan (deadline/<phase or step with a window>)`,
    reads: ['plan'],
  },
  reasonGiven: {
    test: (_context, event) =>
      'reason' in event && typeof event.reason === 'string' && event.reason.trim() !== '',
    why: (_context, event) => `${event.type} needs a reason here`,
    reads: [],
  },
};

/**
 * Why a `gate.timedOut` cannot end the wait at `gate`, or null: it names the gate and the outcome
 * the plan gives, the launch waits there undecided since the time it names, its timeout has not
 * escalated yet, and it is recorded no earlier than the wait's end (when both times are known).
 */
function timeoutRefusal(
  context: LaunchContext,
  event: LaunchEvent,
  { gate, afterMs, outcome }: GuardParamsByName['gateTimeoutDue'],
): string | null {
  if (event.type !== 'gate.timedOut') return 'not a gate.timedOut';
  if (event.gateId !== gate) return `the launch stands at gate "${gate}", not "${event.gateId}"`;
  if (event.outcome !== outcome)
    return `the plan says "${outcome}" when "${gate}" times out, not "${event.outcome}"`;
  const wait = ownEntry(context.gateWaits ?? {}, gate);
  if (!wait) return `"${gate}" is not waiting for a decision`;
  if (wait.escalated) return `the wait at "${gate}" since ${wait.at ?? 'its start'} timed out already`;
  if (event.since !== wait.at)
    return `"${gate}" waits since ${wait.at ?? 'an unknown time'}, not ${String(event.since)}`;
  if (event.at !== undefined && wait.at !== undefined && Date.parse(event.at) < Date.parse(wait.at) + afterMs)
    return `"${gate}" times out at ${new Date(Date.parse(wait.at) + afterMs).toISOString()}, not before`;
  return null;
}

export const GUARDS: { [K in GuardName]: GuardSpec<GuardParamsByName[K]> } = {
  ...CONTROL_GUARDS,
  gateTimeoutDue: {
    test: (context, event, params) => timeoutRefusal(context, event, params) === null,
    why: (context, event, params) => timeoutRefusal(context, event, params) ?? '',
    reads: ['gateWaits'],
  },
  approvalOpen: {
    test: (context, event, { gate }) =>
      event.type === 'gate.approved' &&
      event.gateId === gate &&
      !(ownEntry(context.approvals, gate) ?? []).some((approval) => approval.by === event.by),
    why: (_context, event, { gate }) =>
      event.type === 'gate.approved' && event.gateId !== gate
        ? `the launch stands at gate "${gate}", not "${event.gateId}"`
        : `${event.by ?? 'this actor'} already approved "${gate}"`,
    reads: ['approvals'],
  },
  itemChangeable: {
    test: (context, event, { status }) =>
      planItem(context, event, status) === null && failedTest(context, event, status) === null,
    why: (context, event, { status }) =>
      planItem(context, event, status) ?? failedTest(context, event, status) ?? '',
    reads: ['plan', 'closed', 'groups'],
  },
  testChangeable: {
    test: (context, event, { status }) =>
      planItem(context, event, status) === null &&
      ownEntry(context.plan.items, itemIdOf(event))?.kind === 'test',
    why: (context, event, { status }) =>
      planItem(context, event, status) ??
      `"${itemIdOf(event)}" is a ${ownEntry(context.plan.items, itemIdOf(event))?.kind ?? 'unknown'} item, not a test`,
    reads: ['plan', 'closed', 'groups'],
  },
  groupFailed: {
    test: (context, _event, { group }) => someItem(context, group, FAILED, true),
    why: (_context, _event, { group }) => `no test of "${group}" has failed`,
    reads: ['groups'],
  },
  groupClear: {
    test: (context, _event, { group }) => !someItem(context, group, FAILED, true),
    why: (context, _event, { group }) => `failed: ${idsWhere(context, group, FAILED, true).join(', ')}`,
    reads: ['groups'],
  },
  groupDone: {
    test: (context, _event, { group }) => !someItem(context, group, SETTLED, false),
    why: (context, _event, { group }) => `open: ${idsWhere(context, group, SETTLED, false).join(', ')}`,
    reads: ['groups'],
  },
  goAllowed: {
    test: (context, event, { gate }) =>
      decisionOf(event) === 'go' &&
      gateIdOf(event) === gate &&
      openAlerts(context).length === 0 &&
      unsettledCriteria(context, gate).length === 0,
    why: (context, event, { gate }) => {
      const mismatch = gateMismatch(event, gate);
      if (mismatch) return mismatch;
      if (decisionOf(event) !== 'go') return 'the decision is not "go"';
      const alerts = openAlerts(context);
      if (alerts.length > 0) return `alert(s) open: ${alerts.join(', ')}`;
      const open = unsettledCriteria(context, gate);
      return `${open.length} criteria not done: ${open.slice(0, 5).join(', ')}${open.length > 5 ? ', …' : ''}`;
    },
    reads: ['plan', 'alerts', 'groups'],
  },
  noGoDecided: {
    test: (_context, event, { gate }) => decisionOf(event) === 'no-go' && gateIdOf(event) === gate,
    why: (_context, event, { gate }) => gateMismatch(event, gate) ?? 'the decision is not "no-go"',
    reads: [],
  },
  knownItem: {
    test: (context, event) => ownEntry(context.plan.items, itemIdOf(event)) !== undefined,
    why: (_context, event) => `no item "${itemIdOf(event)}" in this plan`,
    reads: ['plan'],
  },
  isRollbackStep: {
    test: (context, event) => ownEntry(context.plan.items, itemIdOf(event))?.kind === 'rollback',
    why: (context, event) =>
      ownEntry(context.plan.items, itemIdOf(event))
        ? `"${itemIdOf(event)}" is not a rollback step: plan items wait until the launch resumes`
        : `no item "${itemIdOf(event)}" in this plan`,
    reads: ['plan'],
  },
  itemSettled: {
    test: (context, _event, { item }) =>
      SETTLED.has(context.groups[context.plan.rollbackGroup]?.[item]?.status ?? ''),
    why: (_context, _event, { item }) => `rollback step "${item}" is not done`,
    reads: ['plan', 'groups'],
  },
  rollbackDone: {
    test: (context) => !someItem(context, context.plan.rollbackGroup, SETTLED, false),
    why: (context) =>
      `rollback steps not done: ${idsWhere(context, context.plan.rollbackGroup, SETTLED, false).join(', ')}`,
    reads: ['plan', 'groups'],
  },
  alertNotOpen: {
    test: (context, event) => !Object.hasOwn(context.alerts, alertIdOf(event)),
    why: (_context, event) => `alert "${alertIdOf(event)}" is already open`,
    reads: ['alerts'],
  },
  alertOpen: {
    test: (context, event) => Object.hasOwn(context.alerts, alertIdOf(event)),
    why: (_context, event) => `no open alert "${alertIdOf(event)}"`,
    reads: ['alerts'],
  },
  lastAlertOpen: {
    test: (context, event) =>
      Object.hasOwn(context.alerts, alertIdOf(event)) && openAlerts(context).length === 1,
    why: (context, event) =>
      Object.hasOwn(context.alerts, alertIdOf(event))
        ? 'other alerts stay open'
        : `no open alert "${alertIdOf(event)}"`,
    reads: ['alerts'],
  },
};

/** A guard test bound to its params: what XState and the replay fold call. */
export type BoundGuard = (context: LaunchContext, event: LaunchEvent) => boolean;

/** The spec of a guard and the params a config gives it, kept together (one type per guard). */
export interface BoundSpec {
  test: BoundGuard;
  why: (context: LaunchContext, event: LaunchEvent) => string;
  reads: readonly (keyof LaunchContext)[];
}

const bind = <K extends GuardName>(type: K, params: GuardParamsByName[K]): BoundSpec => {
  const spec: GuardSpec<GuardParamsByName[K]> = GUARDS[type];
  return {
    test: (context, event) => spec.test(context, event, params),
    why: (context, event) => spec.why(context, event, params),
    reads: spec.reads,
  };
};

/**
 * A guard of the config with its params bound.
 *
 * @example
 * bindGuard({ type: 'groupDone', params: { group: 'deploy/db' } }).test(context, event)
 */
export const bindGuard = (ref: GuardRef): BoundSpec => bind(ref.type, ref.params);
