/**
 * Action implementations, by the names the compiled config uses: each is a pure update of the
 * context (returns the changed top-level fields), wrapped in `assign` by `machine.ts`. They read
 * time only from the event's `at`. An item event copies one group record and the group list,
 * never every item (DESIGN §7).
 */
import { ownEntry, type ItemState, type ItemStatus, type LaunchContext, type RecordedAt } from './context.ts';

type Params = Record<string, string>;
type Ev = { type: string; [key: string]: unknown };
export type ContextUpdate = (context: LaunchContext, event: Ev, params: Params) => Partial<LaunchContext>;

function str(event: Ev, key: string): string | undefined {
  const value = event[key];
  return typeof value === 'string' ? value : undefined;
}

/** `{ at, by, reason }` of an event, leaving out what it does not carry. */
function recorded(event: Ev): RecordedAt {
  const out: RecordedAt = {};
  const at = str(event, 'at');
  const by = str(event, 'by');
  const reason = str(event, 'reason');
  if (at !== undefined) out.at = at;
  if (by !== undefined) out.by = by;
  if (reason !== undefined) out.reason = reason;
  return out;
}

function setItems(context: LaunchContext, changes: { id: string; state: ItemState }[]): Pick<LaunchContext, 'groups'> {
  const groups = { ...context.groups };
  const copied = new Set<string>();
  for (const { id, state } of changes) {
    const group = ownEntry(context.plan.items, id)?.group;
    if (group === undefined) continue;
    if (!copied.has(group)) {
      groups[group] = { ...groups[group] };
      copied.add(group);
    }
    (groups[group] as Record<string, ItemState>)[id] = state;
  }
  return { groups };
}

/** The state an item event gives its item: the status, and who/when/evidence from the event. */
export function itemStateOf(event: Ev, status: string): ItemState {
  const state: ItemState = { status: status as ItemStatus };
  const at = str(event, 'at');
  const by = str(event, 'by');
  const evidence = str(event, 'runId') ?? str(event, 'evidence');
  if (by !== undefined) state.by = by;
  if (at !== undefined) state.at = at;
  if (evidence !== undefined) state.evidence = evidence;
  return state;
}

export const ACTIONS: Record<string, ContextUpdate> = {
  recordItem: (context, event, { status = 'done' }) => {
    const state = itemStateOf(event, status);
    const id = String(event['itemId']);
    const group = ownEntry(context.plan.items, id)?.group;
    if (group === undefined) return {};
    return { groups: { ...context.groups, [group]: { ...context.groups[group], [id]: state } } };
  },
  closeGroup: (context, _event, { group = '' }) => ({ closed: { ...context.closed, [group]: true } }),
  recordStart: (_context, event) => {
    const goLiveAt = str(event, 'goLiveAt');
    return { started: goLiveAt === undefined ? recorded(event) : { ...recorded(event), goLiveAt } };
  },
  recordDecision: (context, event, { gate = '' }) => ({
    decisions: { ...context.decisions, [gate]: { decision: event['decision'] === 'go' ? 'go' : 'no-go', ...recorded(event) } },
  }),
  reopenItems: (context, event) => {
    const ids = Array.isArray(event['reopen']) ? (event['reopen'] as unknown[]).filter((id): id is string => typeof id === 'string' && Object.hasOwn(context.plan.items, id)) : [];
    const closed = { ...context.closed };
    for (const id of ids) delete closed[context.plan.items[id]?.group ?? ''];
    const evidence = `gate:${String(event['gateId'])}`;
    return { ...setItems(context, ids.map((id) => ({ id, state: { status: 'open' as const, ...recorded(event), evidence } }))), closed };
  },
  startRollback: (context, event) => {
    const group = context.groups[context.plan.rollbackGroup] ?? {};
    const reset = Object.fromEntries(Object.keys(group).map((id) => [id, { status: 'open' as const }]));
    return {
      groups: { ...context.groups, [context.plan.rollbackGroup]: reset },
      rollback: { requested: recorded(event), completed: null, resumed: null, count: (context.rollback?.count ?? 0) + 1 },
    };
  },
  recordRollbackCompleted: (context, event) => ({ rollback: context.rollback ? { ...context.rollback, completed: recorded(event) } : null }),
  recordResume: (context, event) => ({ rollback: context.rollback ? { ...context.rollback, resumed: recorded(event) } : null }),
  recordAbort: (_context, event) => ({ aborted: recorded(event) }),
  recordDeadline: (context, event) => ({ deadlines: { ...context.deadlines, [String(event['deadlineId'])]: recorded(event) } }),
  recordRevision: (context, event) => ({
    revisions: [...context.revisions, { fromHash: String(event['fromHash']), toHash: String(event['toHash']), ...recorded(event) }],
  }),
  openAlert: (context, event) => {
    const alert: Record<string, unknown> = { ...recorded(event) };
    for (const key of ['ruleId', 'metric', 'message'] as const) if (str(event, key) !== undefined) alert[key] = str(event, key);
    if (typeof event['value'] === 'number') alert['value'] = event['value'];
    return { alerts: { ...context.alerts, [String(event['alertId'])]: alert } };
  },
  closeAlert: (context, event) => {
    const alerts = { ...context.alerts };
    delete alerts[String(event['alertId'])];
    return { alerts };
  },
};
