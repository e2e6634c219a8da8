/**
 * Small factories for launch events, one per event type of the registry: the only way the code
 * base builds them, so every event has the namespaced type and the fields its codec expects.
 * Optional fields left `undefined` are dropped, so events stay canonical JSON. Each factory's
 * event type has its name here too (`ItemChecked` for `item.checked`).
 */
import type { EventData, EventOf, LaunchEventType } from './vocabulary.ts';

/** An event of `type` with the fields of `data` that are set. */
function build<K extends LaunchEventType>(type: K, data: EventData<K>): EventOf<K> {
  const out: Partial<EventData<K>> = {};
  for (const key of Object.keys(data) as (keyof EventData<K>)[])
    if (data[key] !== undefined) out[key] = data[key];
  // Only `undefined` fields were left out: `out` holds every field `data` sets.
  return { ...(out as EventData<K>), type };
}

/** The factory of the events of one type. */
const factory =
  <K extends LaunchEventType>(type: K) =>
  (data: EventData<K>): EventOf<K> =>
    build(type, data);

/** Event types whose data is all optional: their factories may be called with nothing. */
type OptionalDataType = {
  [K in LaunchEventType]: object extends EventData<K> ? K : never;
}[LaunchEventType];

/** The factory of the events of such a type. */
const optionalFactory =
  <K extends OptionalDataType>(type: K) =>
  (data?: EventData<K>): EventOf<K> =>
    build(type, data ?? {});

/** @example launchStarted({ at: '2025-01-01T08:00:00Z', by: 'ops' }) */
export const launchStarted = optionalFactory('launch.started');
export type LaunchStarted = EventOf<'launch.started'>;
/** @example itemChecked({ itemId: 'setup/db', by: 'ana' }) */
export const itemChecked = factory('item.checked');
export type ItemChecked = EventOf<'item.checked'>;
export const itemUnchecked = factory('item.unchecked');
export type ItemUnchecked = EventOf<'item.unchecked'>;
export const itemWaived = factory('item.waived');
export type ItemWaived = EventOf<'item.waived'>;
/** @example itemCommented({ itemId: 'setup/db', text: 'replica lag back under 1 s' }) */
export const itemCommented = factory('item.commented');
export type ItemCommented = EventOf<'item.commented'>;
/** @example testPassed({ itemId: 'qa/smoke', runId: 'ci-412' }) */
export const testPassed = factory('test.passed');
export type TestPassed = EventOf<'test.passed'>;
export const testFailed = factory('test.failed');
export type TestFailed = EventOf<'test.failed'>;
/** @example alertFired({ alertId: 'p99-latency', metric: 'latency', value: 900 }) */
export const alertFired = factory('alert.fired');
export type AlertFired = EventOf<'alert.fired'>;
export const alertResolved = factory('alert.resolved');
export type AlertResolved = EventOf<'alert.resolved'>;
/** @example gateDecided({ gateId: 'gate/go-no-go', decision: 'go', by: 'cto' }) */
export const gateDecided = factory('gate.decided');
export type GateDecided = EventOf<'gate.decided'>;
export const rollbackRequested = optionalFactory('rollback.requested');
export type RollbackRequested = EventOf<'rollback.requested'>;
export const rollbackCompleted = optionalFactory('rollback.completed');
export type RollbackCompleted = EventOf<'rollback.completed'>;
export const launchResumed = optionalFactory('launch.resumed');
export type LaunchResumed = EventOf<'launch.resumed'>;
export const launchAborted = optionalFactory('launch.aborted');
export type LaunchAborted = EventOf<'launch.aborted'>;
/** @example deadlineReached({ deadlineId: 'launch/t-0', at: '2025-02-01T10:00:00Z' }) */
export const deadlineReached = factory('deadline.reached');
export type DeadlineReached = EventOf<'deadline.reached'>;
export const planRevised = factory('plan.revised');
export type PlanRevised = EventOf<'plan.revised'>;
/** @example launchPaused({ reason: 'waiting for the payment provider' }) */
export const launchPaused = factory('launch.paused');
export type LaunchPaused = EventOf<'launch.paused'>;
/** @example stepSkipped({ stepId: 'deploy/canary', reason: 'no canary pool this time' }) */
export const stepSkipped = factory('step.skipped');
export type StepSkipped = EventOf<'step.skipped'>;
export const stepRetried = factory('step.retried');
export type StepRetried = EventOf<'step.retried'>;
/** @example gateApproved({ gateId: 'gate/go-no-go', reason: 'figures reviewed' }) */
export const gateApproved = factory('gate.approved');
export type GateApproved = EventOf<'gate.approved'>;
/** @example gateTimedOut({ gateId: 'gate/go-no-go', outcome: 'escalate', since: '2025-02-01T10:00:00Z', after: '4h' }) */
export const gateTimedOut = factory('gate.timedOut');
export type GateTimedOut = EventOf<'gate.timedOut'>;

/** The name of an event type's factory: `item.checked` → `itemChecked`. */
export type FactoryName<K extends string> = K extends `${infer Head}.${infer Rest}`
  ? `${Head}${Capitalize<FactoryName<Rest>>}`
  : K;

/** The factory names of event types missing from a module's exports (never when none is). */
export type MissingFactories<Exports> = Exclude<FactoryName<LaunchEventType>, keyof Exports>;

/** Compiles only when `Missing` is never: an error names the missing factories. */
export type NoneMissing<Missing extends never> = Missing;

// A new event type of the registry does not compile until its factory is written here.
type _EveryFactoryHere = NoneMissing<MissingFactories<typeof import('./factories.ts')>>;
