/**
 * Guard implementations, by the names the compiled config uses. Each guard is a pure function
 * of the context, the event and its params, with a companion `why` that says in words why it
 * refuses (used by `explainRejection`).
 */
import { ownEntry, type LaunchContext } from './context.ts';

type Params = Record<string, string>;
type Ev = { type: string; [key: string]: unknown };

export interface GuardSpec {
  test(context: LaunchContext, event: Ev, params: Params): boolean;
  /** Why the guard refuses (called only when `test` is false). */
  why(context: LaunchContext, event: Ev, params: Params): string;
}

const SETTLED = new Set(['done', 'waived']);

function itemId(event: Ev): string {
  return typeof event['itemId'] === 'string' ? event['itemId'] : '';
}

function groupItems(context: LaunchContext, group: string): [string, { status: string }][] {
  return Object.entries(context.groups[group] ?? {});
}

/** Whether some item of the group has one of the statuses (`want` true) or lacks all (`want` false); no allocation: runs after every event. */
function someItem(context: LaunchContext, group: string, statuses: ReadonlySet<string>, want: boolean): boolean {
  const items = context.groups[group];
  if (!items) return false;
  for (const id in items) if (statuses.has((items[id] as { status: string }).status) === want) return true;
  return false;
}

const FAILED = new Set(['failed']);

/**
 * Why an item event cannot change a plan item, or null when it can: the item exists, is not a
 * rollback step, and its step is still open, unless the event leaves its status as it is
 * (confirming a done item records who and when).
 */
function planItem(context: LaunchContext, event: Ev, status: string | undefined): string | null {
  const facts = ownEntry(context.plan.items, itemId(event));
  if (!facts) return `no item "${itemId(event)}" in this plan`;
  if (facts.kind === 'rollback') return `"${itemId(event)}" is a rollback step: it is checked while rolling back`;
  if (context.closed[facts.group] && context.groups[facts.group]?.[itemId(event)]?.status !== status) return `the step "${facts.group}" holding "${itemId(event)}" is already done`;
  return null;
}

/**
 * Why a check or uncheck cannot settle a failed test, or null: a failed test blocks its step until
 * it passes (`test.passed`) or is waived (`item.waived`, which records a reason).
 */
function failedTest(context: LaunchContext, event: Ev, status: string | undefined): string | null {
  const facts = ownEntry(context.plan.items, itemId(event));
  if (!facts || status === 'waived' || context.groups[facts.group]?.[itemId(event)]?.status !== 'failed') return null;
  return `test "${itemId(event)}" failed: it is settled by test.passed or item.waived, not ${String(event.type)}`;
}

function unsettledCriteria(context: LaunchContext, gate: string): string[] {
  return (context.plan.gates[gate] ?? []).filter((id) => {
    const facts = context.plan.items[id];
    const status = facts ? context.groups[facts.group]?.[id]?.status : undefined;
    return status === undefined || !SETTLED.has(status);
  });
}

function gateMismatch(event: Ev, gate: string): string | null {
  return event['gateId'] === gate ? null : `the launch stands at gate "${gate}", not "${String(event['gateId'])}"`;
}

export const GUARDS: Record<string, GuardSpec> = {
  itemChangeable: {
    test: (context, event, { status }) => planItem(context, event, status) === null && failedTest(context, event, status) === null,
    why: (context, event, { status }) => planItem(context, event, status) ?? failedTest(context, event, status) ?? '',
  },
  testChangeable: {
    test: (context, event, { status }) => planItem(context, event, status) === null && ownEntry(context.plan.items, itemId(event))?.kind === 'test',
    why: (context, event, { status }) => planItem(context, event, status) ?? `"${itemId(event)}" is a ${ownEntry(context.plan.items, itemId(event))?.kind ?? 'unknown'} item, not a test`,
  },
  groupFailed: {
    test: (context, _event, { group = '' }) => someItem(context, group, FAILED, true),
    why: (_context, _event, { group = '' }) => `no test of "${group}" has failed`,
  },
  groupClear: {
    test: (context, _event, { group = '' }) => !someItem(context, group, FAILED, true),
    why: (context, _event, { group = '' }) => `failed: ${groupItems(context, group).filter(([, item]) => item.status === 'failed').map(([id]) => id).join(', ')}`,
  },
  groupDone: {
    test: (context, _event, { group = '' }) => !someItem(context, group, SETTLED, false),
    why: (context, _event, { group = '' }) => `open: ${groupItems(context, group).filter(([, item]) => !SETTLED.has(item.status)).map(([id]) => id).join(', ')}`,
  },
  goAllowed: {
    test: (context, event, { gate = '' }) => event['decision'] === 'go' && event['gateId'] === gate && Object.keys(context.alerts).length === 0 && unsettledCriteria(context, gate).length === 0,
    why: (context, event, { gate = '' }) => {
      const mismatch = gateMismatch(event, gate);
      if (mismatch) return mismatch;
      if (event['decision'] !== 'go') return 'the decision is not "go"';
      const alerts = Object.keys(context.alerts);
      if (alerts.length > 0) return `alert(s) open: ${alerts.join(', ')}`;
      const open = unsettledCriteria(context, gate);
      return `${open.length} criteria not done: ${open.slice(0, 5).join(', ')}${open.length > 5 ? ', …' : ''}`;
    },
  },
  noGoDecided: {
    test: (_context, event, { gate = '' }) => event['decision'] === 'no-go' && event['gateId'] === gate,
    why: (_context, event, { gate = '' }) => gateMismatch(event, gate) ?? 'the decision is not "no-go"',
  },
  isRollbackStep: {
    test: (context, event) => ownEntry(context.plan.items, itemId(event))?.kind === 'rollback',
    why: (context, event) => (ownEntry(context.plan.items, itemId(event)) ? `"${itemId(event)}" is not a rollback step: plan items wait until the launch resumes` : `no item "${itemId(event)}" in this plan`),
  },
  itemSettled: {
    test: (context, _event, { item = '' }) => SETTLED.has(context.groups[context.plan.rollbackGroup]?.[item]?.status ?? ''),
    why: (_context, _event, { item = '' }) => `rollback step "${item}" is not done`,
  },
  rollbackDone: {
    test: (context) => !someItem(context, context.plan.rollbackGroup, SETTLED, false),
    why: (context) => `rollback steps not done: ${groupItems(context, context.plan.rollbackGroup).filter(([, item]) => !SETTLED.has(item.status)).map(([id]) => id).join(', ')}`,
  },
  alertNotOpen: {
    test: (context, event) => !Object.hasOwn(context.alerts, String(event['alertId'])),
    why: (_context, event) => `alert "${String(event['alertId'])}" is already open`,
  },
  alertOpen: {
    test: (context, event) => Object.hasOwn(context.alerts, String(event['alertId'])),
    why: (_context, event) => `no open alert "${String(event['alertId'])}"`,
  },
  lastAlertOpen: {
    test: (context, event) => Object.hasOwn(context.alerts, String(event['alertId'])) && Object.keys(context.alerts).length === 1,
    why: (context, event) => (Object.hasOwn(context.alerts, String(event['alertId'])) ? 'other alerts stay open' : `no open alert "${String(event['alertId'])}"`),
  },
};
