/**
 * How the chart handles each event type: for every type of the event registry, the states that
 * accept it and the transitions they take there (named guards and actions, plain JSON). Keyed by
 * the registry, so a new event type does not compile until it has a row here; a row names the
 * states by their role (`ready`, `running`, a gate …) and `config.ts` puts each state's `on`
 * together from the rows, in the registry's order.
 */
import { LAUNCH_EVENT_TYPES, type LaunchEventType } from '../events/vocabulary.ts';
import type { ActionRef } from './actions.ts';
import type { ItemStatus } from './context.ts';
import type { StateConfig, TransitionConfig } from './configTypes.ts';
import type { GateTimeout } from '../plan/gateTimeout.ts';

/** The states of a launch chart that handle events, by their role. */
export type HandlingState =
  'root' | 'ready' | 'running' | 'paused' | 'gate' | 'rollingBack' | 'rolledBack' | 'healthy' | 'degraded';

/** Where a gate's decision leads: the state after it, and where a no-go goes (and whether it reopens items). */
export interface GateTargets {
  gate: string;
  next: string;
  noGo: { target: string; reopen: boolean };
  /** How long it waits for a decision, and what then; null: for ever. */
  timeout: GateTimeout | null;
}

type Transitions = TransitionConfig | TransitionConfig[];

/** One event type's row: its transitions in each state that handles it (a gate's depend on the gate). */
type Row = {
  [S in HandlingState]?: S extends 'gate' ? (gate: GateTargets) => Transitions | undefined : Transitions;
};

/** A plan item's event, before the start and while running: its guard says whether the item may take `status`. */
const planItem = (guard: 'itemChangeable' | 'testChangeable', status: ItemStatus): TransitionConfig => ({
  guard: { type: guard, params: { status } },
  actions: [{ type: 'recordItem', params: { status } }],
});

/** A rollback step's event, while rolling back. */
const rollbackStep = (status: ItemStatus): TransitionConfig => ({
  guard: { type: 'isRollbackStep' },
  actions: [{ type: 'recordItem', params: { status } }],
});

const abort: TransitionConfig = { target: 'aborted', actions: [{ type: 'recordAbort' }] };

/** Operator controls on a step: no target; the step's region follows its items (eventless). */
const skip: TransitionConfig = { guard: { type: 'stepSkippable' }, actions: [{ type: 'skipStep' }] };
const retry: TransitionConfig = { guard: { type: 'stepRetriable' }, actions: [{ type: 'retryStep' }] };

function decide({ gate, next, noGo }: GateTargets): TransitionConfig[] {
  const record: ActionRef = { type: 'recordDecision', params: { gate } };
  return [
    { target: next, guard: { type: 'goAllowed', params: { gate } }, actions: [record] },
    {
      target: noGo.target,
      guard: { type: 'noGoDecided', params: { gate } },
      actions: noGo.reopen ? [record, { type: 'reopenItems' }] : [record],
    },
  ];
}

/** A gate's timeout: `no-go` goes where a no-go goes (reopening nothing), `skip` passes, `escalate` stays. */
function timeOut({ gate, next, noGo, timeout }: GateTargets): TransitionConfig | undefined {
  if (timeout === null) return undefined;
  const { afterMs, outcome } = timeout;
  const transition: TransitionConfig = {
    guard: { type: 'gateTimeoutDue', params: { gate, afterMs, outcome } },
    actions: [{ type: 'recordTimeout', params: { gate } }],
  };
  if (outcome === 'no-go') return { target: noGo.target, ...transition };
  return outcome === 'skip' ? { target: next, ...transition } : transition;
}

const HANDLING: { [K in LaunchEventType]: Row } = {
  'launch.started': { ready: { target: 'running', actions: [{ type: 'recordStart' }] } },
  'item.checked': {
    ready: planItem('itemChangeable', 'done'),
    running: planItem('itemChangeable', 'done'),
    paused: planItem('itemChangeable', 'done'),
    rollingBack: rollbackStep('done'),
  },
  'item.unchecked': {
    ready: planItem('itemChangeable', 'open'),
    running: planItem('itemChangeable', 'open'),
    paused: planItem('itemChangeable', 'open'),
    rollingBack: rollbackStep('open'),
  },
  'item.waived': {
    ready: planItem('itemChangeable', 'waived'),
    running: planItem('itemChangeable', 'waived'),
    paused: planItem('itemChangeable', 'waived'),
    rollingBack: rollbackStep('waived'),
  },
  'item.commented': { root: { guard: { type: 'knownItem' }, actions: [{ type: 'recordComment' }] } },
  'test.passed': {
    ready: planItem('testChangeable', 'done'),
    running: planItem('testChangeable', 'done'),
    paused: planItem('testChangeable', 'done'),
  },
  'test.failed': {
    ready: planItem('testChangeable', 'failed'),
    running: planItem('testChangeable', 'failed'),
    paused: planItem('testChangeable', 'failed'),
  },
  'alert.fired': {
    healthy: { target: 'degraded', actions: [{ type: 'openAlert' }] },
    degraded: { guard: { type: 'alertNotOpen' }, actions: [{ type: 'openAlert' }] },
  },
  'alert.resolved': {
    degraded: [
      { target: 'healthy', guard: { type: 'lastAlertOpen' }, actions: [{ type: 'closeAlert' }] },
      { guard: { type: 'alertOpen' }, actions: [{ type: 'closeAlert' }] },
    ],
  },
  'gate.decided': { gate: decide },
  'rollback.requested': { running: { target: 'rollingBack', actions: [{ type: 'startRollback' }] } },
  'rollback.completed': {
    rollingBack: {
      target: 'rolledBack',
      guard: { type: 'rollbackDone' },
      actions: [{ type: 'recordRollbackCompleted' }],
    },
  },
  'launch.resumed': {
    rolledBack: { target: 'running.hist', actions: [{ type: 'recordResume' }] },
    paused: { target: 'running.hist', guard: { type: 'reasonGiven' }, actions: [{ type: 'recordPauseEnd' }] },
  },
  'launch.aborted': { ready: abort, running: abort, paused: abort, rollingBack: abort, rolledBack: abort },
  'deadline.reached': {
    running: { guard: { type: 'deadlineKnown' }, actions: [{ type: 'recordDeadline' }] },
  },
  'plan.revised': { root: { actions: [{ type: 'recordRevision' }] } },
  'launch.paused': { running: { target: 'paused', actions: [{ type: 'recordPause' }] } },
  'step.skipped': { running: skip, paused: skip },
  'step.retried': { running: retry, paused: retry },
  'gate.approved': {
    gate: ({ gate }) => ({
      guard: { type: 'approvalOpen', params: { gate } },
      actions: [{ type: 'recordApproval', params: { gate } }],
    }),
  },
  'gate.timedOut': { gate: timeOut },
};

/**
 * The `on` of a state of a role: every event type its row gives it, in the registry's order,
 * but those `without` names (events a plan cannot send: deadlines of a plan without windows).
 *
 * @example
 * handlersOf('rolledBack') // { 'launch.resumed': { target: 'running.hist', … }, 'launch.aborted': { … } }
 */
export function handlersOf(
  state: Exclude<HandlingState, 'gate'>,
  without: readonly LaunchEventType[] = [],
): NonNullable<StateConfig['on']> {
  const on: NonNullable<StateConfig['on']> = {};
  for (const type of LAUNCH_EVENT_TYPES) {
    if (without.includes(type)) continue;
    const transitions = HANDLING[type][state];
    if (transitions !== undefined) on[type] = transitions;
  }
  return on;
}

/** The `on` of a gate state, for that gate. */
export function gateHandlers(gate: GateTargets): NonNullable<StateConfig['on']> {
  const on: NonNullable<StateConfig['on']> = {};
  for (const type of LAUNCH_EVENT_TYPES) {
    const transitions = HANDLING[type].gate?.(gate);
    if (transitions !== undefined) on[type] = transitions;
  }
  return on;
}
