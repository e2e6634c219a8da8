/**
 * Action implementations, by the names the compiled config uses. Each is written once, against a
 * `ContextDraft`: the machine runs it on an immutable draft (inside `assign`, it returns the
 * changed fields), and the replay fold on a draft that writes its own copy in place
 * (`inPlaceDraft.ts`), so a long replay does not copy every item record per event. They read
 * time only from the event's `at`, and declare the context fields they write.
 */
import type { LaunchEvent } from '../events/vocabulary.ts';
import type { NamedRef } from './configTypes.ts';
import {
  ownEntry,
  SETTLED,
  type AlertState,
  type ItemState,
  type ItemStatus,
  type LaunchContext,
} from './context.ts';
import { recorded, text } from './eventFields.ts';
import { endGateWait, GATE_WAIT_ACTIONS } from './gateWaitActions.ts';

/** The actions that take no params: they read all they need from the event and the context. */
type WithoutParams =
  | 'recordStart'
  | 'reopenItems'
  | 'startRollback'
  | 'recordRollbackCompleted'
  | 'recordResume'
  | 'recordAbort'
  | 'recordDeadline'
  | 'recordRevision'
  | 'recordComment'
  | 'openAlert'
  | 'closeAlert'
  | 'recordPause'
  | 'recordPauseEnd'
  | 'skipStep'
  | 'retryStep';

/** What each action is given by the config (`undefined`: nothing). */
export type ActionParamsByName = Record<WithoutParams, undefined> & {
  /** `status`: the status the event gives the item. */
  recordItem: { status: ItemStatus };
  /** `group`: the item group whose region reached its final state. */
  closeGroup: { group: string };
  /** `gate`: the gate's plan id. */
  recordDecision: { gate: string };
  recordApproval: { gate: string };
  /** `gate`: the gate's plan id (gates with a timeout). */
  startGateWait: { gate: string };
  recordTimeout: { gate: string };
};

export type ActionName = keyof ActionParamsByName;

/** The fields of the context an action may set whole (items are set one by one). */
export type ContextField = Exclude<keyof LaunchContext, 'plan' | 'groups'>;

/** What an action may do to the context. Reads see the draft's earlier writes. */
export interface ContextDraft {
  readonly context: LaunchContext;
  /** Sets the state of a plan item (in the group the plan puts it). */
  setItem(id: string, state: ItemState): void;
  /** Replaces the states of every item of a group. */
  setGroup(group: string, items: Record<string, ItemState>): void;
  set<K extends ContextField>(field: K, value: LaunchContext[K]): void;
}

export interface ActionSpec<P> {
  run(draft: ContextDraft, event: LaunchEvent, params: P): void;
  /** The context fields `run` may change. */
  writes: readonly (keyof LaunchContext)[];
}

/** An action as the config names it: its name, and its params when it takes some. */
export type ActionRef = NamedRef<ActionParamsByName>;

/** What an open alert keeps of its `alert.fired` event, besides when and who. */
const ALERT_FIELDS = [
  'ruleId',
  'metric',
  'message',
  'value',
  'name',
  'severity',
] as const satisfies readonly (keyof AlertState)[];

/** The state an item event gives its item: the status, and who/when/evidence from the event. */
export function itemStateOf(event: LaunchEvent, status: ItemStatus): ItemState {
  const state: ItemState = { status };
  const at = text(event, 'at');
  const by = text(event, 'by');
  const evidence = text(event, 'runId') ?? text(event, 'evidence');
  if (by !== undefined) state.by = by;
  if (at !== undefined) state.at = at;
  if (evidence !== undefined) state.evidence = evidence;
  return state;
}

/** The step an operator control names (`step.skipped`, `step.retried`), or none. */
const stepIdOf = (event: LaunchEvent): string | undefined =>
  event.type === 'step.skipped' || event.type === 'step.retried' ? event.stepId : undefined;

/** Milliseconds between two record times, 0 when either is missing. */
function elapsedMs(from: string | undefined, to: string | undefined): number {
  const ms = from === undefined || to === undefined ? 0 : Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}

/** The action that records who and when on the rollback in progress: it was `completed`, or `resumed` from. */
function recordOnRollback(moment: 'completed' | 'resumed'): ActionSpec<undefined> {
  return {
    run: (draft, event) => {
      const { rollback } = draft.context;
      draft.set('rollback', rollback ? { ...rollback, [moment]: recorded(event) } : null);
    },
    writes: ['rollback'],
  };
}

/** The operator controls' actions: pause and its end, skipping and retrying a step. */
const CONTROL_ACTIONS: {
  [K in 'recordPause' | 'recordPauseEnd' | 'skipStep' | 'retryStep']: ActionSpec<undefined>;
} = {
  recordPause: {
    run: (draft, event) => {
      const { pause } = draft.context;
      endGateWait(draft, null);
      draft.set('pause', {
        since: recorded(event),
        count: (pause?.count ?? 0) + 1,
        pausedMs: pause?.pausedMs ?? 0,
        resumed: pause?.resumed ?? null,
      });
    },
    writes: ['pause', 'gateWaits'],
  },
  recordPauseEnd: {
    run: (draft, event) => {
      const { pause } = draft.context;
      if (!pause) return;
      draft.set('pause', {
        since: null,
        count: pause.count,
        pausedMs: pause.pausedMs + elapsedMs(pause.since?.at, text(event, 'at')),
        resumed: recorded(event),
      });
    },
    writes: ['pause'],
  },
  skipStep: {
    run: (draft, event) => {
      const step = stepIdOf(event);
      if (step === undefined) return;
      const { at, by } = recorded(event);
      for (const [id, state] of Object.entries(draft.context.groups[step] ?? {}))
        if (!SETTLED.has(state.status))
          draft.setItem(id, { status: 'skipped', ...(by ? { by } : {}), ...(at ? { at } : {}) });
      draft.set('skipped', { ...draft.context.skipped, [step]: recorded(event) });
    },
    writes: ['groups', 'skipped'],
  },
  retryStep: {
    run: (draft, event) => {
      const step = stepIdOf(event);
      if (step === undefined) return;
      const { at, by } = recorded(event);
      for (const [id, state] of Object.entries(draft.context.groups[step] ?? {}))
        if (state.status === 'failed' || state.status === 'skipped')
          draft.setItem(id, {
            status: 'open',
            ...(by ? { by } : {}),
            ...(at ? { at } : {}),
            evidence: 'retry',
          });
      const skipped = { ...draft.context.skipped };
      delete skipped[step];
      draft.set('skipped', skipped);
      const count = (ownEntry(draft.context.retried, step)?.count ?? 0) + 1;
      draft.set('retried', { ...draft.context.retried, [step]: { ...recorded(event), count } });
    },
    writes: ['groups', 'skipped', 'retried'],
  },
};

export const ACTIONS: { [K in ActionName]: ActionSpec<ActionParamsByName[K]> } = {
  ...CONTROL_ACTIONS,
  ...GATE_WAIT_ACTIONS,
  recordItem: {
    run: (draft, event, { status }) => {
      if ('itemId' in event) draft.setItem(event.itemId, itemStateOf(event, status));
    },
    writes: ['groups'],
  },
  closeGroup: {
    run: (draft, event, { group }) => {
      draft.set('closed', { ...draft.context.closed, [group]: true });
      const at = text(event, 'at');
      if (at !== undefined) draft.set('closedAt', at);
    },
    writes: ['closed', 'closedAt'],
  },
  recordStart: {
    run: (draft, event) => {
      const goLiveAt = text(event, 'goLiveAt');
      draft.set('started', goLiveAt === undefined ? recorded(event) : { ...recorded(event), goLiveAt });
    },
    writes: ['started'],
  },
  recordDecision: {
    run: (draft, event, { gate }) => {
      if (event.type !== 'gate.decided') return;
      const approvers = event.approvers === undefined ? {} : { approvers: event.approvers };
      draft.set('decisions', {
        ...draft.context.decisions,
        [gate]: { decision: event.decision, ...recorded(event), ...approvers },
      });
      // A decision closes the round of approvals and the wait: a gate met again starts new ones.
      if (ownEntry(draft.context.approvals, gate)) {
        const approvals = { ...draft.context.approvals };
        delete approvals[gate];
        draft.set('approvals', approvals);
      }
      endGateWait(draft, gate);
    },
    writes: ['decisions', 'approvals', 'gateWaits'],
  },
  recordApproval: {
    run: (draft, event, { gate }) =>
      draft.set('approvals', {
        ...draft.context.approvals,
        [gate]: [...(ownEntry(draft.context.approvals, gate) ?? []), recorded(event)],
      }),
    writes: ['approvals'],
  },
  reopenItems: {
    run: (draft, event) => {
      if (event.type !== 'gate.decided') return;
      const { context } = draft;
      const ids = (event.reopen ?? []).filter((id) => Object.hasOwn(context.plan.items, id));
      const closed = { ...context.closed };
      for (const id of ids) delete closed[ownEntry(context.plan.items, id)?.group ?? ''];
      for (const id of ids)
        draft.setItem(id, { status: 'open', ...recorded(event), evidence: `gate:${event.gateId}` });
      draft.set('closed', closed);
    },
    writes: ['groups', 'closed'],
  },
  startRollback: {
    run: (draft, event) => {
      const { context } = draft;
      const group = context.groups[context.plan.rollbackGroup] ?? {};
      draft.setGroup(
        context.plan.rollbackGroup,
        Object.fromEntries(Object.keys(group).map((id) => [id, { status: 'open' as const }])),
      );
      draft.set('rollback', {
        requested: recorded(event),
        completed: null,
        resumed: null,
        count: (context.rollback?.count ?? 0) + 1,
      });
      endGateWait(draft, null);
    },
    writes: ['groups', 'rollback', 'gateWaits'],
  },
  recordRollbackCompleted: recordOnRollback('completed'),
  recordResume: recordOnRollback('resumed'),
  recordAbort: {
    run: (draft, event) => draft.set('aborted', recorded(event)),
    writes: ['aborted'],
  },
  recordDeadline: {
    run: (draft, event) => {
      if (event.type === 'deadline.reached')
        draft.set('deadlines', { ...draft.context.deadlines, [event.deadlineId]: recorded(event) });
    },
    writes: ['deadlines'],
  },
  recordRevision: {
    run: (draft, event) => {
      if (event.type === 'plan.revised')
        draft.set('revisions', [
          ...draft.context.revisions,
          { fromHash: event.fromHash, toHash: event.toHash, ...recorded(event) },
        ]);
    },
    writes: ['revisions'],
  },
  recordComment: {
    run: (draft, event) => {
      if (event.type !== 'item.commented') return;
      const comments = draft.context.comments ?? {};
      const comment = { text: event.text, ...recorded(event) };
      draft.set('comments', { ...comments, [event.itemId]: [...(comments[event.itemId] ?? []), comment] });
    },
    writes: ['comments'],
  },
  openAlert: {
    run: (draft, event) => {
      if (event.type !== 'alert.fired') return;
      const alert: Record<string, unknown> = { ...recorded(event) };
      // Named one by one: a logged event's data also holds fields the alert does not keep (reportedAt).
      for (const key of ALERT_FIELDS) if (event[key] !== undefined) alert[key] = event[key];
      draft.set('alerts', { ...draft.context.alerts, [event.alertId]: alert });
    },
    writes: ['alerts'],
  },
  closeAlert: {
    run: (draft, event) => {
      if (event.type !== 'alert.resolved') return;
      const alerts = { ...draft.context.alerts };
      delete alerts[event.alertId];
      draft.set('alerts', alerts);
    },
    writes: ['alerts'],
  },
};

/** An action run bound to its params: what the machine's `assign` and the replay fold call. */
export interface BoundAction {
  run: (draft: ContextDraft, event: LaunchEvent) => void;
  writes: readonly (keyof LaunchContext)[];
}

const bind = <K extends ActionName>(type: K, params: ActionParamsByName[K]): BoundAction => {
  const spec: ActionSpec<ActionParamsByName[K]> = ACTIONS[type];
  return { run: (draft, event) => spec.run(draft, event, params), writes: spec.writes };
};

/**
 * An action of the config with its params bound.
 *
 * @example
 * bindAction({ type: 'closeGroup', params: { group: 'deploy/db' } }).run(draft, event)
 */
export const bindAction = (ref: ActionRef): BoundAction => bind(ref.type, ref.params);

/**
 * A draft that leaves the context as it is and collects a new one, copying each record it
 * changes once: what the machine's `assign` returns.
 */
export function createImmutableDraft(
  context: LaunchContext,
): ContextDraft & { changes(): Partial<LaunchContext> } {
  let current = context;
  let groupsCopied = false;
  const copiedGroups = new Set<string>();
  const changes: Partial<LaunchContext> = {};
  const ownGroups = (): Record<string, Record<string, ItemState>> => {
    if (!groupsCopied) {
      current = { ...current, groups: { ...current.groups } };
      groupsCopied = true;
    }
    changes.groups = current.groups;
    return current.groups;
  };
  return {
    get context() {
      return current;
    },
    setItem(id, state) {
      const group = ownEntry(current.plan.items, id)?.group;
      if (group === undefined) return;
      const groups = ownGroups();
      if (!copiedGroups.has(group)) {
        groups[group] = { ...groups[group] };
        copiedGroups.add(group);
      }
      (groups[group] as Record<string, ItemState>)[id] = state;
    },
    setGroup(group, items) {
      ownGroups()[group] = items;
      copiedGroups.add(group);
    },
    set(field, value) {
      current = { ...current, [field]: value };
      (changes as Record<string, unknown>)[field] = value;
    },
    changes: () => changes,
  };
}
